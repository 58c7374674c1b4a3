"""What the requests service knows of sellers, kept from the catalog's and reviews' events:
whether they take quotes (Q1), their active gigs and the (sub)categories of those
(C10, R6), their level and rating (R7). Every account can sell."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Conflict

ACTIVE = "active"  # a gig's status in the catalog
ARCHIVED = "archived"  # final in the catalog: no later event revives it


def is_newer(at: datetime, previous: datetime | None) -> bool:
    """Events reach us in any order: a fact older than the one we hold changes nothing."""
    return previous is None or at >= previous


@dataclass(eq=False)
class SellerGig:
    gig_id: str
    seller_id: str
    category: str
    subcategory: str
    status: str
    updated_at: datetime

    def apply(self, facts: dict[str, Any], at: datetime) -> None:
        if self.status == ARCHIVED or not is_newer(at, self.updated_at):
            return
        self.category, self.subcategory = facts["category"], facts["subcategory"]
        self.status, self.updated_at = facts["status"], at

    def archive(self, at: datetime) -> None:
        self.status, self.updated_at = ARCHIVED, max(at, self.updated_at)


@dataclass(eq=False)
class Seller:
    user_id: str
    username: str | None = None
    accepts_quotes: bool = True
    on_vacation: bool = False
    level: str = "new"
    rating: float | None = None
    review_count: int = 0
    profile_at: datetime | None = None
    level_at: datetime | None = None
    rating_at: datetime | None = None
    gigs: list[SellerGig] = field(default_factory=list)

    @property
    def active_gigs(self) -> list[SellerGig]:
        return [gig for gig in self.gigs if gig.status == ACTIVE]

    @property
    def subcategories(self) -> list[str]:
        """R6: a seller sees the requests of the subcategories of their active gigs."""
        return sorted({gig.subcategory for gig in self.active_gigs})

    def require_active_gig(self) -> None:
        """C10: a seller with no active service sends no quotes and no offers."""
        if not self.active_gigs:
            raise Conflict(
                "A seller with no active service cannot send quotes or offers (C10).",
                {"seller": self.username},
            )

    def works_in(self, subcategory: str) -> bool:
        return subcategory in self.subcategories

    def update_profile(self, facts: dict[str, Any], at: datetime) -> None:
        if is_newer(at, self.profile_at):
            self.accepts_quotes, self.on_vacation = facts["accepts_quotes"], facts["on_vacation"]
            self.profile_at = at

    def change_level(self, level: str, at: datetime) -> None:
        if is_newer(at, self.level_at):
            self.level, self.level_at = level, at

    def rate(self, rating: float | None, review_count: int, at: datetime) -> None:
        if is_newer(at, self.rating_at):
            self.rating, self.review_count, self.rating_at = rating, review_count, at
