"""A notification (N1-N3): one fact told to one person, in the app and, unless they
turned its kind off, by e-mail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Notification:
    user_id: str  # who is told
    kind: str  # what happened (N1's list: `inbox.contract` KINDS)
    text: str  # the line the feed shows
    link: str  # the page it is about, e.g. /orders/<id> (N4: e-mails link there too)
    event_id: str  # the fact: one notification per fact, kind and person (N3)
    params: dict[str, Any] = field(default_factory=dict)  # what an e-mail names
    subject_id: str | None = None  # the order or conversation it is about
    created_at: datetime | None = None
    read_at: datetime | None = None
    id: str = field(default_factory=new_id)
