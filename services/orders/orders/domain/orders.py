"""An order and what happens on it (O1-O15): plain Python, no framework.

The order's status only changes through `lifecycle.perform`, which reads the
table of transitions; this module holds the data and the facts each action
records (timeline entries, deliveries, extension and cancellation requests).
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from microtache.money import Money

# The statuses, who acts and the answers to a request are the contract's (one table).
from orders.contract.statuses import (  # noqa: F401  (re-exported for the domain)
    ACCEPTED,
    ACTIVE,
    ADMIN,
    BUYER,
    CANCELLED,
    COMPLETED,
    DECLINED,
    DELIVERED,
    FINAL,
    IN_DISPUTE,
    IN_PROGRESS,
    IN_REVISION,
    INCOMPLETE,
    LATE,
    OPEN,
    SELLER,
    STATUSES,
    SYSTEM,
    VERY_LATE,
    WITHDRAWN,
    WORKING,
)


def new_id() -> str:
    return str(uuid.uuid4())


class HasId(Protocol):
    id: str


R = TypeVar("R", bound=HasId)


@dataclass(eq=False)
class TimelineEntry:
    """O14: who did what, when, and the status it left."""

    at: datetime
    actor: str  # buyer, seller, admin or system
    action: str
    status: str
    note: str | None = None
    position: int = 0  # the order of entries made in the same instant
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Delivery:
    """O3: a message and files; a draft is kept until the seller sends it."""

    message: str
    files: list[dict[str, Any]]  # [{key, name, content_type, size, sha256}]
    created_at: datetime
    draft: bool = False
    sent_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class ExtensionRequest:
    """O6: the seller asks for `days` more; the buyer answers within 48 hours."""

    days: int
    message: str
    created_at: datetime
    answer_by: datetime
    state: str = OPEN
    answered_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class CancellationRequest:
    """O9: a mutual-cancellation request in the resolution center."""

    opened_by: str  # buyer or seller
    reason: str
    explanation: str
    created_at: datetime
    answer_by: datetime
    status_before: str  # where the order goes back to if it is not accepted
    state: str = OPEN
    answered_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class ExtraOffer:
    """O7: the seller offers extras (more work, more days) at a price; the buyer
    pays to accept. Extras with no price are added by the seller at once."""

    description: str
    price_amount: int
    price_currency: str
    days: int
    created_at: datetime
    state: str = OPEN
    answered_at: datetime | None = None
    id: str = field(default_factory=new_id)

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.price_currency)


@dataclass(eq=False)
class Order:
    buyer_id: str
    seller_id: str
    buyer_username: str
    seller_username: str
    title: str
    price: Money  # paid in full when placed (O1, P2)
    delivery_days: int  # package (or offer) plus extras
    revisions_included: int  # O5: bounded by the package or offer
    created_at: datetime
    source_kind: str = "gig"  # gig, custom_offer or request_offer (O1)
    source_id: str | None = None
    gig_id: str | None = None
    package: str | None = None  # basic, standard, premium
    extras: list[dict[str, Any]] = field(default_factory=list)  # [{name, price, days}]
    ships_physical_item: bool = False
    status: str = INCOMPLETE
    requirements: str | None = None
    started_at: datetime | None = None
    due_at: datetime | None = None  # set when the order starts (O2)
    first_delivered_at: datetime | None = None
    delivered_at: datetime | None = None  # the latest delivery sent
    review_ends_at: datetime | None = None  # O4: completes by itself then
    revisions_used: int = 0
    completed_at: datetime | None = None  # O10; bounds O11 and V2
    cancelled_at: datetime | None = None
    cancellation_reason: str | None = None
    earnings_amount: int | None = None  # O15: the seller's, once payments booked them
    earnings_currency: str | None = None
    buyer_starred: bool = False  # O13
    seller_starred: bool = False
    updated_at: datetime | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    extension_requests: list[ExtensionRequest] = field(default_factory=list)
    cancellation_requests: list[CancellationRequest] = field(default_factory=list)
    extra_offers: list[ExtraOffer] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @property
    def earnings(self) -> Money | None:
        if self.earnings_amount is None:
            return None
        return Money(self.earnings_amount, self.earnings_currency or "USD")

    @earnings.setter
    def earnings(self, money: Money) -> None:
        self.earnings_amount, self.earnings_currency = money.amount, money.currency

    def role_of(self, user_id: str) -> str | None:
        """buyer, seller, or None for anyone else (A2)."""
        if user_id == self.buyer_id:
            return BUYER
        if user_id == self.seller_id:
            return SELLER
        return None

    def open_extension(self) -> ExtensionRequest | None:
        return next((r for r in self.extension_requests if r.state == OPEN), None)

    def open_cancellation(self) -> CancellationRequest | None:
        return next((r for r in self.cancellation_requests if r.state == OPEN), None)

    def find(self, requests: list[R], request_id: str) -> R | None:
        return next((r for r in requests if r.id == request_id), None)

    def drafts(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.draft]

    @property
    def delivered_on_time(self) -> bool:
        """The first delivery came before the due time (on-time rate, C7)."""
        return (
            self.first_delivered_at is not None
            and self.due_at is not None
            and self.first_delivered_at <= self.due_at
        )

    @property
    def revisions_left(self) -> int:
        return max(0, self.revisions_included - self.revisions_used)

    def time_left(self, now: datetime) -> timedelta | None:
        """O15: time before the due time while the seller owes a delivery (negative when late)."""
        if self.due_at is None or self.status not in WORKING:
            return None
        return self.due_at - now

    def record(self, now: datetime, actor: str, action: str, note: str | None = None) -> None:
        self.timeline.append(
            TimelineEntry(
                at=now,
                actor=actor,
                action=action,
                status=self.status,
                note=note,
                position=len(self.timeline),
            )
        )
        self.updated_at = now
