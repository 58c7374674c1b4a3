"""Sellers' offers on buyer requests (R6, R7), and the terms every offer carries
(request offers and custom offers alike): plain Python, no framework."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Conflict, InvalidInput
from microtache.money import Money

from buyer_requests.contract.bounds import (
    MAX_BUDGET,
    MAX_REVISIONS,
    OFFER_DELIVERY_DAYS as DELIVERY_DAYS,
    PRICE,
)

SENT = "sent"  # in the buyer's list, orderable
REMOVED = "removed"  # the buyer took it off the list (R7); it frees its place (R6)
ORDERED = "ordered"  # the buyer ordered it (R7)


def check_budget(budget: Money | None, what: str = "request") -> None:
    """R1, Q1 (product): a budget is positive and at most $10,000, the most an offer asks."""
    if budget is not None and not 0 < budget.amount <= MAX_BUDGET:
        raise InvalidInput(
            f"The {what} is not valid.", {"budget": [f"Between 1 and {MAX_BUDGET} cents."]}
        )


def check_terms(price: Money, delivery_days: int, revisions: int) -> None:
    """The bounds of an offer's terms: price, delivery days, revisions."""
    problems: dict[str, list[str]] = {}
    if not PRICE[0] <= price.amount <= PRICE[1]:
        problems["price"] = [f"Between {PRICE[0]} and {PRICE[1]} cents."]
    if not DELIVERY_DAYS[0] <= delivery_days <= DELIVERY_DAYS[1]:
        problems["delivery_days"] = [f"Between {DELIVERY_DAYS[0]} and {DELIVERY_DAYS[1]} days."]
    if not 0 <= revisions <= MAX_REVISIONS:
        problems["revisions"] = [f"Between 0 and {MAX_REVISIONS}."]
    if problems:
        raise InvalidInput("The offer is not valid.", problems)


@dataclass(eq=False)
class Offer:
    """A seller's answer to a buyer request (R6)."""

    request_id: str
    seller_id: str
    price: Money
    delivery_days: int
    revisions: int
    description: str
    created_at: datetime
    status: str = SENT
    order_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def remove(self) -> None:
        """R7: off the buyer's list, for good; another seller may take its place (R6)."""
        if self.status != SENT:
            raise Conflict(
                f"This offer is {self.status}.", {"offer_id": self.id, "status": self.status}
            )
        self.status = REMOVED

    def check_orderable(self) -> None:
        if self.status != SENT:
            raise Conflict(
                f"This offer is {self.status}: it cannot be ordered.",
                {"offer_id": self.id, "status": self.status},
            )

    def ordered(self, order_id: str) -> None:
        self.status, self.order_id = ORDERED, order_id


def sort_offers(views: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """R7: `views` are dicts with the offer's `price`, `delivery_days`, `created_at` and the
    seller's `seller_rating` and `seller_review_count`; the best first, then the newest."""
    newest_first = sorted(views, key=lambda v: (v["created_at"], v["id"]), reverse=True)
    keys: dict[str, Callable[[dict[str, Any]], Any]] = {
        "date": lambda v: 0,
        "price": lambda v: v["price"].amount,
        "delivery_time": lambda v: v["delivery_days"],
        "rating": lambda v: (
            v["seller_rating"] is None,
            -(v["seller_rating"] or 0),
            -v["seller_review_count"],
        ),
        "reviews": lambda v: -v["seller_review_count"],
    }
    return sorted(newest_first, key=keys[sort])  # stable: ties stay newest first
