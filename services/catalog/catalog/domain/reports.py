"""Reports of gigs (C9): anyone signed in reports; an admin resolves from the queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Conflict, Forbidden

from catalog.contract.moderation import (  # noqa: F401  (the contract states them)
    ACTIONS,
    DISMISS,
    MAX_TEXT,
    OPEN,
    REASONS,
    REMOVE_GIG,
    RESOLVED,
)


@dataclass(eq=False)
class Report:
    gig_id: str
    reporter_id: str
    reason: str
    created_at: datetime
    details: str = ""
    status: str = OPEN
    resolution: str | None = None
    resolution_note: str = ""
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def resolve(self, action: str, note: str, admin_id: str, now: datetime) -> None:
        if self.status != OPEN:
            raise Conflict(
                "This report is already resolved.",
                {"status": self.status, "resolution": self.resolution},
            )
        self.status = RESOLVED
        self.resolution = action
        self.resolution_note = note
        self.resolved_at = now
        self.resolved_by = admin_id


def require_admin(caller: dict[str, Any] | None) -> None:
    """Moderation is for admins only (A1, C9)."""
    if (caller or {}).get("role") != "admin":
        raise Forbidden("Only an admin moderates reports.")
