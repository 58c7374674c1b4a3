"""The transactional outbox and the processed-events log.

Every service's database holds two tables beside its own:

* `outbox_messages`: an event a change produced, written in the change's own
  transaction; the relay publishes it with broker confirms, then marks it sent.
  A crash between the two publishes it again: consumers are idempotent.
* `processed_events`: the id of every event a handler applied, written in the
  same transaction as its effect, so a redelivered event changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import eventlet
from eventlet.event import Event
from nameko.standalone.events import get_event_exchange
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    update,
)

from microtache.clock import clock_headers, utcnow
from microtache.envelopes import message_headers
from microtache.outages import is_outage
from microtache.publishing import BatchPublisher
from microtache.types import UtcDateTime

if TYPE_CHECKING:
    from microtache.database import Store

log = logging.getLogger(__name__)


def messaging_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add the outbox and processed-events tables to a service's metadata."""
    outbox = Table(
        "outbox_messages",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(100), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("sent_at", UtcDateTime(), nullable=True, index=True),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False),
        Column("consumer", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
        UniqueConstraint("event_id", "consumer", name="uq_processed_event_consumer"),
    )
    return outbox, processed


class OutboxRelay:
    """Publishes a service's unsent outbox rows, oldest first.

    Woken right after a commit that wrote events, and sweeping every
    `poll_interval` seconds for rows a crash left behind. Rows are claimed with
    `FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas share the work; on
    SQLite the store's writer lock keeps the process to one relay pass at a time.
    A batch is confirmed by the broker before its rows are marked sent; each
    message carries the platform clock's offset in its headers (S4).
    """

    batch_size = 100

    def __init__(self, store: Store, config: Mapping[str, Any], poll_interval: float) -> None:
        self.store = store
        self.outbox = store.tables[0]
        self.publisher = BatchPublisher(
            config["AMQP_URI"], get_event_exchange(store.service_name, config)
        )
        self.poll_interval = poll_interval
        self._wake = Event()
        self._running = False

    def wake(self) -> None:
        if not self._wake.ready():
            self._wake.send(True)

    def run(self) -> None:
        self._running = True
        while self._running:
            try:
                while self.publish_pending():
                    pass
            except Exception as exc:
                if is_outage(exc):  # the broker or the database: it will be back
                    log.warning("outbox relay waits: %s", exc)
                else:
                    log.exception("outbox relay failed; retrying")
                eventlet.sleep(self.poll_interval)
            with eventlet.Timeout(self.poll_interval, False):
                self._wake.wait()
            self._wake = Event()

    def stop(self) -> None:
        self._running = False
        self.wake()
        self.publisher.close()

    def publish_pending(self) -> bool:
        """Publish one batch, each message confirmed by the broker before its row
        is marked sent; True when there may be more."""
        query = (
            select(self.outbox.c.id, self.outbox.c.event_type, self.outbox.c.payload)
            .where(self.outbox.c.sent_at.is_(None))
            .order_by(self.outbox.c.id)
            .limit(self.batch_size)
        )
        if self.store.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        with self.store.writer, self.store.engine.begin() as conn:
            rows = conn.execute(query).all()
            clock = clock_headers(self.store.clock)
            messages = [(json.loads(row.payload), row.event_type) for row in rows]
            self.publisher.publish_all(
                [(body, event_type, message_headers(clock, body)) for body, event_type in messages]
            )
            # counted once confirmed, before the rows stop counting as unsent: the
            # fast-forward (S4) never sees a published event as neither
            self.store.activity.relayed(len(rows))
            if rows:
                conn.execute(
                    update(self.outbox)
                    .where(self.outbox.c.id.in_([row.id for row in rows]))
                    .values(sent_at=utcnow())
                )
        return len(rows) == self.batch_size
