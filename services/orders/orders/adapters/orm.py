"""The orders service's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
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

from orders.domain.gigs import GigCopy
from orders.domain.messages import Message
from orders.domain.orders import (
    CancellationRequest,
    Delivery,
    ExtensionRequest,
    ExtraOffer,
    Order,
    TimelineEntry,
)
from orders.domain.placement import Placement

metadata = MetaData()
messaging_tables(metadata)

ID = String(36)

orders = Table(
    "orders",
    metadata,
    Column("id", ID, primary_key=True),
    Column("buyer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    Column("buyer_username", String(30), nullable=False),
    Column("seller_username", String(30), nullable=False),
    Column("title", String(120), nullable=False),
    Column("source_kind", String(20), nullable=False),
    Column("source_id", ID, nullable=True),
    Column("gig_id", ID, nullable=True),
    Column("package", String(10), nullable=True),
    Column("extras", JSON, nullable=False),
    Column("ships_physical_item", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("delivery_days", Integer, nullable=False),
    Column("revisions_included", Integer, nullable=False),
    Column("revisions_used", Integer, nullable=False),
    Column("requirements", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("started_at", UtcDateTime(), nullable=True),
    Column("due_at", UtcDateTime(), nullable=True),
    Column("first_delivered_at", UtcDateTime(), nullable=True),
    Column("delivered_at", UtcDateTime(), nullable=True),
    Column("review_ends_at", UtcDateTime(), nullable=True),
    Column("completed_at", UtcDateTime(), nullable=True),
    Column("cancelled_at", UtcDateTime(), nullable=True),
    Column("cancellation_reason", String(20), nullable=True),
    Column("earnings_amount", Integer, nullable=True),
    Column("earnings_currency", String(3), nullable=True),
    Column("buyer_starred", Boolean, nullable=False),
    Column("seller_starred", Boolean, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
    # the lists (O13): a party's orders by status, newest first
    Index("ix_orders_buyer", "buyer_id", "status", "created_at"),
    Index("ix_orders_seller", "seller_id", "status", "created_at"),
)

timeline = Table(
    "order_timeline",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor", String(10), nullable=False),
    Column("action", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("note", Text, nullable=True),
    Column("position", Integer, nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False, index=True),
    Column("message", Text, nullable=False),
    Column("files", JSON, nullable=False),
    Column("draft", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime(), nullable=True),
)

extension_requests = Table(
    "extension_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False, index=True),
    Column("days", Integer, nullable=False),
    Column("message", Text, nullable=False),
    Column("state", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("answer_by", UtcDateTime(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=True),
)

cancellation_requests = Table(
    "cancellation_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False, index=True),
    Column("opened_by", String(10), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("status_before", String(20), nullable=False),
    Column("state", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("answer_by", UtcDateTime(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=True),
)

extra_offers = Table(
    "extra_offers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("days", Integer, nullable=False),
    Column("state", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=True),
)

messages = Table(
    "order_messages",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("orders.id"), nullable=False),
    Column("sender_id", ID, nullable=False),
    Column("sender_role", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("files", JSON, nullable=False, default=list),
    Index("ix_order_messages_order", "order_id", "created_at"),
)

gigs = Table(
    "gigs",
    metadata,  # the catalog's gigs, as its events tell them
    Column("id", ID, primary_key=True),
    Column("seller_id", ID, nullable=False),
    Column("seller_username", String(30), nullable=False),
    Column("title", String(120), nullable=False),
    Column("status", String(20), nullable=False),
    Column("ships_physical_item", Boolean, nullable=False),
    Column("packages", JSON, nullable=False),
    Column("extras", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

placements = Table(
    "placements",
    metadata,
    Column("order_id", ID, primary_key=True),
    Column("buyer_id", ID, nullable=False),
    Column("idempotency_key", String(100), nullable=False),
    Column("request", JSON, nullable=False),
    Column("terms", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("offer_key", String(60), nullable=True),
    Column("buyer_username", String(30), nullable=True),
    UniqueConstraint("buyer_id", "idempotency_key", name="uq_placements_buyer_key"),
    UniqueConstraint("offer_key", name="uq_placements_offer"),
)

mapper_registry = registry()
mapper_registry.map_imperatively(TimelineEntry, timeline)
mapper_registry.map_imperatively(Delivery, deliveries)
mapper_registry.map_imperatively(ExtensionRequest, extension_requests)
mapper_registry.map_imperatively(CancellationRequest, cancellation_requests)
mapper_registry.map_imperatively(ExtraOffer, extra_offers)
mapper_registry.map_imperatively(Message, messages)
mapper_registry.map_imperatively(Placement, placements)
mapper_registry.map_imperatively(GigCopy, gigs)


def _children(cls, table, *order_by):
    return relationship(cls, order_by=list(order_by), cascade="all, delete-orphan", lazy="selectin")


mapper_registry.map_imperatively(
    Order,
    orders,
    properties={
        "price": composite(Money, orders.c.price_amount, orders.c.price_currency),
        "timeline": _children(TimelineEntry, timeline, timeline.c.position),
        "deliveries": _children(Delivery, deliveries, deliveries.c.created_at, deliveries.c.id),
        "extension_requests": _children(
            ExtensionRequest, extension_requests, extension_requests.c.created_at
        ),
        "cancellation_requests": _children(
            CancellationRequest, cancellation_requests, cancellation_requests.c.created_at
        ),
        "extra_offers": _children(ExtraOffer, extra_offers, extra_offers.c.created_at),
    },
)
