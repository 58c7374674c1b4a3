"""Named deadlines (S1-S3): each fires its event once its due time has come."""
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(eq=False)
class Deadline:
    key: str                 # the owner's name for it, e.g. "order:<id>:due"; unique
    due_at: datetime
    event_type: str          # the event published when it fires
    payload: dict = field(default_factory=dict)
    fired_at: datetime | None = None

    def is_due(self, now):
        return self.fired_at is None and self.due_at <= now
