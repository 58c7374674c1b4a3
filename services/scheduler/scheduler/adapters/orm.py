"""The scheduler's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import JSON, CheckConstraint, Column, Float, Index, Integer, MetaData, String, Table
from sqlalchemy.orm import registry

from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from scheduler.domain.clock import PlatformClock
from scheduler.domain.deadlines import Deadline

metadata = MetaData()
messaging_tables(metadata)

# S4: the platform clock's offset, one row (id 1) written by the initial migration.
clock = Table(
    "clock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("offset_seconds", Float, nullable=False),
    Column("epoch", Integer, nullable=False, server_default="0"),  # resets so far (S4)
    CheckConstraint("id = 1", name="ck_clock_single_row"),
)

# S1, S2: every deadline of the platform, kept until fired.
deadlines = Table(
    "deadlines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("due_at", UtcDateTime(), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("generation", Integer, nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("fired_at", UtcDateTime(), nullable=True),
    Column("cancelled_at", UtcDateTime(), nullable=True),
    Column("request_id", String(128), nullable=True),  # microtache.logs
)
# What the firing loop reads: pending deadlines in due order.
PENDING = (deadlines.c.fired_at.is_(None)) & (deadlines.c.cancelled_at.is_(None))
Index(
    "ix_deadlines_pending_due", deadlines.c.due_at, postgresql_where=PENDING, sqlite_where=PENDING
)

mapper_registry = registry()
mapper_registry.map_imperatively(PlatformClock, clock)
mapper_registry.map_imperatively(Deadline, deadlines)
