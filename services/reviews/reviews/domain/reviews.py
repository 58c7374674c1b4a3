"""Reviews (V1-V5): plain Python, no framework.

A buyer's review has three scores and a public text (V1); the seller's review of the
buyer has one rating and a text (V4). Neither is ever edited or deleted by its author
(V3): the class has no such method, and the database holds one per author and order.

Double-blind (V4): a buyer's review is `published` when the seller posts theirs or the
window closes; until then only its author (and admins) see it. Published and not
removed, it is public and counts in the seller's rating (V6).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Conflict, Forbidden

from reviews.contract.constants import HIDDEN, PUBLISHED, REMOVED
from reviews.domain.orders import (
    ADMIN,
    BUYER,
    CANCELLED,
    COMPLETED,
    DELIVERED,
    SELLER,
    OrderFacts,
)
from reviews.domain.windows import ReviewWindow

__all__ = [
    "HIDDEN",
    "PUBLISHED",
    "REMOVED",
    "PrivateFeedback",
    "Review",
    "check_buyer_review",
    "check_private_feedback",
    "check_seller_review",
    "party",
]


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False)
class Review:
    order_id: str
    author_role: str  # buyer or seller
    author_id: str
    author_username: str
    seller_id: str
    buyer_id: str
    text: str
    created_at: datetime
    communication: int | None = None
    service_as_described: int | None = None
    recommend: int | None = None
    rating: float | None = None
    work_sample: dict[str, Any] | None = None  # {key, name, content_type, size, sha256}
    published_at: datetime | None = None
    removed_at: datetime | None = None
    removed_by: str | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def by_buyer(
        cls,
        order: OrderFacts,
        given: Mapping[str, int],
        text: str,
        now: datetime,
        work_sample: dict[str, Any] | None = None,
    ) -> Review:
        """V1: three scores; the review's rating is their average."""
        scores = (given["communication"], given["service_as_described"], given["recommend"])
        return cls(
            order_id=order.id,
            author_role=BUYER,
            author_id=order.buyer_id,
            author_username=order.buyer_username,
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            text=text,
            created_at=now,
            communication=scores[0],
            service_as_described=scores[1],
            recommend=scores[2],
            rating=round(sum(scores) / 3, 2),
            work_sample=work_sample,
        )

    @classmethod
    def by_seller(cls, order: OrderFacts, rating: int, text: str, now: datetime) -> Review:
        """V4: the seller rates the buyer; the buyer sees it at once."""
        return cls(
            order_id=order.id,
            author_role=SELLER,
            author_id=order.seller_id,
            author_username=order.seller_username,
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            text=text,
            created_at=now,
            rating=float(rating),
            published_at=now,
        )

    @property
    def status(self) -> str:
        return REMOVED if self.removed_at else PUBLISHED if self.published_at else HIDDEN

    @property
    def score_total(self) -> int:
        """The three stars added up: what a buyer's review brings to the rating (V6)."""
        scores = (self.communication, self.service_as_described, self.recommend)
        return sum(score or 0 for score in scores)

    @property
    def counts(self) -> bool:
        """V6: in the seller's rating and on their public page."""
        return self.author_role == BUYER and self.status == PUBLISHED

    def publish(self, now: datetime) -> bool:
        """V4: the seller may see it; True if this made it public."""
        if self.published_at is not None or self.removed_at is not None:
            return False
        self.published_at = now
        return True

    def remove(self, admin_id: str, now: datetime) -> None:
        """V7: an admin takes it down; it leaves the rating."""
        if self.removed_at is not None:
            raise Conflict("This review was removed already.", {"review_id": self.id})
        self.removed_at, self.removed_by = now, admin_id

    def visible_to(self, role: str | None) -> bool:
        """Its author and admins see it always; the other party once published (V4)."""
        return role in (ADMIN, self.author_role) or self.status == PUBLISHED


@dataclass(eq=False)
class PrivateFeedback:
    """V5: the buyer's words for the platform, never shown to sellers or other buyers."""

    order_id: str
    buyer_id: str
    seller_id: str
    text: str
    created_at: datetime


# --- who may review, and when (V2-V5) ------------------------------------------------------


def party(order: OrderFacts, caller: Mapping[str, Any]) -> str:
    role = order.role_of(caller)
    if role not in (BUYER, SELLER):
        raise Forbidden(
            "Only the buyer and the seller of an order review it.", {"order_id": order.id}
        )
    return role


def check_buyer_review(
    order: OrderFacts, window: ReviewWindow | None, existing: Review | None, now: datetime
) -> None:
    """V2: a delivered order (the review completes it, O10), or one completed at most 10
    days ago; never a cancelled one. V3: once."""
    if existing is not None:
        raise Conflict("A review cannot be changed once posted (V3).", {"review_id": existing.id})
    if order.status == CANCELLED:
        raise Conflict("A cancelled order cannot be reviewed (V2).", {"status": order.status})
    if order.status == DELIVERED:
        return
    if order.status != COMPLETED:
        raise Conflict(
            "Only a delivered or completed order can be reviewed (V2).", {"status": order.status}
        )
    _window_open(window, now)


def check_seller_review(
    order: OrderFacts,
    window: ReviewWindow | None,
    buyer_review: Review | None,
    existing: Review | None,
    now: datetime,
) -> None:
    """V4: after the buyer's review, within the same window (V2); V3: once."""
    if existing is not None:
        raise Conflict("A review cannot be changed once posted (V3).", {"review_id": existing.id})
    if buyer_review is None:
        raise Conflict(
            "The seller reviews the buyer after the buyer's review (V4).", {"order_id": order.id}
        )
    if order.status != COMPLETED:
        raise Conflict(
            "Only a completed order can be reviewed by its seller (V2, V4).",
            {"status": order.status},
        )
    _window_open(window, now)


def _window_open(window: ReviewWindow | None, now: datetime) -> None:
    if window is None or not window.is_open(now):
        raise Conflict(
            "The review window closed 10 days after completion (V2).",
            {"ended_at": window.ends_at.isoformat() if window else None},
        )


def check_private_feedback(buyer_review: Review | None, existing: PrivateFeedback | None) -> None:
    """V5: after the public review, once."""
    if buyer_review is None:
        raise Conflict("Private feedback comes after the public review (V5).")
    if existing is not None:
        raise Conflict("Private feedback was left already (V5).")
