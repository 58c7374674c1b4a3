"""Seller levels (C7): recomputed from a seller's figures whenever one changes.

New, Level One, Level Two and Top Rated follow from completed orders, earnings,
rating, on-time delivery, order completion and the account's age, with the
thresholds of one configuration object (`LEVELS`, product decisions in the
manner of Fiverr's). Pro is a vetted label an admin grants: never computed,
never taken away here.

A seller's figures are kept per order (`SellerOrder`), so that the order's
events may arrive in any order and a completed order that support cancels
later (O11) stops counting as completed; `SellerStats` holds the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from microtache.money import Money

from catalog.contract.sellers import LEVEL_ONE, LEVEL_TWO, NEW, PRO, TOP_RATED

LEVELS_IN_ORDER = (NEW, LEVEL_ONE, LEVEL_TWO, TOP_RATED)  # computed, lowest first
VETTED = (PRO,)  # granted, kept as they are
Contribution = tuple[int, int, int]  # an order's (completed, on time, cancelled)


@dataclass(frozen=True)
class Requirement:
    """What a seller needs to hold `level` (and every level below it)."""

    level: str
    completed_orders: int
    earnings: Money
    account_days: int
    min_rating: float = 4.7  # only once the seller has been rated
    min_on_time_rate: float = 0.90  # orders delivered on time / completed orders
    min_completion_rate: float = 0.90  # completed / (completed + cancelled)


@dataclass(frozen=True)
class LevelPolicy:
    requirements: tuple[Requirement, ...]  # lowest level first

    def requirement(self, level: str) -> Requirement | None:
        return next((r for r in self.requirements if r.level == level), None)


LEVELS = LevelPolicy(
    (
        Requirement(LEVEL_ONE, completed_orders=10, earnings=Money(40_000), account_days=60),
        Requirement(LEVEL_TWO, completed_orders=50, earnings=Money(200_000), account_days=120),
        Requirement(TOP_RATED, completed_orders=100, earnings=Money(2_000_000), account_days=180),
    )
)
"""C7's thresholds (product): $400 / $2,000 / $20,000 earned; 60 / 120 / 180 days."""


@dataclass(eq=False)
class SellerStats:
    """A seller's running totals: what the level is computed from, with the
    rating and review count kept on the account (fed by reviews, V6)."""

    seller_id: str
    completed_orders: int = 0
    on_time_orders: int = 0
    cancelled_orders: int = 0
    earnings_amount: int = 0  # minor units, USD: pending and cleared, less reversals
    level_review_at: datetime | None = None  # the age-only promotion asked of the scheduler
    rating_changed_at: datetime | None = None  # when the rating kept on the account was given

    @property
    def earnings(self) -> Money:
        return Money(max(self.earnings_amount, 0))

    @property
    def on_time_rate(self) -> float | None:
        """Completed orders delivered on time, as a fraction; None before the first."""
        if not self.completed_orders:
            return None
        return self.on_time_orders / self.completed_orders

    @property
    def completion_rate(self) -> float | None:
        finished = self.completed_orders + self.cancelled_orders
        return self.completed_orders / finished if finished else None

    def add_earnings(self, money: Money) -> None:
        """Earnings entering clearance (orders and tips); USD only, as the platform."""
        self.earnings_amount = (Money(self.earnings_amount) + money).amount

    def take_earnings(self, money: Money) -> None:
        """Earnings taken back (P5); the total may dip below zero until the matching
        earnings arrive, if the events cross, and counts as zero meanwhile."""
        self.earnings_amount = (Money(self.earnings_amount) - money).amount

    def count(self, before: Contribution, after: Contribution) -> None:
        """Replace one order's old contribution (completed, on time, cancelled) by its new one."""
        self.completed_orders += after[0] - before[0]
        self.on_time_orders += after[1] - before[1]
        self.cancelled_orders += after[2] - before[2]


@dataclass(eq=False)
class SellerOrder:
    """What the seller's figures keep of one order."""

    order_id: str
    seller_id: str
    completed_at: datetime | None = None
    delivered_on_time: bool | None = None
    cancelled_at: datetime | None = None

    def contribution(self) -> Contribution:
        """(completed, on time, cancelled): a cancellation wins, even after completion (O11)."""
        if self.cancelled_at is not None:
            return (0, 0, 1)
        if self.completed_at is not None:
            return (1, 1 if self.delivered_on_time else 0, 0)
        return (0, 0, 0)

    def complete(self, completed_at: datetime, delivered_on_time: bool | None) -> None:
        self.completed_at = completed_at
        self.delivered_on_time = bool(delivered_on_time)

    def cancel(self, cancelled_at: datetime) -> None:
        if self.cancelled_at is None:
            self.cancelled_at = cancelled_at


def _missing(
    requirement: Requirement,
    stats: SellerStats,
    rating: float | None,
    created_at: datetime,
    now: datetime,
) -> set[str]:
    """The names of the requirement's criteria the seller does not meet."""
    missing = set()
    if stats.completed_orders < requirement.completed_orders:
        missing.add("completed_orders")
    if stats.earnings.amount < requirement.earnings.amount:
        missing.add("earnings")
    if rating is not None and rating < requirement.min_rating:
        missing.add("rating")
    if stats.on_time_rate is None or stats.on_time_rate < requirement.min_on_time_rate:
        missing.add("on_time_rate")
    if (
        stats.completion_rate is not None
        and stats.completion_rate < requirement.min_completion_rate
    ):
        missing.add("completion_rate")
    if now - created_at < timedelta(days=requirement.account_days):
        missing.add("account_age")
    return missing


def computed_level(
    stats: SellerStats,
    rating: float | None,
    created_at: datetime,
    now: datetime,
    policy: LevelPolicy = LEVELS,
) -> str:
    """The highest level whose requirements, and those of every level below, are met."""
    level = NEW
    for requirement in policy.requirements:
        if _missing(requirement, stats, rating, created_at, now):
            break
        level = requirement.level
    return level


def seller_level(
    current_level: str,
    stats: SellerStats,
    rating: float | None,
    created_at: datetime,
    now: datetime,
    policy: LevelPolicy = LEVELS,
) -> str:
    """C7: the level a seller holds now; a vetted label (Pro) is kept as it is."""
    if current_level in VETTED:
        return current_level
    return computed_level(stats, rating, created_at, now, policy)


def next_review_at(
    current_level: str,
    stats: SellerStats,
    rating: float | None,
    created_at: datetime,
    now: datetime,
    policy: LevelPolicy = LEVELS,
) -> datetime | None:
    """When the account's age alone will lift the seller to the next level, if the
    other figures already qualify: the level must then be recomputed though no
    figure changed. None when the next level needs more than time."""
    if current_level in VETTED:
        return None
    for requirement in policy.requirements:
        missing = _missing(requirement, stats, rating, created_at, now)
        if missing:
            if missing == {"account_age"}:
                return created_at + timedelta(days=requirement.account_days)
            return None
    return None
