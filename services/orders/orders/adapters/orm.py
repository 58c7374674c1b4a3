"""The orders service's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.orm import composite, registry

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from orders.domain.orders import Order

metadata = MetaData()
messaging_tables(metadata)

orders = Table(
    "orders", metadata,
    Column("id", String(36), primary_key=True),
    Column("buyer_id", String(36), nullable=False, index=True),
    Column("seller_id", String(36), nullable=False, index=True),
    Column("gig_id", String(36), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("price_amount", Integer, nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("due_at", UtcDateTime(), nullable=True),
    Column("completed_at", UtcDateTime(), nullable=True),
)

mapper_registry = registry()
mapper_registry.map_imperatively(Order, orders, properties={
    "price": composite(Money, orders.c.price_amount, orders.c.price_currency),
})
