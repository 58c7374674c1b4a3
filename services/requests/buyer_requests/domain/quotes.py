"""Quote requests and custom offers (Q1-Q3): plain Python, no framework."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from microtache.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from microtache.money import Money

from buyer_requests.contract.bounds import (
    CUSTOM_OFFER_EXPIRY_DAYS as EXPIRY_DAYS,
    QUOTE_DELIVERY_DAYS as DELIVERY_DAYS,
    QUOTE_MAX_ATTACHMENT as MAX_ATTACHMENT,
    QUOTE_MAX_ATTACHMENTS as MAX_ATTACHMENTS,
)
from buyer_requests.domain.offers import check_budget, check_terms
from buyer_requests.domain.sellers import Seller

SENT = "sent"  # awaiting the buyer
DECLINED = "declined"  # Q2: the buyer said no
WITHDRAWN = "withdrawn"  # the seller sent a newer offer for the same quote request
ORDERED = "ordered"  # Q2: the buyer ordered it
EXPIRED = "expired"  # derived: sent, and its expiry has passed

OPEN = "open"  # a quote request no offer answered yet


@dataclass(eq=False)
class CustomOffer:
    """A seller's answer to a quote request (Q2)."""

    quote_request_id: str
    seller_id: str
    buyer_id: str
    price: Money
    delivery_days: int
    revisions: int
    description: str
    created_at: datetime
    expires_at: datetime | None = None
    status: str = SENT
    order_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def status_at(self, now: datetime) -> str:
        if self.status == SENT and self.expires_at is not None and now >= self.expires_at:
            return EXPIRED
        return self.status

    def _require_sent(self, now: datetime, action: str) -> None:
        status = self.status_at(now)
        if status != SENT:
            raise Conflict(
                f"This custom offer is {status}: it cannot be {action}.",
                {"offer_id": self.id, "status": status},
            )

    def decline(self, buyer_id: str, now: datetime) -> None:
        """Q2: the buyer declines it."""
        self.for_buyer(buyer_id)
        self._require_sent(now, "declined")
        self.status = DECLINED

    def check_orderable(self, now: datetime) -> None:
        self._require_sent(now, "ordered")

    def for_buyer(self, buyer_id: str) -> None:
        if self.buyer_id != buyer_id:
            raise Forbidden("This custom offer is for another buyer.", {"offer_id": self.id})

    def ordered(self, order_id: str) -> None:
        self.status, self.order_id = ORDERED, order_id


@dataclass(eq=False)
class QuoteRequest:
    """A buyer asks one seller for a quote from the seller's profile (Q1)."""

    buyer_id: str
    seller_id: str
    description: str
    category: str
    subcategory: str
    delivery_days: int
    created_at: datetime
    criteria: dict[str, str] = field(default_factory=dict)
    budget_amount: int | None = None  # Q1: the budget is optional
    budget_currency: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)  # Upload.file() each
    custom_offers: list[CustomOffer] = field(default_factory=list)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def budget(self) -> Money | None:
        if self.budget_amount is None:
            return None
        return Money(self.budget_amount, self.budget_currency or "USD")

    def read_by(self, user_id: str) -> bool:
        """Q1, Q3: a quote request is its buyer's and its seller's, nobody else's (A2)."""
        return user_id in (self.buyer_id, self.seller_id)

    def status_at(self, now: datetime) -> str:
        """`open` until answered, then the status of its latest custom offer."""
        if not self.custom_offers:
            return OPEN
        return max(self.custom_offers, key=lambda o: o.created_at).status_at(now)

    def answer(self, seller: Seller | None, terms: dict[str, Any], now: datetime) -> CustomOffer:
        """Q2, Q3: only the seller asked answers, with a custom offer; a newer offer
        withdraws the one still awaiting the buyer. C10: only with an active gig."""
        if seller is None or seller.user_id != self.seller_id:
            raise Forbidden(
                "Only the seller asked for this quote answers it (Q3).",
                {"quote_request_id": self.id},
            )
        seller.require_active_gig()
        check_terms(terms["price"], terms["delivery_days"], terms["revisions"])
        days = terms.get("expires_in_days")
        if days is not None and not EXPIRY_DAYS[0] <= days <= EXPIRY_DAYS[1]:
            raise InvalidInput(
                "The offer is not valid.",
                {"expires_in_days": [f"Between {EXPIRY_DAYS[0]} and {EXPIRY_DAYS[1]} days."]},
            )
        for earlier in self.custom_offers:
            if earlier.status_at(now) == SENT:
                earlier.status = WITHDRAWN
        offer = CustomOffer(
            quote_request_id=self.id,
            seller_id=self.seller_id,
            buyer_id=self.buyer_id,
            price=terms["price"],
            delivery_days=terms["delivery_days"],
            revisions=terms["revisions"],
            description=terms["description"],
            created_at=now,
            expires_at=now + timedelta(days=days) if days else None,
        )
        self.custom_offers.append(offer)
        return offer


def check_quote_request(
    delivery_days: int, attachment_sizes: list[int], budget: Money | None = None
) -> None:
    """Q1: the wished delivery time; the optional budget; each attachment at most 1 GB
    (declared size, checked before storing)."""
    check_budget(budget, "quote request")
    if not DELIVERY_DAYS[0] <= delivery_days <= DELIVERY_DAYS[1]:
        raise InvalidInput(
            "The quote request is not valid.",
            {"delivery_days": [f"Between {DELIVERY_DAYS[0]} and {DELIVERY_DAYS[1]} days."]},
        )
    if len(attachment_sizes) > MAX_ATTACHMENTS:
        raise RuleViolation(
            f"At most {MAX_ATTACHMENTS} attachments.", {"attachments": len(attachment_sizes)}
        )
    too_big = [size for size in attachment_sizes if size > MAX_ATTACHMENT]
    if too_big:
        raise RuleViolation(
            "Each attachment is at most 1 GB (Q1).",
            {"attachments": {"sizes": too_big, "max": MAX_ATTACHMENT}},
        )


def check_seller_takes_quotes(seller: Seller, buyer_id: str) -> None:
    """Q1: refused when the seller turned quotes off or is away; C10: or has no active gig."""
    if seller.user_id == buyer_id:
        raise Conflict("You cannot ask yourself for a quote.")
    if not seller.accepts_quotes:
        raise Conflict(
            "This seller does not take quote requests (Q1).", {"seller": seller.username}
        )
    if seller.on_vacation:
        raise Conflict(
            "This seller is away and takes no quote requests now.", {"seller": seller.username}
        )
    seller.require_active_gig()
