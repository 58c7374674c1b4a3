"""The reviews service: reviews, ratings and tips (V1-V8, T1-T3)."""
from microtache.database import Database
from microtache.service import ServiceProbes

from reviews.adapters.orm import metadata


class ReviewsService(ServiceProbes):
    name = "reviews"

    db = Database(metadata, "reviews.migrations")
