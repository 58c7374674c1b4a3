"""Firing due deadlines: claim the rows, publish each event with broker confirms,
then mark them fired, in one transaction (S1-S3).

Several scheduler replicas may run: on PostgreSQL each claims its rows with
`SELECT ... FOR UPDATE SKIP LOCKED`, so a row is published by one replica only;
on SQLite `BEGIN IMMEDIATE` makes a replica the only writer while it fires. A
crash after publishing but before the commit publishes the row again, with the
same event id: consumers apply it once.
"""

import collections
import logging
from contextlib import contextmanager

from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from sqlalchemy import select, update

from microtache.clock import clock_headers
from microtache.envelopes import message_headers
from microtache.logs import ENVELOPE_KEY
from microtache.publishing import BatchPublisher

from scheduler.adapters.orm import PENDING, deadlines
from scheduler.contract import DeadlineReached
from scheduler.domain.deadlines import firing_event_id

log = logging.getLogger(__name__)


REACHED = DeadlineReached()


def fired_event(key, generation, due_at, event_type, payload, request_id=None):
    """What the owner receives: its payload and event type, with the scheduler's fields
    (`key`, `due_at`) dumped through the contract; it occurred when it fell due, and
    carries the same event id each time this deadline fires (S3), and the id of the
    request that asked for it (microtache.logs)."""
    reached = REACHED.dump({"key": key, "due_at": due_at})
    return {
        **payload,
        "event_id": firing_event_id(key, generation),
        "event_type": event_type,
        "occurred_at": reached["due_at"],
        "version": 1,
        **({ENVELOPE_KEY: request_id} if request_id else {}),
        **reached,
    }


class LagMeter:
    """How late the deadlines fire: platform time at firing minus due time."""

    def __init__(self, window=10_000):
        self.recent = collections.deque(maxlen=window)
        self.fired = 0

    def record(self, lag_seconds):
        self.recent.append(lag_seconds)
        self.fired += 1

    def summary(self):
        ordered = sorted(self.recent)

        def quantile(q):
            return (
                round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)
                if ordered
                else None
            )

        return {
            "fired": self.fired,
            "window": len(ordered),
            "lag_p50_ms": quantile(0.5),
            "lag_p99_ms": quantile(0.99),
            "lag_max_ms": quantile(1.0),
        }


def broker_publisher(config, service_name):
    """Publish a batch of events on the service's exchange; returns once the broker
    confirmed them all."""
    publisher = BatchPublisher(config["AMQP_URI"], get_event_exchange(service_name, config))

    def publish(events, headers):
        publisher.publish_all(
            [(event, event["event_type"], message_headers(headers, event)) for event in events]
        )

    return publish


class Firing:
    def __init__(self, publish):
        self.publish = publish  # publish(events, headers): all confirmed, or raises
        self.lag = LagMeter()
        self.holds = 0

    @contextmanager
    def held(self):
        """While the clock is being moved forward, the timer leaves firing to it."""
        self.holds += 1
        try:
            yield
        finally:
            self.holds -= 1

    def fire_due_on_time(self, store):
        """The timer's round: everything due, unless a fast-forward is firing."""
        while not self.holds and self.fire_due(store):
            pass

    def fire_due(self, store, limit=500):
        """Fire up to `limit` deadlines due on the platform clock; how many fired."""
        now = store.clock.now()
        claim = (
            select(
                deadlines.c.id,
                deadlines.c.key,
                deadlines.c.generation,
                deadlines.c.due_at,
                deadlines.c.event_type,
                deadlines.c.payload,
                deadlines.c.request_id,
            )
            .where(PENDING, deadlines.c.due_at <= now)
            .order_by(deadlines.c.due_at, deadlines.c.id)
            .limit(limit)
        )
        postgres = store.engine.dialect.name == "postgresql"
        if postgres:
            claim = claim.with_for_update(skip_locked=True)
        with store.writer, store.engine.connect() as conn:
            if not postgres:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            rows = conn.execute(claim).all()
            self.publish(
                [
                    fired_event(
                        *row[1:]
                    )  # key, generation, due_at, event_type, payload, request_id
                    for row in rows
                ],
                clock_headers(store.clock),
            )
            if rows:
                fired_at = store.clock.now()
                conn.execute(
                    update(deadlines)
                    .where(deadlines.c.id.in_([r.id for r in rows]))
                    .values(fired_at=fired_at)
                )
            conn.commit()
        for row in rows:
            self.lag.record((fired_at - row.due_at).total_seconds())
        return len(rows)


class DeadlineFiring(DependencyProvider):
    """Nameko dependency: the scheduler's publisher of fired deadlines and its lag meter."""

    def setup(self):
        self.firing = Firing(broker_publisher(self.container.config, self.container.service_name))

    def get_dependency(self, worker_ctx):
        return self.firing
