"""The e-mail outbox's table (N1, N3, N4): one row per notification to e-mail, written
in the notification's transaction, kept until sent (and after, as the record)."""

from sqlalchemy import Column, Index, Integer, String, Table, Text, UniqueConstraint

from microtache.types import UtcDateTime

from inbox.adapters.metadata import metadata

email_outbox = Table(
    "email_outbox",
    metadata,
    Column("notification_id", String(36), primary_key=True),  # one e-mail per notification
    Column("user_id", String(36), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("payload", Text, nullable=False),  # JSON: text, link, params, subject_id
    Column("created_at", UtcDateTime(), nullable=False),
    Column("next_attempt_at", UtcDateTime(), nullable=False),  # due, or claimed until
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=True),
    Column("sent_at", UtcDateTime(), nullable=True),
    Column("message_id", String(255), nullable=True),
    # one per fact, kind and person (N3), even if a redelivered event made a second
    # notification object
    UniqueConstraint("event_id", "kind", "user_id", name="uq_email_outbox_fact"),
    Index("ix_email_outbox_due", "sent_at", "next_attempt_at"),
)
