"""Buyer requests (R1-R7): plain Python, no framework."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from microtache.money import Money

PENDING = "pending"              # awaiting an admin (R2)
ACTIVE = "active"                # approved, visible to sellers (R2)
NOT_APPROVED = "not_approved"    # rejected by an admin, with a reason (R2)
PAUSED = "paused"                # hidden by the buyer, may resume (R4)
EXPIRED = "expired"              # 14 days without activity (R5)
DELETED = "deleted"              # removed by the buyer (R3, R4)

STATUSES = (PENDING, ACTIVE, NOT_APPROVED, PAUSED, EXPIRED, DELETED)
DELIVERY_DAYS = (1, 30)          # R1: 24 hours is 1 day; any whole number of days up to 30


@dataclass(eq=False)
class BuyerRequest:
    buyer_id: str
    description: str
    category: str
    subcategory: str
    delivery_days: int
    budget: Money
    created_at: datetime         # R4: a boost sets it to the boost time
    status: str = PENDING
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
