"""Buyer requests (R1-R5): plain Python, no framework."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from microtache.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from microtache.money import Money

from buyer_requests.contract.bounds import (
    ACTIVE,
    DELETED,
    EXPIRED,
    NOT_APPROVED,
    ORDERED,
    PAUSED,
    PENDING,
    REQUEST_DELIVERY_DAYS as DELIVERY_DAYS,
    REQUEST_MAX_ATTACHMENT as MAX_ATTACHMENT,
    REQUEST_STATUSES as STATUSES,
)
from buyer_requests.domain.offers import check_budget
from buyer_requests.domain.sellers import Seller

APPROVED = (ACTIVE, PAUSED)  # what a boost and the expiry deadline apply to (R4, R5)
INACTIVITY = timedelta(days=14)  # R5: no new offer and no boost for this long: expired
MAX_OFFERS = 5  # R6: offers a request receives, then it takes no more
EXPIRY_SLACK = timedelta(seconds=1)  # a deadline's time may come back rounded


@dataclass(eq=False)
class BuyerRequest:
    buyer_id: str
    description: str
    category: str
    subcategory: str
    delivery_days: int
    budget: Money
    created_at: datetime  # R4: a boost sets it to the boost time
    criteria: dict[str, str] = field(default_factory=dict)
    attachment: dict[str, Any] | None = None  # an Upload.file(), or {key, ...} from before uploads
    status: str = PENDING
    boosted: bool = False
    rejection_reason: str | None = None
    expires_at: datetime | None = None  # R5: last activity + 14 days, once approved
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def owned_by(self, buyer_id: str) -> None:
        if self.buyer_id != buyer_id:
            raise Forbidden("This is another buyer's request.", {"request_id": self.id})

    def open_to(self, seller: Seller | None, declined: bool) -> bool:
        """R4, R6: a seller sees an active request of their active gigs' subcategories,
        not their own, unless they declined it (for good). Whether it still takes an
        offer from them (five received, one of theirs) is for `check_takes_offers`."""
        return (
            self.status == ACTIVE
            and seller is not None
            and seller.user_id != self.buyer_id
            and seller.works_in(self.subcategory)
            and not declined
        )

    def _require(self, statuses: tuple[str, ...], action: str) -> None:
        if self.status not in statuses:
            raise Conflict(
                f"A request that is {self.status} cannot be {action}.",
                {"request_id": self.id, "status": self.status},
            )

    def approve(self, now: datetime) -> None:
        """R2: an admin approves; from now on, 14 days without activity expire it (R5)."""
        self._require((PENDING,), "approved")
        self.status = ACTIVE
        self.touch(now)

    def reject(self, reason: str) -> None:
        """R2: not approved, with a reason the buyer is sent."""
        self._require((PENDING,), "rejected")
        self.status, self.rejection_reason = NOT_APPROVED, reason

    def pause(self) -> None:
        """R4: hidden from sellers and taking no offers until resumed."""
        self._require((ACTIVE,), "paused")
        self.status = PAUSED

    def resume(self) -> None:
        self._require((PAUSED,), "resumed")
        self.status = ACTIVE

    def boost(self, now: datetime) -> None:
        """R4: once per approved request; it goes to the top of sellers' lists (its date
        becomes the boost time) and is marked boosted. A boost is activity (R5)."""
        self._require(APPROVED, "boosted")
        if self.boosted:
            raise Conflict("A request is boosted only once.", {"request_id": self.id})
        self.boosted, self.created_at = True, now
        self.touch(now)

    def delete(self) -> None:
        """R3, R4: never edited, only deleted."""
        self._require(tuple(s for s in STATUSES if s != DELETED), "deleted")
        self.status = DELETED

    def touch(self, now: datetime) -> None:
        """R5: new activity (approval, a new offer, a boost) restarts the 14 days."""
        self.expires_at = now + INACTIVITY

    def expire(self, now: datetime) -> bool:
        """R5: the expiry deadline came; it applies only if nothing happened since it was
        set (a later activity moved `expires_at`) and the request is still approved (S3)."""
        if (
            self.status in APPROVED
            and self.expires_at is not None
            and now + EXPIRY_SLACK >= self.expires_at
        ):
            self.status = EXPIRED
            return True
        return False

    def check_takes_offers(self, offers_received: int) -> None:
        """R4, R6: active only, and at most 5 offers received (removing one from the
        list does not make room: the request stopped taking offers)."""
        if self.status != ACTIVE:
            raise Conflict(
                f"This request is {self.status}: it takes no offers.",
                {"request_id": self.id, "status": self.status},
            )
        if offers_received >= MAX_OFFERS:
            raise Conflict(
                f"This request already has {MAX_OFFERS} offers (R6).",
                {"request_id": self.id, "offers": offers_received},
            )

    def offer_ordered(self) -> bool:
        """An offer was ordered: the request has found its seller (product)."""
        if self.status in APPROVED:
            self.status = ORDERED
            return True
        return False

    def check_orderable(self) -> None:
        """Offers of an approved or already ordered request can be ordered; not those of a
        deleted or expired one."""
        if self.status not in (*APPROVED, ORDERED):
            raise Conflict(
                f"This request is {self.status}: its offers cannot be ordered.",
                {"request_id": self.id, "status": self.status},
            )


def check_new_request(
    delivery_days: int, attachment_size: int | None = None, budget: Money | None = None
) -> None:
    """R1: the delivery time, the budget, and the attachment's declared size (checked
    before storing)."""
    check_budget(budget)
    if not DELIVERY_DAYS[0] <= delivery_days <= DELIVERY_DAYS[1]:
        raise InvalidInput(
            "The request is not valid.",
            {
                "delivery_days": [
                    f"24 hours (1), 3, 7, or any whole number of days from {DELIVERY_DAYS[0]} "
                    f"to {DELIVERY_DAYS[1]} (R1)."
                ]
            },
        )
    if attachment_size is not None and attachment_size > MAX_ATTACHMENT:
        raise RuleViolation(
            "An attachment is at most 30 MB (R1).",
            {"attachment": {"size": attachment_size, "max": MAX_ATTACHMENT}},
        )


OWNER, SELLER = "owner", "seller"  # who reads a request: all of it, or what sellers see


def reader_of(
    request: BuyerRequest, caller: dict[str, Any], seller: Seller | None, declined: bool
) -> str | None:
    """Who may read one request (A2, R2, R6): its buyer and an admin all of it (OWNER), a
    seller it is open to what sellers see (SELLER); nobody else (None: as unknown)."""
    if request.buyer_id == caller["id"] or caller.get("role") == "admin":
        return OWNER
    if request.open_to(seller, declined):
        return SELLER
    return None


def require_admin(caller: dict[str, Any] | None) -> None:
    """R2: only an admin approves or rejects requests (A1)."""
    if (caller or {}).get("role") != "admin":
        raise Forbidden("Only an admin reviews requests.")
