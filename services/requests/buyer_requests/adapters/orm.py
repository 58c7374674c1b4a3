"""The requests service's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import Column, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import composite, registry

from microtache.money import Money
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from buyer_requests.domain.requests import BuyerRequest

metadata = MetaData()
messaging_tables(metadata)

buyer_requests = Table(
    "buyer_requests", metadata,
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
)

mapper_registry = registry()
mapper_registry.map_imperatively(BuyerRequest, buyer_requests, properties={
    "budget": composite(Money, buyer_requests.c.budget_amount, buyer_requests.c.budget_currency),
})
