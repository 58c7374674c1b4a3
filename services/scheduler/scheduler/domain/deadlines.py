"""Named deadlines (S1-S3): plain Python, no framework.

The owner of a deadline names it with a key ("orders:<id>:due"), asks for an
event to be published when it falls due, and may move or cancel it. Requests
may arrive twice or out of order (they travel as events): each carries the
time it was made, and an older request never overrides a newer one.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scheduler.contract import RESERVED_PAYLOAD_NAMES

KEY = re.compile(r"^[a-z][a-z0-9_-]*:[A-Za-z0-9_:.@-]{1,180}$")
EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{2,99}$")
RESERVED = RESERVED_PAYLOAD_NAMES  # the names the scheduler adds when a deadline fires
NAMESPACE = uuid.UUID("7d1c8d8e-4f5e-4d5b-9a52-6d0c8b1f3a10")


class InvalidDeadline(ValueError):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def check_request(key: str, event_type: str, payload: dict[str, Any] | None) -> None:
    """S1: a key its owner names, a snake_case event type, a payload free of the
    names the scheduler adds to it."""
    problems: dict[str, list[str]] = {}
    if not KEY.match(key or ""):
        problems["key"] = ["'<owner>:<name>', e.g. 'orders:1234:due'."]
    if not EVENT_TYPE.match(event_type or ""):
        problems["event_type"] = ["A snake_case past-tense event name, e.g. 'order_fell_due'."]
    clash = RESERVED & set(payload or {})
    if clash:
        problems["payload"] = [f"Reserved names: {sorted(clash)}."]
    if problems:
        raise InvalidDeadline(problems)


@dataclass(eq=False)
class Deadline:
    key: str
    due_at: datetime
    event_type: str
    requested_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    generation: int = 1
    fired_at: datetime | None = None
    cancelled_at: datetime | None = None
    request_id: str | None = None  # the request that asked for it last: its firing's too

    @property
    def pending(self) -> bool:
        return self.fired_at is None and self.cancelled_at is None

    def reschedule(
        self, due_at: datetime, event_type: str, payload: dict[str, Any], requested_at: datetime
    ) -> bool:
        """Scheduling a key again replaces it; the same request again changes nothing."""
        if requested_at < self.requested_at:
            return False
        same = (due_at, event_type, payload) == (self.due_at, self.event_type, self.payload)
        self.requested_at = requested_at
        if same and self.cancelled_at is None:
            return False
        self.due_at, self.event_type, self.payload = due_at, event_type, payload
        self.generation += 1
        self.fired_at = self.cancelled_at = None
        return True

    def cancel(self, requested_at: datetime) -> bool:
        """A cancelled deadline stays as a marker, so a late older request cannot revive it."""
        if requested_at < self.requested_at or not self.pending:
            return False
        self.requested_at = requested_at
        self.cancelled_at = requested_at
        return True


def firing_event_id(key: str, generation: int) -> str:
    """The same deadline fired twice (a crash before it was marked) carries the same
    event id, so consumers apply it once (S3); a moved deadline gets a new one."""
    return str(uuid.uuid5(NAMESPACE, f"{key}#{generation}"))
