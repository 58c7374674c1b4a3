"""Each service's own database: the engine, the unit of work, its Nameko dependency."""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from nameko.extensions import DependencyProvider
from sqlalchemy import Engine, MetaData, Table, create_engine, event, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import Insert

from microtache import startup
from microtache.activity import Activity
from microtache.clock import Clock, ClockListener
from microtache.config import database_url, setting
from microtache.envelopes import envelope
from microtache.errors import RuleViolation
from microtache.migrations import upgrade
from microtache.outages import database_outage
from microtache.outbox import OutboxRelay

if TYPE_CHECKING:
    from nameko.containers import WorkerContext
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

    from microtache.contract import Events

log = logging.getLogger(__name__)

T = TypeVar("T")
EventT = TypeVar("EventT", bound=Mapping[str, Any])


def driver_url(url: str) -> str:
    """PostgreSQL through psycopg2, which eventlet greens (SQLAlchemy 2.1's default,
    psycopg 3, would block every worker of the service while it waits)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """SQLite (the embedded default) or any SQLAlchemy URL; PostgreSQL through
    psycopg2, whose sockets eventlet's monkey patching makes cooperative. A database
    error never prints the statement's parameters (a password hash, a card)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(
            dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry
        ) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    startup.green_psycopg()
    return create_engine(
        driver_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,
    )


class UnitOfWork:
    """One transaction: the service's changes and the events they produce.

    `publish()` writes the event into the outbox inside this transaction;
    `claim()` keeps a consumer idempotent (`Store.handle_once`).

    A service subclasses it to give its repositories as attributes, built on
    `self.session` in its `__init__` (`uow.orders`, `uow.placements`), and hands
    the class to its `Database(..., unit_of_work=...)`.
    """

    def __init__(
        self,
        session: Session,
        tables: tuple[Table, Table],
        clock: Clock,
        service_name: str,
        events: Events | None = None,
    ) -> None:
        self.session = session
        self.events = events  # the contract's EVENTS: every payload is dumped through it
        self.clock = clock
        self.service_name = service_name
        self._outbox, self._processed = tables
        self.published: list[dict[str, Any]] = []
        self.undo: list[Callable[[], object]] = []

    def on_rollback(self, undo: Callable[[], object]) -> None:
        """Run `undo` if this unit of work does not commit: for what it did outside its
        database (e.g. uploads claimed in storage, `microtache.files`)."""
        self.undo.append(undo)

    def now(self) -> datetime:
        return self.clock.now()

    def publish(self, event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        if self.events is not None:
            payload = self.events.dump(event_type, payload)
        message = envelope(event_type, payload, self.now())
        self.session.execute(
            _statements(self._outbox, self._processed, self._dialect()).publish,
            {
                "event_id": message["event_id"],
                "event_type": event_type,
                "payload": json.dumps(message),
                "created_at": self.now(),
            },
        )
        self.published.append(message)
        return message

    def claim(self, event_id: str, consumer: str) -> bool:
        """Record that `consumer` applies the event in this transaction; False if it was
        recorded before (nothing is written then). One statement: the unique key on
        (event_id, consumer) skips a duplicate, and on PostgreSQL a duplicate being
        applied at the same moment waits for the first one's transaction, then skips
        if it committed. Rolled back with the transaction, the claim is gone too."""
        claimed = self.session.execute(
            _statements(self._outbox, self._processed, self._dialect()).claim,
            {"event_id": event_id, "consumer": consumer, "processed_at": self.now()},
        )
        return bool(cast(CursorResult[Any], claimed).rowcount)

    def handled_before(self, event_id: str, consumer: str) -> bool:
        found = self.session.execute(
            select(self._processed.c.id).where(
                self._processed.c.event_id == event_id, self._processed.c.consumer == consumer
            )
        )
        return found.first() is not None

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name


class _Statements:
    """The outbox's and the processed events' INSERTs of a service, built once: building
    one for every event cost more than SQLite took to run it, and SQLAlchemy keeps a
    statement's cache key on the statement."""

    def __init__(self, outbox: Table, processed: Table, dialect: str) -> None:
        self.publish: Insert = insert(outbox)
        on_conflict = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.claim = on_conflict(processed).on_conflict_do_nothing(
            index_elements=["event_id", "consumer"]
        )


@functools.cache
def _statements(outbox: Table, processed: Table, dialect: str) -> _Statements:
    return _Statements(outbox, processed, dialect)


_sqlite_writers: dict[str, threading.RLock] = {}
_sqlite_writers_guard = threading.Lock()


def writer_lock(url: str) -> AbstractContextManager[bool | None]:
    """SQLite lets one writer in at a time and makes the others wait in C, which
    would freeze every green thread of the process: so, within a process, units
    of work on one SQLite file take turns on a (green) lock instead. PostgreSQL
    needs none."""
    if not url.startswith("sqlite"):
        return nullcontext()
    with _sqlite_writers_guard:
        return _sqlite_writers.setdefault(url, threading.RLock())


class Store:
    """A service's database: sessions, the outbox relay, and migrations."""

    def __init__(
        self,
        service_name: str,
        metadata: MetaData,
        url: str,
        clock: Clock,
        migrations_package: str | None = None,
        config: Mapping[str, Any] | None = None,
        poll_interval: float = 1.0,
        activity: Activity | None = None,
        events: Events | None = None,
        unit_of_work: type[UnitOfWork] | None = None,
    ) -> None:
        self.service_name = service_name
        self.events = events
        self.unit_of_work_class = unit_of_work or UnitOfWork
        self.url = url
        self.writer = writer_lock(url)
        self.activity = activity or Activity()
        pool_size = int(setting(config, "DATABASE_POOL_SIZE")) if config is not None else 10
        self.engine = make_engine(url, pool_size)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.tables = (metadata.tables["outbox_messages"], metadata.tables["processed_events"])
        self.clock = clock
        self.migrations_package = migrations_package
        self.relay: OutboxRelay | None = None
        if config is not None:
            self.relay = OutboxRelay(self, config, poll_interval)

    def migrate(self) -> None:
        if self.migrations_package:
            upgrade(self.migrations_package, self.url)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction; a database that does not answer is `ServiceUnavailable`."""
        with self.writer, database_outage(self.service_name), refused_text():
            session = self.sessions()
            uow = self.unit_of_work_class(
                session, self.tables, self.clock, self.service_name, self.events
            )
            try:
                yield uow
                session.commit()
            except BaseException:
                _quietly(session.rollback)
                for undo in reversed(uow.undo):
                    _quietly(undo)
                raise
            finally:
                _quietly(session.close)
        if uow.published and self.relay:
            self.relay.wake()

    @contextmanager
    def read_only(self) -> Iterator[UnitOfWork]:
        """A unit of work for queries: no writer lock (SQLite's WAL lets readers run
        beside the writer), and nothing it does is committed."""
        with database_outage(self.service_name), refused_text():
            session = self.sessions()
            try:
                yield self.unit_of_work_class(
                    session, self.tables, self.clock, self.service_name, self.events
                )
            finally:
                _quietly(session.rollback)
                _quietly(session.close)

    def unsent_count(self) -> int:
        outbox = self.tables[0]
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            ).scalar_one()

    def handle_once(
        self, event: EventT, handler: Callable[[Any, EventT], T], consumer: str
    ) -> T | None:
        """Apply `handler(uow, event)` unless `consumer` already applied the event.

        `consumer` is the name `processed_events` records: a stable string of the
        service's own, never derived from where the handler's code lives, so moving a
        handler does not make a redelivered event look new. `uow` is an instance of
        this store's unit of work class (the service's own subclass of `UnitOfWork`,
        whose repositories its handlers read)."""
        with self.unit_of_work() as uow:
            if not uow.claim(event["event_id"], consumer):
                log.info("%s already handled %s", consumer, event["event_id"])
                return None
            return handler(uow, event)

    def ping(self) -> None:
        with database_outage(self.service_name), self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")


@contextmanager
def refused_text() -> Iterator[None]:
    """PostgreSQL stores no NUL character in text, and psycopg2 refuses one with a
    ValueError: that is the input's fault (422, as docs/fuzzing.md's contract says of
    a rule the OpenAPI document cannot state), never a 500."""
    try:
        yield
    except ValueError as exc:
        if "NUL (0x00)" not in str(exc):
            raise
        raise RuleViolation("Text may not contain NUL (\\u0000) characters.") from exc


def _quietly(close: Callable[[], object]) -> None:
    """Roll back or close a session whose connection may be gone with the database:
    the error that matters is the one already being raised."""
    try:
        close()
    except Exception:
        log.debug("could not %s a session", close.__name__, exc_info=True)


class Database(DependencyProvider):
    """Nameko dependency: a worker gets the service's `Store`.

    Migrations are applied at start unless `MIGRATE_ON_START` is false (as in
    Kubernetes, where a Job runs them before the Deployment rolls).
    """

    clock_listener = ClockListener()
    activity = Activity()

    def __init__(
        self,
        metadata: MetaData,
        migrations_package: str | None = None,
        seed: Callable[[Store, Mapping[str, Any]], object] | None = None,
        events: Events | None = None,
        unit_of_work: type[UnitOfWork] | None = None,
    ) -> None:
        """`events`: the service contract's `EVENTS`, through which `uow.publish` dumps;
        `unit_of_work`: the service's subclass of `UnitOfWork`, which gives its
        repositories as attributes (`uow.orders`)."""
        self.metadata = metadata
        self.events = events
        self.unit_of_work = unit_of_work
        self.migrations_package = migrations_package
        self.seed = seed
        self.store: Store | None = None

    def setup(self) -> None:
        config = self.container.config
        name = self.container.service_name
        self.clock_listener.register_provider(self)
        self.store = Store(
            name,
            self.metadata,
            database_url(name, config),
            self.clock_listener.clock,
            self.migrations_package,
            config,
            float(setting(config, "OUTBOX_POLL_INTERVAL")),
            self.activity,
            self.events,
            self.unit_of_work,
        )
        if config.get("MIGRATE_ON_START", True) not in (False, "false", "0"):
            self.store.migrate()
        if self.seed:
            self.seed(self.store, config)

    def _set_up(self) -> Store:
        if self.store is None:
            raise RuntimeError("the Database dependency is not set up")
        return self.store

    def _relay(self) -> OutboxRelay:
        relay = self._set_up().relay
        if relay is None:
            raise RuntimeError("the Database dependency has no outbox relay")
        return relay

    def start(self) -> None:
        self.container.spawn_managed_thread(self._relay().run)

    def stop(self) -> None:
        self._relay().stop()
        self.clock_listener.unregister_provider(self)

    def kill(self) -> None:
        if self.store is not None and self.store.relay is not None:  # set up, or failed to
            self.store.relay.stop()

    def get_dependency(self, worker_ctx: WorkerContext) -> Store:
        return self._set_up()

    def worker_setup(self, worker_ctx: WorkerContext) -> None:
        self.clock_listener.follow(worker_ctx)
