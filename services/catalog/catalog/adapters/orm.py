"""The catalog's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import (JSON, Boolean, Column, Float, ForeignKey, Integer,
                        MetaData, String, Table, Text, UniqueConstraint)
from sqlalchemy.orm import composite, registry, relationship

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from catalog.domain.accounts import User
from catalog.domain.favourites import Favourite
from catalog.domain.gigs import Extra, Gig, Package
from catalog.domain.reports import Report

metadata = MetaData()
messaging_tables(metadata)

users = Table(
    "users", metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(30), nullable=False, unique=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(10), nullable=False),
    Column("country", String(2)),
    Column("languages", JSON, nullable=False),
    Column("accepts_quotes", Boolean, nullable=False),
    Column("on_vacation", Boolean, nullable=False),
    Column("level", String(20), nullable=False),
    Column("rating", Float),
    Column("review_count", Integer, nullable=False),
    Column("last_seen_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
)

gigs = Table(
    "gigs", metadata,
    Column("id", String(36), primary_key=True),
    Column("seller_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("title", String(80), nullable=False),
    Column("description", Text, nullable=False),
    Column("category", String(60), nullable=False, index=True),
    Column("subcategory", String(60), nullable=False, index=True),
    Column("attributes", JSON, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("ships_physical_item", Boolean, nullable=False),
    Column("accepts_remote_work", Boolean, nullable=False),
    Column("shows_reviews", Boolean, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

gig_packages = Table(
    "gig_packages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("tier", String(10), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("description", Text, nullable=False),
)

gig_extras = Table(
    "gig_extras", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
)

favourites = Table(
    "favourites", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Column("gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("user_id", "gig_id", name="uq_favourites_user_gig"),
)

gig_reports = Table(
    "gig_reports", metadata,
    Column("id", String(36), primary_key=True),
    Column("gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("reporter_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("reason", String(20), nullable=False),
    Column("details", Text, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("resolution", String(20)),
    Column("resolution_note", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("resolved_at", UtcDateTime()),
    Column("resolved_by", String(36), ForeignKey("users.id")),
)

search_terms = Table(
    "search_terms", metadata,
    Column("term", String(200), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("last_category", String(60)),
)

mapper_registry = registry()
mapper_registry.map_imperatively(User, users)
mapper_registry.map_imperatively(Package, gig_packages, properties={
    "price": composite(Money, gig_packages.c.price_amount, gig_packages.c.price_currency),
})
mapper_registry.map_imperatively(Extra, gig_extras, properties={
    "price": composite(Money, gig_extras.c.price_amount, gig_extras.c.price_currency),
})
mapper_registry.map_imperatively(Gig, gigs, properties={
    "packages": relationship(Package, order_by=gig_packages.c.id, cascade="all, delete-orphan",
                             lazy="selectin"),
    "extras": relationship(Extra, order_by=gig_extras.c.id, cascade="all, delete-orphan",
                           lazy="selectin"),
})
mapper_registry.map_imperatively(Favourite, favourites)
mapper_registry.map_imperatively(Report, gig_reports)
