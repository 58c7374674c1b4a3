"""A notification (N1-N3): one fact told to one person, in the app and, unless they
turned its kind off, by e-mail."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.money import Money

from inbox.contract.notifications import NEW_MESSAGE, ORDER_MESSAGE
from inbox.domain.kinds import KIND_TABLE, Notice

ENVELOPE = ("event_id", "event_type", "occurred_at", "version")


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


@dataclass
class NotificationSetting:
    """N2: whether `user_id` gets the e-mail of `kind` (no row: they do)."""

    user_id: str
    kind: str
    email: bool = True


def wants_email(settings: Mapping[str, bool], kind: str) -> bool:
    """N2, N3: the e-mail of a kind goes out unless the person turned it off."""
    return settings.get(kind, True)


# N2: the kinds whose e-mails are grouped per subject (a conversation; an order's page)
GROUPED_KINDS = (NEW_MESSAGE, ORDER_MESSAGE)


def grouped(notification: Notification, earlier_unread: bool) -> bool:
    """N2: message e-mails are grouped, at most one per conversation while the earlier
    message notification is unread: `earlier_unread` says one of that conversation (the
    same kind and subject) is. Other kinds are never grouped."""
    return notification.kind in GROUPED_KINDS and earlier_unread


def emails(notification: Notification, settings: Mapping[str, bool], earlier_unread: bool) -> bool:
    """Whether storing this notification also sends its e-mail (N2, N3)."""
    return wants_email(settings, notification.kind) and not grouped(notification, earlier_unread)


def jsonable(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The facts as a notification keeps them (`params`, what an e-mail names): money as
    `{"amount", "currency"}`, times in ISO 8601, the envelope left out."""
    kept: dict[str, Any] = {}
    for name, value in facts.items():
        if name in ENVELOPE:
            continue
        if isinstance(value, Money):
            value = value.to_dict()
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif not isinstance(value, str | int | float | bool | dict | list | type(None)):
            value = str(value)
        kept[name] = value
    return kept


def notifications_of(
    notice: Notice, facts: Mapping[str, Any], event_id: str, now: datetime
) -> list[Notification]:
    """N1: the notifications one row of the table makes of a fact, one per person told
    (a person named twice is told once)."""
    kind = KIND_TABLE[notice.kind]
    made: dict[str, Notification] = {}
    for role, user_id in notice.told(facts):
        if not user_id or user_id in made:
            continue
        made[user_id] = Notification(
            user_id=user_id,
            kind=notice.kind,
            text=notice.text(facts, role),
            link=kind.link(facts),
            event_id=event_id,
            params={**jsonable(facts), "role": role},
            subject_id=kind.subject(facts),
            created_at=now,
        )
    return list(made.values())
