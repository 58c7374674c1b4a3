"""A seller's rating (V6): the average of the buyers' public reviews, with their count.

Kept as integer sums, so adding and taking away a review never drifts: the rating is
the sum of every counted review's three scores over three times their count.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class Scored(Protocol):
    """A counted review: its three stars added up (reviews.domain.reviews.Review)."""

    @property
    def score_total(self) -> int: ...


@dataclass(eq=False)
class SellerRating:
    seller_id: str
    review_count: int = 0
    score_total: int = 0
    updated_at: datetime | None = None

    @property
    def rating(self) -> float | None:
        """1 to 5 with two decimals, or None before the first counted review."""
        if not self.review_count:
            return None
        return round(self.score_total / (3 * self.review_count), 2)

    def add(self, review: Scored, now: datetime) -> None:
        self.review_count += 1
        self.score_total += review.score_total
        self.updated_at = now

    def take_away(self, review: Scored, now: datetime) -> None:
        """V7: a removed review leaves the rating."""
        self.review_count -= 1
        self.score_total -= review.score_total
        self.updated_at = now

    def to_dict(self) -> dict[str, Any]:
        return {
            "seller_id": self.seller_id,
            "rating": self.rating,
            "review_count": self.review_count,
        }
