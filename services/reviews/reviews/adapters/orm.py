"""The reviews service's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import composite, registry

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from reviews.domain.invitations import Invitation, InvitationCredits, PastClient
from reviews.domain.moderation import ReviewReport
from reviews.domain.ratings import SellerRating
from reviews.domain.reviews import PrivateFeedback, Review
from reviews.domain.tips import Tip
from reviews.domain.windows import ReviewWindow

metadata = MetaData()
messaging_tables(metadata)

ID = String(36)

reviews = Table(
    "reviews",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, nullable=False, index=True),
    Column("author_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False, index=True),
    Column("communication", Integer, nullable=True),
    Column("service_as_described", Integer, nullable=True),
    Column("recommend", Integer, nullable=True),
    Column("rating", Float, nullable=True),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("author_role", String(10), nullable=False),
    Column("author_username", String(30), nullable=False),
    Column("buyer_id", ID, nullable=False),
    Column("work_sample", JSON, nullable=True),
    Column("published_at", UtcDateTime(), nullable=True),
    Column("removed_at", UtcDateTime(), nullable=True),
    Column("removed_by", ID, nullable=True),
    # V3, V4: each party reviews an order once, and never rewrites it.
    UniqueConstraint("order_id", "author_id", name="uq_review_order_author"),
    # V6: a seller's public page, newest published first
    Index("ix_reviews_seller_public", "seller_id", "author_role", "published_at"),
)

review_windows = Table(
    "review_windows",
    metadata,
    Column("order_id", ID, primary_key=True),
    Column("buyer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    Column("completed_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("closed_at", UtcDateTime(), nullable=True),
)

private_feedback = Table(
    "private_feedback",
    metadata,
    Column("order_id", ID, primary_key=True),
    Column("buyer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

seller_ratings = Table(
    "seller_ratings",
    metadata,
    Column("seller_id", ID, primary_key=True),
    Column("review_count", Integer, nullable=False),
    Column("score_total", Integer, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
)

review_reports = Table(
    "review_reports",
    metadata,
    Column("id", ID, primary_key=True),
    Column("review_id", ID, nullable=False, index=True),
    Column("reporter_id", ID, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("details", Text, nullable=True),
    Column("status", String(10), nullable=False),
    Column("resolution", String(10), nullable=True),
    Column("note", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("resolved_at", UtcDateTime(), nullable=True),
    Column("resolved_by", ID, nullable=True),
    Index("ix_review_reports_queue", "status", "created_at"),
)

past_clients = Table(
    "past_clients",
    metadata,
    Column("seller_id", ID, primary_key=True),
    Column("client_id", ID, primary_key=True),
    Column("last_order_id", ID, nullable=False),
    Column("last_completed_at", UtcDateTime(), nullable=False),
)

invitation_credits = Table(
    "invitation_credits",
    metadata,
    Column("seller_id", ID, primary_key=True),
    Column("used", Integer, nullable=False),
)

review_invitations = Table(
    "review_invitations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("seller_id", ID, nullable=False),
    Column("client_id", ID, nullable=False),
    Column("message", Text, nullable=True),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("withdrawn_at", UtcDateTime(), nullable=True),
    Column("blocked_until", UtcDateTime(), nullable=True),
    Column("block_ended_at", UtcDateTime(), nullable=True),
    Index("ix_review_invitations_seller", "seller_id", "client_id"),
)

tips = Table(
    "tips",
    metadata,
    Column("tip_id", ID, primary_key=True),
    Column("order_id", ID, nullable=False),
    Column("buyer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("message", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("receipt", JSON, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("paid_at", UtcDateTime(), nullable=True),
    Column("message_posted_at", UtcDateTime(), nullable=True),
    # an order is tipped once (product; T1)
    UniqueConstraint("order_id", name="uq_tips_order"),
)

mapper_registry = registry()
mapper_registry.map_imperatively(Review, reviews)
mapper_registry.map_imperatively(ReviewWindow, review_windows)
mapper_registry.map_imperatively(PrivateFeedback, private_feedback)
mapper_registry.map_imperatively(SellerRating, seller_ratings)
mapper_registry.map_imperatively(ReviewReport, review_reports)
mapper_registry.map_imperatively(PastClient, past_clients)
mapper_registry.map_imperatively(InvitationCredits, invitation_credits)
mapper_registry.map_imperatively(Invitation, review_invitations)
mapper_registry.map_imperatively(
    Tip,
    tips,
    properties={
        "amount": composite(Money, tips.c.amount_minor, tips.c.currency),
    },
)
