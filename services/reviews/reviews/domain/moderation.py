"""Reports on reviews and their resolution by an admin (V7): plain Python."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from microtache.errors import Conflict

from reviews.contract.constants import (
    ACTIONS,
    DISMISS,
    DISMISSED,
    OPEN,
    REASONS,
    REMOVE_REVIEW,
    REMOVED_BY_REPORT,
    RESOLVED,
)

__all__ = [
    "ACTIONS",
    "DISMISS",
    "DISMISSED",
    "OPEN",
    "REASONS",
    "REMOVE_REVIEW",
    "REMOVED_BY_REPORT",
    "RESOLVED",
    "ReviewReport",
    "check_report",
]


class Reported(Protocol):
    """A review as reports see it (reviews.domain.reviews.Review)."""

    id: str
    removed_at: datetime | None


@dataclass(eq=False)
class ReviewReport:
    review_id: str
    reporter_id: str
    reason: str
    created_at: datetime
    details: str | None = None
    status: str = OPEN
    resolution: str | None = None  # dismissed, removed
    note: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def resolve(
        self, resolution: str, admin_id: str, now: datetime, note: str | None = None
    ) -> None:
        if self.status != OPEN:
            raise Conflict(
                "This report was resolved already.",
                {"report_id": self.id, "resolution": self.resolution},
            )
        self.status, self.resolution = RESOLVED, resolution
        self.note, self.resolved_at, self.resolved_by = note, now, admin_id


def check_report(review: Reported, open_report_of_reporter: ReviewReport | None) -> None:
    """V7: anyone reports a review once while their report is open; not a removed one."""
    if review.removed_at is not None:
        raise Conflict("This review was removed already.", {"review_id": review.id})
    if open_report_of_reporter is not None:
        raise Conflict(
            "Your report on this review is still open.", {"report_id": open_report_of_reporter.id}
        )
