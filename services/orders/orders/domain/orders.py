"""Orders (O1-O15): plain Python, no framework."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from microtache.money import Money

# The statuses of RULES.md, "Orders".
INCOMPLETE = "incomplete"          # awaiting the buyer's requirements (O1)
IN_PROGRESS = "in_progress"        # started; due at start + delivery days (O2)
DELIVERED = "delivered"            # O3
IN_REVISION = "in_revision"        # O5
LATE = "late"                      # past due (O8)
VERY_LATE = "very_late"            # 24 hours past due (O8)
IN_DISPUTE = "in_dispute"          # a mutual-cancellation request is open (O9)
COMPLETED = "completed"            # final (O10)
CANCELLED = "cancelled"            # final (O12)

STATUSES = (INCOMPLETE, IN_PROGRESS, DELIVERED, IN_REVISION, LATE, VERY_LATE, IN_DISPUTE,
            COMPLETED, CANCELLED)
FINAL = (COMPLETED, CANCELLED)     # O10, O12: never active again


@dataclass(eq=False)
class Order:
    buyer_id: str
    seller_id: str
    gig_id: str
    price: Money                   # paid in full when placed (O1, P2)
    created_at: datetime
    status: str = INCOMPLETE
    due_at: datetime | None = None         # set when the order starts (O2)
    completed_at: datetime | None = None   # O10; bounds O11 and V2
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def is_final(self):
        return self.status in FINAL
