"""The tables of conversations and messages (M1-M3), and their mapping."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry

from microtache.types import UtcDateTime

from inbox.adapters.metadata import metadata
from inbox.domain.conversation_reports import MessageReport
from inbox.domain.conversations import Conversation, Message

ID = String(36)

conversations = Table(
    "conversations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_a", ID, nullable=False),
    Column("user_b", ID, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("a_wrote", Boolean, nullable=False),
    Column("b_wrote", Boolean, nullable=False),
    Column("a_unread", Integer, nullable=False),
    Column("b_unread", Integer, nullable=False),
    Column("a_blocked_at", UtcDateTime(), nullable=True),
    Column("b_blocked_at", UtcDateTime(), nullable=True),
    Column("message_count", Integer, nullable=False),
    Column("last_message_id", ID, nullable=True),
    # M2: one conversation per pair (user_a < user_b)
    UniqueConstraint("user_a", "user_b", name="uq_conversations_pair"),
    Index("ix_conversations_a_updated", "user_a", "updated_at"),
    Index("ix_conversations_b_updated", "user_b", "updated_at"),
)

conversation_messages = Table(
    "conversation_messages",
    metadata,
    Column("id", ID, primary_key=True),
    Column("conversation_id", ID, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sender_id", ID, nullable=False),
    Column("recipient_id", ID, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("files", JSON, nullable=False),
    Column("reference_id", String(64), nullable=True),
    Column("gig_id", String(64), nullable=True),
    Column("removed_at", UtcDateTime(), nullable=True),
    UniqueConstraint("conversation_id", "seq", name="uq_conversation_messages_seq"),
)

# who is who (catalog's `user_signed_up`): conversations show the other side's username
conversation_users = Table(
    "conversation_users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
)

# M1: pairs where the buyer ordered from the seller (orders' `order_placed`, `offer_ordered`)
conversation_order_pairs = Table(
    "conversation_order_pairs",
    metadata,
    Column("buyer_id", ID, primary_key=True),
    Column("seller_id", ID, primary_key=True),
    Column("first_order_id", ID, nullable=False),
)

message_reports = Table(
    "message_reports",
    metadata,
    Column("id", ID, primary_key=True),
    Column("message_id", ID, nullable=False, index=True),
    Column("conversation_id", ID, nullable=False),
    Column("reporter_id", ID, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("details", Text, nullable=True),
    Column("status", String(10), nullable=False),
    Column("resolution", String(10), nullable=True),
    Column("note", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("resolved_at", UtcDateTime(), nullable=True),
    Column("resolved_by", ID, nullable=True),
    Index("ix_message_reports_queue", "status", "created_at"),
)

mapper_registry = registry()
mapper_registry.map_imperatively(Conversation, conversations)
mapper_registry.map_imperatively(Message, conversation_messages)
mapper_registry.map_imperatively(MessageReport, message_reports)
