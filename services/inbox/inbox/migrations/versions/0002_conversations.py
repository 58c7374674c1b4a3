"""conversations: conversations, their messages, who is who, who ordered from whom,
reports on messages (M1-M3)

Revision ID: 0002_conversations
Revises: 0001
Create Date: 2026-12-01 14:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_conversations"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def _at(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_a", ID, nullable=False),
        sa.Column("user_b", ID, nullable=False),
        _at("created_at", False),
        _at("updated_at", False),
        sa.Column("a_wrote", sa.Boolean(), nullable=False),
        sa.Column("b_wrote", sa.Boolean(), nullable=False),
        sa.Column("a_unread", sa.Integer(), nullable=False),
        sa.Column("b_unread", sa.Integer(), nullable=False),
        _at("a_blocked_at", True),
        _at("b_blocked_at", True),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.Column("last_message_id", ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_a", "user_b", name="uq_conversations_pair"),
    )
    op.create_index("ix_conversations_a_updated", "conversations", ["user_a", "updated_at"])
    op.create_index("ix_conversations_b_updated", "conversations", ["user_b", "updated_at"])
    op.create_table(
        "conversation_messages",
        sa.Column("id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sender_id", ID, nullable=False),
        sa.Column("recipient_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _at("created_at", False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("reference_id", sa.String(length=64), nullable=True),
        sa.Column("gig_id", sa.String(length=64), nullable=True),
        _at("removed_at", True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "seq", name="uq_conversation_messages_seq"),
    )
    op.create_table(
        "conversation_users",
        sa.Column("id", ID, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "conversation_order_pairs",
        sa.Column("buyer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("first_order_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("buyer_id", "seller_id"),
    )
    op.create_table(
        "message_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("message_id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("reporter_id", ID, nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolution", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _at("created_at", False),
        _at("resolved_at", True),
        sa.Column("resolved_by", ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_message_reports_message_id", "message_reports", ["message_id"])
    op.create_index("ix_message_reports_queue", "message_reports", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_message_reports_queue", table_name="message_reports")
    op.drop_index("ix_message_reports_message_id", table_name="message_reports")
    op.drop_table("message_reports")
    op.drop_table("conversation_order_pairs")
    op.drop_table("conversation_users")
    op.drop_table("conversation_messages")
    op.drop_index("ix_conversations_b_updated", table_name="conversations")
    op.drop_index("ix_conversations_a_updated", table_name="conversations")
    op.drop_table("conversations")
