"""The scheduler's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import (JSON, CheckConstraint, Column, Float, Integer, MetaData, String, Table)
from sqlalchemy.orm import registry

from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from scheduler.domain.clock import PlatformClock
from scheduler.domain.deadlines import Deadline

metadata = MetaData()
messaging_tables(metadata)

# S4: the platform clock's offset, one row (id 1) written by the initial migration.
clock = Table(
    "clock", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("offset_seconds", Float, nullable=False),
    CheckConstraint("id = 1", name="ck_clock_single_row"),
)

# S1, S2: every deadline of the platform, kept until fired.
deadlines = Table(
    "deadlines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("due_at", UtcDateTime(), nullable=False, index=True),
    Column("event_type", String(100), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("fired_at", UtcDateTime(), nullable=True),
)

mapper_registry = registry()
mapper_registry.map_imperatively(PlatformClock, clock)
mapper_registry.map_imperatively(Deadline, deadlines)
