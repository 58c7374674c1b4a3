"""Buyer requests (R1-R5): plain Python, no framework."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from microtache.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from microtache.money import Money
from microtache.storage import MB

from buyer_requests.domain.offers import check_budget

PENDING = "pending"              # awaiting an admin (R2)
ACTIVE = "active"                # approved, visible to sellers (R2)
NOT_APPROVED = "not_approved"    # rejected by an admin, with a reason (R2)
PAUSED = "paused"                # hidden by the buyer, may resume (R4)
EXPIRED = "expired"              # 14 days without activity (R5)
DELETED = "deleted"              # removed by the buyer (R3, R4)
ORDERED = "ordered"              # one of its offers was ordered: the buyer found a seller,
                                 # it leaves sellers' lists and takes no more offers (product)

STATUSES = (PENDING, ACTIVE, NOT_APPROVED, PAUSED, EXPIRED, DELETED, ORDERED)
APPROVED = (ACTIVE, PAUSED)      # what a boost and the expiry deadline apply to (R4, R5)
DELIVERY_DAYS = (1, 30)          # R1: 24 hours is 1 day; any whole number of days up to 30
MAX_ATTACHMENT = 30 * MB         # R1
MAX_DESCRIPTION = 2500           # product
INACTIVITY = timedelta(days=14)  # R5: no new offer and no boost for this long: expired
MAX_OFFERS = 5                   # R6: offers a request receives, then it takes no more
EXPIRY_SLACK = timedelta(seconds=1)  # a deadline's time may come back rounded


@dataclass(eq=False)
class BuyerRequest:
    buyer_id: str
    description: str
    category: str
    subcategory: str
    delivery_days: int
    budget: Money
    created_at: datetime         # R4: a boost sets it to the boost time
    criteria: dict = field(default_factory=dict)
    attachment: dict | None = None         # microtache.storage.StoredFile.to_dict()
    status: str = PENDING
    boosted: bool = False
    rejection_reason: str | None = None
    expires_at: datetime | None = None     # R5: last activity + 14 days, once approved
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def owned_by(self, buyer_id):
        if self.buyer_id != buyer_id:
            raise Forbidden("This is another buyer's request.", {"request_id": self.id})

    def _require(self, statuses, action):
        if self.status not in statuses:
            raise Conflict(f"A request that is {self.status} cannot be {action}.",
                           {"request_id": self.id, "status": self.status})

    def approve(self, now):
        """R2: an admin approves; from now on, 14 days without activity expire it (R5)."""
        self._require((PENDING,), "approved")
        self.status = ACTIVE
        self.touch(now)

    def reject(self, reason):
        """R2: not approved, with a reason the buyer is sent."""
        self._require((PENDING,), "rejected")
        self.status, self.rejection_reason = NOT_APPROVED, reason

    def pause(self):
        """R4: hidden from sellers and taking no offers until resumed."""
        self._require((ACTIVE,), "paused")
        self.status = PAUSED

    def resume(self):
        self._require((PAUSED,), "resumed")
        self.status = ACTIVE

    def boost(self, now):
        """R4: once per approved request; it goes to the top of sellers' lists (its date
        becomes the boost time) and is marked boosted. A boost is activity (R5)."""
        self._require(APPROVED, "boosted")
        if self.boosted:
            raise Conflict("A request is boosted only once.", {"request_id": self.id})
        self.boosted, self.created_at = True, now
        self.touch(now)

    def delete(self):
        """R3, R4: never edited, only deleted."""
        self._require(tuple(s for s in STATUSES if s != DELETED), "deleted")
        self.status = DELETED

    def touch(self, now):
        """R5: new activity (approval, a new offer, a boost) restarts the 14 days."""
        self.expires_at = now + INACTIVITY

    def expire(self, now):
        """R5: the expiry deadline came; it applies only if nothing happened since it was
        set (a later activity moved `expires_at`) and the request is still approved (S3)."""
        if (self.status in APPROVED and self.expires_at is not None
                and now + EXPIRY_SLACK >= self.expires_at):
            self.status = EXPIRED
            return True
        return False

    def check_takes_offers(self, offers_received):
        """R4, R6: active only, and at most 5 offers received (removing one from the
        list does not make room: the request stopped taking offers)."""
        if self.status != ACTIVE:
            raise Conflict(f"This request is {self.status}: it takes no offers.",
                           {"request_id": self.id, "status": self.status})
        if offers_received >= MAX_OFFERS:
            raise Conflict(f"This request already has {MAX_OFFERS} offers (R6).",
                           {"request_id": self.id, "offers": offers_received})

    def offer_ordered(self):
        """An offer was ordered: the request has found its seller (product)."""
        if self.status in APPROVED:
            self.status = ORDERED
            return True
        return False

    def check_orderable(self):
        """Offers of an approved or already ordered request can be ordered; not those of a
        deleted or expired one."""
        if self.status not in (*APPROVED, ORDERED):
            raise Conflict(f"This request is {self.status}: its offers cannot be ordered.",
                           {"request_id": self.id, "status": self.status})


def check_new_request(delivery_days, attachment_size=None, budget=None):
    """R1: the delivery time, the budget, and the attachment's declared size (checked
    before storing)."""
    check_budget(budget)
    if not DELIVERY_DAYS[0] <= delivery_days <= DELIVERY_DAYS[1]:
        raise InvalidInput("The request is not valid.", {"delivery_days": [
            f"24 hours (1), 3, 7, or any whole number of days from {DELIVERY_DAYS[0]} "
            f"to {DELIVERY_DAYS[1]} (R1)."]})
    if attachment_size is not None and attachment_size > MAX_ATTACHMENT:
        raise RuleViolation("An attachment is at most 30 MB (R1).",
                            {"attachment": {"size": attachment_size, "max": MAX_ATTACHMENT}})


def require_admin(caller):
    """R2: only an admin approves or rejects requests (A1)."""
    if (caller or {}).get("role") != "admin":
        raise Forbidden("Only an admin reviews requests.")
