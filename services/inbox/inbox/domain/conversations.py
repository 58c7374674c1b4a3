"""A conversation between two users (M1-M3): plain Python.

One conversation per pair (M2): its two sides are the pair's ids in sorted order,
`a` and `b`. Each side keeps whether it has written, its unread count and whether it
blocked the other. Who may write is decided here (`check_may_write`), from the
conversation and two facts the service layer gathers: has the recipient ordered from
the sender, and does the recipient sell (an active gig).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Forbidden, NotFound, RuleViolation

from inbox.contract.conversations import KIND_TEXT, PREVIEW_CHARS


def new_id() -> str:
    return str(uuid.uuid4())


def pair(one: str, other: str) -> tuple[str, str]:
    """The pair's two ids in the order a conversation keeps them (M2: one per pair)."""
    if one == other:
        raise RuleViolation("You cannot write to yourself.", {"with": ["That is you."]})
    return (one, other) if one < other else (other, one)


def preview(text: str) -> str:
    """What `message_sent` carries of a message: its first characters, on one line."""
    return " ".join(text.split())[:PREVIEW_CHARS]


@dataclass(eq=False)
class Message:
    conversation_id: str
    seq: int  # its place in the conversation, from 1
    sender_id: str
    recipient_id: str
    kind: str
    text: str
    created_at: datetime
    files: list[dict[str, Any]] = field(default_factory=list)
    reference_id: str | None = None  # the quote request or custom offer (Q1, Q2)
    gig_id: str | None = None  # written from this gig (M1)
    removed_at: datetime | None = None  # moderation took it down (M3)
    id: str = field(default_factory=new_id)

    def file(self, upload_id: str) -> dict[str, Any]:
        """A file of this message (NotFound if it has no such file, or was removed)."""
        if self.removed_at is None:
            for kept in self.files:
                if kept["upload_id"] == upload_id:
                    return kept
        raise NotFound("No such file on this message.", {"upload_id": upload_id})

    def remove(self, now: datetime) -> None:
        """M3: moderation takes the message down: its text and files are no longer shown."""
        if self.removed_at is None:
            self.removed_at = now


@dataclass(eq=False)
class Conversation:
    user_a: str
    user_b: str
    created_at: datetime
    updated_at: datetime  # its last message: lists go newest first (M2)
    a_wrote: bool = False
    b_wrote: bool = False
    a_unread: int = 0
    b_unread: int = 0
    a_blocked_at: datetime | None = None  # a blocked b (M3)
    b_blocked_at: datetime | None = None  # b blocked a
    message_count: int = 0
    last_message_id: str | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def between(cls, one: str, other: str, now: datetime) -> Conversation:
        user_a, user_b = pair(one, other)
        return cls(user_a=user_a, user_b=user_b, created_at=now, updated_at=now)

    # -- the sides -----------------------------------------------------------------------
    def _side(self, user_id: str) -> str:
        if user_id == self.user_a:
            return "a"
        if user_id == self.user_b:
            return "b"
        raise NotFound("No such conversation.", {"conversation_id": self.id})

    def is_member(self, user_id: str) -> bool:
        return user_id in (self.user_a, self.user_b)

    def other(self, user_id: str) -> str:
        return self.user_b if self._side(user_id) == "a" else self.user_a

    def has_written(self, user_id: str) -> bool:
        return bool(getattr(self, f"{self._side(user_id)}_wrote"))

    def unread_of(self, user_id: str) -> int:
        return int(getattr(self, f"{self._side(user_id)}_unread"))

    def has_blocked(self, user_id: str) -> bool:
        """M3: `user_id` blocked the other side."""
        return getattr(self, f"{self._side(user_id)}_blocked_at") is not None

    def blockers(self) -> list[str]:
        """M3: who blocked the other, if anyone (both may have)."""
        return [
            user
            for user, at in ((self.user_a, self.a_blocked_at), (self.user_b, self.b_blocked_at))
            if at is not None
        ]

    def can_write(self, user_id: str) -> bool:
        return not self.has_blocked(self.other(user_id))

    # -- what happens in it ----------------------------------------------------------------
    def post(
        self,
        sender_id: str,
        text: str,
        now: datetime,
        kind: str = KIND_TEXT,
        reference_id: str | None = None,
        gig_id: str | None = None,
        message_id: str | None = None,
    ) -> Message:
        """A message from `sender_id`: the other side has one more unread (M2). Whether
        the sender may write is `check_may_write`'s, asked before."""
        side = self._side(sender_id)
        other = "b" if side == "a" else "a"
        self.message_count += 1
        message = Message(
            conversation_id=self.id,
            seq=self.message_count,
            sender_id=sender_id,
            recipient_id=self.other(sender_id),
            kind=kind,
            text=text,
            created_at=now,
            reference_id=reference_id,
            gig_id=gig_id,
            id=message_id or new_id(),
        )
        setattr(self, f"{side}_wrote", True)
        setattr(self, f"{other}_unread", getattr(self, f"{other}_unread") + 1)
        self.updated_at = max(self.updated_at, now)
        self.last_message_id = message.id
        return message

    def read(self, user_id: str) -> None:
        """M2: `user_id` has read everything so far."""
        setattr(self, f"{self._side(user_id)}_unread", 0)

    def block(self, user_id: str, now: datetime) -> None:
        """M3: `user_id` blocks the other side; again changes nothing."""
        if not self.has_blocked(user_id):
            setattr(self, f"{self._side(user_id)}_blocked_at", now)

    def unblock(self, user_id: str) -> None:
        setattr(self, f"{self._side(user_id)}_blocked_at", None)


def knows_sender(
    conversation: Conversation | None, sender_id: str, recipient_id: str, recipient_ordered: bool
) -> bool:
    """M1: is the sender someone the recipient took a step towards (wrote to, asked a
    quote of, ordered from), or someone who wrote first already? Then whether the
    recipient sells does not matter."""
    if recipient_ordered:
        return True
    if conversation is None:
        return False
    return conversation.has_written(recipient_id) or conversation.has_written(sender_id)


def check_may_write(
    conversation: Conversation | None,
    sender_id: str,
    recipient_id: str,
    recipient_ordered: bool,
    recipient_sells: bool | None = None,
) -> None:
    """M1, M3: may `sender_id` write to `recipient_id` now?

    M3: not once the recipient blocked them. M1: the client takes the first step, by
    writing or by ordering: anyone may write first to a seller (someone with an active
    gig), from a gig or a profile, before any order; to anyone else only once they
    wrote to the sender (a quote request counts) or ordered from them. Who wrote first
    keeps writing. `recipient_sells` is asked only when `knows_sender` is false."""
    pair(sender_id, recipient_id)
    if conversation is not None and conversation.has_blocked(recipient_id):
        raise Forbidden(
            "You were blocked in this conversation: you can no longer write (M3).",
            {"blocked_by": recipient_id},
        )
    if knows_sender(conversation, sender_id, recipient_id, recipient_ordered):
        return
    if not recipient_sells:
        raise Forbidden(
            "A seller cannot start a conversation with someone who has never written "
            "to them nor ordered from them (M1).",
            {"with": recipient_id},
        )
