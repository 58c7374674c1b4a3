"""Asking the scheduler for deadlines from inside a unit of work (S1).

The request is an event written to the outbox in the same transaction as the
change that needs the deadline, so the two never part: an order that starts
always has its due-time deadline, and one that is cancelled never keeps it.

    request_deadline(uow, f"orders:{order.id}:due", order.due_at, "order_fell_due",
                     {"order_id": order.id})

When it falls due, the scheduler publishes `order_fell_due` (source
`scheduler`) with the payload plus `key` and `due_at`; handle it with
`@handles("scheduler", "order_fell_due")` and `Store.handle_once`, and ignore
it if the order has moved on (S3). The two events' schemas are the shared kit's
(`microtache.contract.DeadlineRequested`, `DeadlineCancelled`): every service's
contract publishes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from microtache.contract import DEADLINE_CANCELLED, DEADLINE_REQUESTED

if TYPE_CHECKING:
    from microtache.database import UnitOfWork

__all__ = ["DEADLINE_CANCELLED", "DEADLINE_REQUESTED", "cancel_deadline", "request_deadline"]


def request_deadline(
    uow: UnitOfWork,
    key: str,
    due_at: datetime,
    event_type: str,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Schedule, or move, the deadline named `key` (the same key replaces it)."""
    return uow.publish(
        DEADLINE_REQUESTED,
        {"key": key, "due": due_at, "fires": event_type, "payload": payload or {}},
    )


def cancel_deadline(uow: UnitOfWork, key: str) -> dict[str, Any]:
    """Forget the deadline named `key`, if it has not fired yet."""
    return uow.publish(DEADLINE_CANCELLED, {"key": key})
