"""The tables of notifications and notification settings (N1-N3), of the orders'
deadlines the inbox reminds of, and their mapping."""

from sqlalchemy import JSON, Boolean, Column, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from microtache.types import UtcDateTime

from inbox.adapters.metadata import metadata
from inbox.domain.notifications import Notification, NotificationSetting
from inbox.domain.reminders import OrderParties, OrderReminder

ID = String(36)
KIND = String(64)

notifications = Table(
    "notifications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, nullable=False),
    Column("kind", KIND, nullable=False),
    Column("text", Text, nullable=False),
    Column("link", String(300), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("params", JSON, nullable=False),
    Column("subject_id", String(64), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("read_at", UtcDateTime(), nullable=True),
    # N3: one notification per fact, kind and person, whatever the broker redelivers
    UniqueConstraint("event_id", "kind", "user_id", name="uq_notifications_fact"),
    # N2: the feed, newest first; the unread count; message e-mails grouped per subject
    Index("ix_notifications_feed", "user_id", "created_at", "id"),
    Index("ix_notifications_unread", "user_id", "read_at"),
    Index("ix_notifications_subject", "user_id", "kind", "subject_id", "read_at"),
)

notification_settings = Table(
    "notification_settings",
    metadata,
    Column("user_id", ID, primary_key=True),
    Column("kind", KIND, primary_key=True),
    Column("email", Boolean, nullable=False),
)

order_reminders = Table(
    "order_reminders",
    metadata,
    Column("order_id", ID, primary_key=True),
    Column("name", String(32), primary_key=True),
    Column("due", UtcDateTime(), nullable=True),
    Column("asked_at", UtcDateTime(), nullable=False),
)

order_parties = Table(
    "order_parties",
    metadata,
    Column("order_id", ID, primary_key=True),
    Column("buyer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
)

mapper_registry = registry()
mapper_registry.map_imperatively(Notification, notifications)
mapper_registry.map_imperatively(NotificationSetting, notification_settings)
mapper_registry.map_imperatively(OrderReminder, order_reminders)
mapper_registry.map_imperatively(OrderParties, order_parties)
