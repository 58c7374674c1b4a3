"""Reports on messages and their resolution by an admin (M3): plain Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from microtache.errors import Conflict, Forbidden, RuleViolation

from inbox.contract.conversations import REPORT_OPEN, REPORT_RESOLVED
from inbox.domain.conversations import Message


@dataclass(eq=False)
class MessageReport:
    message_id: str
    conversation_id: str
    reporter_id: str
    reason: str
    created_at: datetime
    details: str | None = None
    status: str = REPORT_OPEN
    resolution: str | None = None  # dismissed, removed
    note: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def resolve(
        self, resolution: str, admin_id: str, now: datetime, note: str | None = None
    ) -> None:
        if self.status != REPORT_OPEN:
            raise Conflict(
                "This report was resolved already.",
                {"report_id": self.id, "resolution": self.resolution},
            )
        self.status, self.resolution = REPORT_RESOLVED, resolution
        self.note, self.resolved_at, self.resolved_by = note, now, admin_id


def check_report(
    message: Message, reporter_id: str, open_report_of_reporter: MessageReport | None
) -> None:
    """M3: a side of the conversation reports a message the other side wrote, once while
    its report is open; not one moderation removed already."""
    if message.sender_id == reporter_id:
        raise RuleViolation("You cannot report your own message.", {"message_id": message.id})
    if message.recipient_id != reporter_id:
        raise Forbidden("Only the other side reports a message.", {"message_id": message.id})
    if message.removed_at is not None:
        raise Conflict("This message was removed already.", {"message_id": message.id})
    if open_report_of_reporter is not None:
        raise Conflict(
            "Your report on this message is still open.",
            {"report_id": open_report_of_reporter.id},
        )
