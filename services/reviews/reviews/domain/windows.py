"""The review window of a completed order (V2, V4): plain Python, no framework.

It opens at completion and ends 10 days later. Nobody reviews after its end, measured
on the platform clock; the scheduler's deadline at its end closes it, which publishes
a buyer's review the seller has not answered (double-blind, V4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reviews.domain.policies import POLICIES, ReviewPolicies


@dataclass(eq=False)
class ReviewWindow:
    order_id: str
    buyer_id: str
    seller_id: str
    completed_at: datetime
    ends_at: datetime
    closed_at: datetime | None = None

    @classmethod
    def opened(
        cls,
        order_id: str,
        buyer_id: str,
        seller_id: str,
        completed_at: datetime,
        policies: ReviewPolicies = POLICIES,
    ) -> ReviewWindow:
        return cls(
            order_id=order_id,
            buyer_id=buyer_id,
            seller_id=seller_id,
            completed_at=completed_at,
            ends_at=completed_at + policies.review_window,
        )

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.ends_at

    def close(self, now: datetime) -> bool:
        """The deadline fired; False if it was closed already (S3)."""
        if self.closed_at is not None:
            return False
        self.closed_at = now
        return True
