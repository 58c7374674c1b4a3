"""What orders keeps of the catalog's gigs (from `gig_*` events), to price an order
without asking the catalog each time (O1). A gig it has not heard of yet is
asked of the catalog over RPC."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(eq=False)
class GigCopy:
    id: str
    seller_id: str
    seller_username: str
    title: str
    status: str
    ships_physical_item: bool
    updated_at: datetime  # the `occurred_at` of the event that wrote it
    packages: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, facts: dict[str, Any], occurred_at: datetime) -> bool:
        """A newer fact replaces the copy; an older one (events may cross) changes nothing."""
        if occurred_at < self.updated_at:
            return False
        for name in ("seller_id", "title", "status", "ships_physical_item", "packages", "extras"):
            if name in facts:
                setattr(self, name, facts[name])
        self.seller_username = facts.get("seller_username", self.seller_username)
        self.updated_at = occurred_at
        return True

    def as_gig(self) -> dict[str, Any]:
        """The gig as placement reads it: the shape of the catalog's `GigTerms` (what
        orders loads of a `get_gig` reply), prices as the events sent them."""
        return {
            "id": self.id,
            "seller_id": self.seller_id,
            "seller": self.seller_username,
            "title": self.title,
            "status": self.status,
            "packages": self.packages,
            "extras": self.extras,
            "ships_physical_item": self.ships_physical_item,
        }
