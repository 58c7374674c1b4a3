"""Reminders before orders' deadlines (N1): an order due tomorrow (the seller), an order
that completes by itself tomorrow (the buyer, O4).

Orders keeps its deadlines with the scheduler (S1) and asks for each in its outbox
(`deadline_requested`, key `orders:<order_id>:<name>`, payload `orders.contract.
OrderDeadline`); the inbox reads those requests and asks the scheduler, in turn, for a
reminder `LEAD` earlier (key `inbox:<order_id>:<name>`), moved when orders moves its
deadline and cancelled when orders cancels it. When the reminder fires, it is told
only if the inbox's copy of the deadline still falls due then (S3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from inbox.domain.kinds import DUE, REVIEW_PERIOD

LEAD = timedelta(days=1)  # product: the reminder comes a day before the deadline
REMINDED = (DUE, REVIEW_PERIOD)  # orders' deadlines (orders.contract STATUS_TABLE names)
ORDERS_PREFIX = "orders:"


def orders_deadline(key: str) -> tuple[str, str] | None:
    """(order id, deadline name) of an orders key the inbox reminds of, else None."""
    if not key.startswith(ORDERS_PREFIX):
        return None
    order_id, _, name = key[len(ORDERS_PREFIX) :].rpartition(":")
    return (order_id, name) if order_id and name in REMINDED else None


def reminder_key(order_id: str, name: str) -> str:
    return f"inbox:{order_id}:{name}"


def remind_at(due: datetime, asked_at: datetime) -> datetime | None:
    """When to remind of a deadline `due`, asked for at `asked_at`: `LEAD` before it, or
    never if that is not after the ask (a one-day order is not "due tomorrow" news)."""
    at = due - LEAD
    return at if at > asked_at else None


@dataclass
class OrderReminder:
    """The inbox's copy of one of orders' deadlines: `due` (None: cancelled), as of the
    latest request or cancellation orders published (`asked_at`): an older one, arriving
    late, never overrides it."""

    order_id: str
    name: str
    due: datetime | None
    asked_at: datetime

    def newer(self, asked_at: datetime) -> bool:
        return asked_at >= self.asked_at

    def still_due(self, due: datetime) -> bool:
        """S3: a fired reminder counts only if the deadline still falls due then."""
        return self.due is not None and self.due == due


@dataclass
class OrderParties:
    """Who buys and who sells an order, from orders' events: whom a reminder tells."""

    order_id: str
    buyer_id: str
    seller_id: str
