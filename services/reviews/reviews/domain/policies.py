"""The durations and bounds of reviews, invitations and tips, in one place
(docs/rules.md V1, V2, V4, V8, T1, T2). Those the contract states (stars, text, the
tip's ceiling) come from it."""

from dataclasses import dataclass
from datetime import timedelta

from reviews.contract.constants import MAX_TEXT, STARS, TIP_MAX
from reviews.contract.uploads import WORK_SAMPLE_USE


@dataclass(frozen=True)
class ReviewPolicies:
    stars: tuple[int, int] = STARS  # V1: each score, 1 to 5 stars
    review_window: timedelta = timedelta(days=10)  # V2, V4: from completion
    max_text: int = MAX_TEXT  # V1 (product): a review's public text
    max_work_sample_size: int = WORK_SAMPLE_USE.max_bytes  # V1 (product): 30 MB
    max_invitations: int = 20  # V8: invitations a seller holds at once
    reinvite_block: timedelta = timedelta(weeks=3)  # V8: after a withdrawal
    tip_window: timedelta = timedelta(days=7)  # T1: from completion
    tip_min: int = 500  # T2: at least $5...
    tip_small_order_under: int = 2_500  # ...for an order under $25...
    tip_small_order_max: int = 2_500  # ...at most $25, else at most its price
    tip_max: int = TIP_MAX  # ...itself at most $20,000 (product, as
    #                                                   payments' tip_max and order ceiling)
    # T1 (product): the three suggested tips, each a share of the order's price (basis
    # points) rounded to whole dollars, at least a floor (minor units), within T2's bounds
    tip_suggestions: tuple[tuple[int, int], ...] = ((1_000, 500), (1_500, 1_000), (2_000, 1_500))


POLICIES = ReviewPolicies()
