"""Reviews (V1-V8): plain Python, no framework."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime

STARS = (1, 5)   # V1: each score is 1 to 5 stars


@dataclass(eq=False)
class Review:
    """A buyer's review of a seller (V1), or a seller's of a buyer (V4): the scores
    are the buyer's (communication, service as described, recommend) and `rating`
    their average, which feeds the seller's rating (V6)."""
    order_id: str
    author_id: str
    seller_id: str
    text: str
    created_at: datetime
    communication: int | None = None
    service_as_described: int | None = None
    recommend: int | None = None
    rating: float | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
