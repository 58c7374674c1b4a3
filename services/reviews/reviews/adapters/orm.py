"""The reviews service's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from reviews.domain.reviews import Review

metadata = MetaData()
messaging_tables(metadata)

reviews = Table(
    "reviews", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("author_id", String(36), nullable=False),
    Column("seller_id", String(36), nullable=False, index=True),
    Column("communication", Integer, nullable=True),
    Column("service_as_described", Integer, nullable=True),
    Column("recommend", Integer, nullable=True),
    Column("rating", Float, nullable=True),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # V3, V4: each party reviews an order once, and never rewrites it.
    UniqueConstraint("order_id", "author_id", name="uq_review_order_author"),
)

mapper_registry = registry()
mapper_registry.map_imperatively(Review, reviews)
