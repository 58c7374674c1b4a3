"""The catalog's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import composite, registry, relationship

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from catalog.domain.accounts import User
from catalog.domain.favourites import Favourite
from catalog.domain.gallery import GalleryFile
from catalog.domain.gigs import Extra, Gig, Package
from catalog.domain.levels import SellerOrder, SellerStats
from catalog.domain.reports import Report

metadata = MetaData()
messaging_tables(metadata)

users = Table(
    "users",
    metadata,
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
# an e-mail is one account whatever its case (stored lower-case, and unique so)
Index("uq_users_email_lower", func.lower(users.c.email), unique=True)

# sign-in throttling (A1): recent failures, by hashed account name and client address
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False),
    Column("failed_at", UtcDateTime(), nullable=False),
    Index("ix_sign_in_failures_key_failed_at", "key", "failed_at"),
    Index("ix_sign_in_failures_failed_at", "failed_at"),
)

gigs = Table(
    "gigs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("seller_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("title", String(80), nullable=False),
    Column("description", Text, nullable=False),
    Column("category", String(60), nullable=False),
    Column("subcategory", String(60), nullable=False),
    Column("attributes", JSON, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("ships_physical_item", Boolean, nullable=False),
    Column("accepts_remote_work", Boolean, nullable=False),
    Column("shows_reviews", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # What search filters and sorts on, copied here so that a search reads one table
    # (C5, C6): the seller's public facts, kept in step by `Catalog.seller_changed`,
    # and the packages' bounds, kept in step by `Catalog.reindex`.
    Column("seller_username", String(30), nullable=False),
    Column("seller_level", String(20), nullable=False),
    Column("seller_rating", Float, nullable=False),  # 0 until rated: a sort key
    Column("seller_review_count", Integer, nullable=False),
    Column("seller_country", String(2)),
    Column("seller_languages", String(64), nullable=False),  # "|en|fr|"
    Column("seller_last_seen_at", UtcDateTime()),
    Column("starting_price", Integer, nullable=False),  # the cheapest package
    Column("highest_price", Integer, nullable=False),
    Column("min_delivery_days", Integer, nullable=False),
    # each tier's price and days (C1: one to three packages, a tier at most once), so
    # that the price a buyer would pay under price and delivery filters is read on the row
    Column("basic_price", Integer),
    Column("basic_days", Integer),
    Column("standard_price", Integer),
    Column("standard_days", Integer),
    Column("premium_price", Integer),
    Column("premium_days", Integer),
    Column("search_rowid", Integer),  # its row in SQLite's gig_search
    # the first gallery image's upload id once its thumbnail is made (search shows it)
    Column("cover_thumbnail_id", String(64)),
)
Index("uq_gigs_search_rowid", gigs.c.search_rowid, unique=True)
# the sorts of search and browse, each an index scan that stops at the page
Index("ix_gigs_status_created_at", gigs.c.status, gigs.c.created_at, gigs.c.id)
Index("ix_gigs_status_price", gigs.c.status, gigs.c.starting_price, gigs.c.created_at, gigs.c.id)
Index(
    "ix_gigs_status_rating",
    gigs.c.status,
    gigs.c.seller_rating,
    gigs.c.seller_review_count,
    gigs.c.created_at,
    gigs.c.id,
)
Index(
    "ix_gigs_status_reviews",
    gigs.c.status,
    gigs.c.seller_review_count,
    gigs.c.created_at,
    gigs.c.id,
)
Index(
    "ix_gigs_category_status_created_at",
    gigs.c.category,
    gigs.c.status,
    gigs.c.created_at,
    gigs.c.id,
)
Index(
    "ix_gigs_subcategory_status_created_at",
    gigs.c.subcategory,
    gigs.c.status,
    gigs.c.created_at,
    gigs.c.id,
)

gig_packages = Table(
    "gig_packages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("tier", String(10), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("description", Text, nullable=False),
)

gig_extras = Table(
    "gig_extras",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(80), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
)

# a gig's gallery (C1): its images (position: the order shown) and its document, each
# the file catalog kept of an upload it took (API.md "Files"), and an image's thumbnail
gig_gallery = Table(
    "gig_gallery",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("kind", String(10), nullable=False),
    Column("position", Integer, nullable=False),
    Column("upload_id", String(64), nullable=False, unique=True),
    Column("key", String(200), nullable=False),
    Column("name", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64)),
    Column("thumbnail_key", String(200)),
)

favourites = Table(
    "favourites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Column(
        "gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("user_id", "gig_id", name="uq_favourites_user_gig"),
)

gig_reports = Table(
    "gig_reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "gig_id", String(36), ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
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

# autocomplete (C4): searches that found gigs, with how many distinct people made
# them lately (hashed user id or address); a term is suggested from MIN_SEARCHERS on
search_terms = Table(
    "search_terms",
    metadata,
    Column("term", String(200), primary_key=True),
    Column("searchers", Integer, nullable=False),
    Column("last_category", String(60)),
    Column("last_searched_at", UtcDateTime(), nullable=False),
    Index("ix_search_terms_last_searched_at", "last_searched_at"),
)

search_term_searchers = Table(
    "search_term_searchers",
    metadata,
    Column("term", String(200), primary_key=True),
    Column("searcher", String(64), primary_key=True),
    Column("searched_at", UtcDateTime(), nullable=False),
    Index("ix_search_term_searchers_searched_at", "searched_at"),
)

# phrases an admin removed from autocomplete: never suggested again
blocked_suggestions = Table(
    "blocked_suggestions",
    metadata,
    Column("term", String(200), primary_key=True),
    Column("blocked_by", String(36), nullable=False),
    Column("blocked_at", UtcDateTime(), nullable=False),
)

# autocomplete (C4): the phrases of active gigs' titles (one to three words), with
# how many active gigs of each category have them; kept as gigs are written
title_phrases = Table(
    "title_phrases",
    metadata,
    Column("term", String(200), primary_key=True),
    Column("category", String(60), primary_key=True),
    Column("words", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Index("ix_title_phrases_words_term", "words", "term"),
)

# search (C5) and autocomplete (C4): counters that every write which can change a
# search's or a suggestion's answer increases in its own transaction; the answers
# each catalog process keeps are served only while they have not moved
# (catalog.domain.search_cache, catalog.adapters.versions)
catalog_versions = Table(
    "catalog_versions",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("version", BigInteger, nullable=False),
)

# seller levels (C7): each seller's totals, and what they keep of each order
seller_stats = Table(
    "seller_stats",
    metadata,
    Column("seller_id", String(36), ForeignKey("users.id"), primary_key=True),
    Column("completed_orders", Integer, nullable=False),
    Column("on_time_orders", Integer, nullable=False),
    Column("cancelled_orders", Integer, nullable=False),
    Column("earnings_amount", Integer, nullable=False),
    Column("level_review_at", UtcDateTime()),
    Column("rating_changed_at", UtcDateTime()),
)

seller_orders = Table(
    "seller_orders",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("seller_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("completed_at", UtcDateTime()),
    Column("delivered_on_time", Boolean),
    Column("cancelled_at", UtcDateTime()),
)

mapper_registry = registry()
mapper_registry.map_imperatively(User, users)
mapper_registry.map_imperatively(
    Package,
    gig_packages,
    properties={
        "price": composite(Money, gig_packages.c.price_amount, gig_packages.c.price_currency),
    },
)
mapper_registry.map_imperatively(
    Extra,
    gig_extras,
    properties={
        "price": composite(Money, gig_extras.c.price_amount, gig_extras.c.price_currency),
    },
)
mapper_registry.map_imperatively(GalleryFile, gig_gallery)
mapper_registry.map_imperatively(
    Gig,
    gigs,
    properties={
        "starting_price_amount": gigs.c.starting_price,  # Gig.starting_price is the Money
        "packages": relationship(
            Package, order_by=gig_packages.c.id, cascade="all, delete-orphan", lazy="selectin"
        ),
        "extras": relationship(
            Extra, order_by=gig_extras.c.id, cascade="all, delete-orphan", lazy="selectin"
        ),
        "gallery": relationship(
            GalleryFile,
            order_by=(gig_gallery.c.kind.desc(), gig_gallery.c.position),  # images first
            cascade="all, delete-orphan",
            lazy="selectin",
        ),
    },
)
mapper_registry.map_imperatively(Favourite, favourites)
mapper_registry.map_imperatively(Report, gig_reports)
mapper_registry.map_imperatively(SellerStats, seller_stats)
mapper_registry.map_imperatively(SellerOrder, seller_orders)
