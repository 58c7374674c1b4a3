"""notifications: the feed, the e-mail settings per kind, and the orders' deadlines the
inbox reminds of (N1-N3)

Revision ID: 0002_notifications
Revises: 0001
Create Date: 2026-12-01 13:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_notifications"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(300), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("event_id", "kind", "user_id", name="uq_notifications_fact"),
    )
    op.create_index("ix_notifications_feed", "notifications", ["user_id", "created_at", "id"])
    op.create_index("ix_notifications_unread", "notifications", ["user_id", "read_at"])
    op.create_index(
        "ix_notifications_subject",
        "notifications",
        ["user_id", "kind", "subject_id", "read_at"],
    )
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("email", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "order_reminders",
        sa.Column("order_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "order_parties",
        sa.Column("order_id", sa.String(36), primary_key=True),
        sa.Column("buyer_id", sa.String(36), nullable=False),
        sa.Column("seller_id", sa.String(36), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("order_parties")
    op.drop_table("order_reminders")
    op.drop_table("notification_settings")
    op.drop_index("ix_notifications_subject", table_name="notifications")
    op.drop_index("ix_notifications_unread", table_name="notifications")
    op.drop_index("ix_notifications_feed", table_name="notifications")
    op.drop_table("notifications")
