"""The requests service's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import (
    JSON,
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
)
from sqlalchemy.orm import composite, registry, relationship

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from buyer_requests.domain.offers import Offer
from buyer_requests.domain.quotes import CustomOffer, QuoteRequest
from buyer_requests.domain.requests import BuyerRequest
from buyer_requests.domain.sellers import Seller, SellerGig

metadata = MetaData()
messaging_tables(metadata)

buyer_requests = Table(
    "buyer_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("buyer_id", String(36), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("category", String(60), nullable=False),
    Column("subcategory", String(60), nullable=False, index=True),
    Column("delivery_days", Integer, nullable=False),
    Column("budget_amount", Integer, nullable=False),
    Column("budget_currency", String(3), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    # 0002
    Column("criteria", JSON, nullable=False),
    Column("attachment", JSON, nullable=True),
    Column("boosted", Boolean, nullable=False),
    Column("rejection_reason", Text, nullable=True),
    Column("expires_at", UtcDateTime(), nullable=True),
)

request_offers = Table(
    "request_offers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("request_id", String(36), ForeignKey("buyer_requests.id"), nullable=False, index=True),
    Column("seller_id", String(36), nullable=False, index=True),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("order_id", String(36), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    # R6: one offer per seller and request, even from two concurrent calls
    UniqueConstraint("request_id", "seller_id", name="uq_request_offer_seller"),
)

declined_requests = Table(  # R6: a seller who declined a request never sees it again
    "declined_requests",
    metadata,
    Column("request_id", String(36), ForeignKey("buyer_requests.id"), primary_key=True),
    Column("seller_id", String(36), primary_key=True),
    Column("declined_at", UtcDateTime(), nullable=False),
)

quote_requests = Table(
    "quote_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("buyer_id", String(36), nullable=False, index=True),
    Column("seller_id", String(36), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("category", String(60), nullable=False),
    Column("subcategory", String(60), nullable=False),
    Column("criteria", JSON, nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("budget_amount", Integer, nullable=True),
    Column("budget_currency", String(3), nullable=True),
    Column("attachments", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

custom_offers = Table(
    "custom_offers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "quote_request_id", String(36), ForeignKey("quote_requests.id"), nullable=False, index=True
    ),
    Column("seller_id", String(36), nullable=False),
    Column("buyer_id", String(36), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("revisions", Integer, nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=True),
    Column("order_id", String(36), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

sellers = Table(
    "sellers",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("username", String(30), nullable=True, index=True),
    Column("accepts_quotes", Boolean, nullable=False),
    Column("on_vacation", Boolean, nullable=False),
    Column("level", String(20), nullable=False),
    Column("rating", Float, nullable=True),
    Column("review_count", Integer, nullable=False),
    Column("profile_at", UtcDateTime(), nullable=True),
    Column("level_at", UtcDateTime(), nullable=True),
    Column("rating_at", UtcDateTime(), nullable=True),
)

seller_gigs = Table(
    "seller_gigs",
    metadata,
    Column("gig_id", String(36), primary_key=True),
    Column("seller_id", String(36), ForeignKey("sellers.user_id"), nullable=False),
    Column("category", String(60), nullable=False),
    Column("subcategory", String(60), nullable=False),
    Column("status", String(10), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_seller_gigs_seller_status", "seller_id", "status"),
)

mapper_registry = registry()
mapper_registry.map_imperatively(
    BuyerRequest,
    buyer_requests,
    properties={
        "budget": composite(
            Money, buyer_requests.c.budget_amount, buyer_requests.c.budget_currency
        ),
    },
)
mapper_registry.map_imperatively(
    Offer,
    request_offers,
    properties={
        "price": composite(Money, request_offers.c.price_amount, request_offers.c.price_currency),
    },
)
mapper_registry.map_imperatively(
    CustomOffer,
    custom_offers,
    properties={
        "price": composite(Money, custom_offers.c.price_amount, custom_offers.c.price_currency),
    },
)
mapper_registry.map_imperatively(
    QuoteRequest,
    quote_requests,
    properties={
        "custom_offers": relationship(
            CustomOffer, order_by=custom_offers.c.created_at, lazy="selectin"
        ),
    },
)
mapper_registry.map_imperatively(SellerGig, seller_gigs)
mapper_registry.map_imperatively(
    Seller,
    sellers,
    properties={
        "gigs": relationship(SellerGig, lazy="selectin"),
    },
)
