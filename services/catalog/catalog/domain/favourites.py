"""Favourites (C8): the heart a signed-in user puts on a gig."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False)
class Favourite:
    user_id: str
    gig_id: str
    created_at: datetime
    id: int | None = None
