"""Prometheus metrics, and the cheap probes, of every service and the gateway (issue 20).

`Metrics`, a dependency of every service (`microtache.service.ServiceProbes`) and of the
gateway, records each entrypoint's work in the process's registry:

* `microtache_rpc_duration_seconds{service,method}` (histogram) and
  `microtache_rpc_errors_total{service,method,error}`: the RPCs a service answered;
* `microtache_http_request_duration_seconds{service,route}` (histogram) and
  `microtache_http_requests_total{service,route,status}`: the gateway's routes, by name;
* `microtache_event_handling_duration_seconds{service,queue,handler}` (histogram);
  `microtache_events_handled_total{service,queue,handler,outcome}` (ok, retried, parked,
  requeued) is counted by `microtache.events`, where the outcome is decided.

and reads these when Prometheus scrapes (nothing runs between two scrapes):

* `microtache_outbox_unsent{service}`, `microtache_outbox_oldest_unsent_age_seconds{service}`:
  events committed and not yet published (`microtache.outbox`);
* `microtache_dead_letters{service,queue}`: events parked in `<queue>.dead`, by a passive
  declare through one broker connection the process keeps, at most every
  `DEAD_LETTERS_CACHE_SECONDS`;
* whatever the service adds (`Metrics(gauges=...)`: the scheduler's lag and due deadlines).

The business counters (`ORDERS_PLACED`, `MONEY_ESCROWED`...) are incremented by the
services once the transaction that makes the fact true commits (`on_commit`).

`METRICS_PORT` (config.yaml; empty: none, 0: any free port) is each process's own HTTP
port, served by a green thread of the service: `GET /metrics` (Prometheus' text format),
`GET /healthz` (the process runs) and `GET /readyz` (the service's database answers and
the container's own broker connection is up: no new connection per probe). Kubernetes
probes and scrapes it (deploy/k8s); docs/operations.md, "Metrics", lists every series.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nameko.extensions import DependencyProvider
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from microtache.logs import kind_of

if TYPE_CHECKING:
    from nameko.containers import ServiceContainer, WorkerContext

    from microtache.database import Store, UnitOfWork

log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
DEAD_LETTERS_CACHE_SECONDS = 5.0
PROBE_PATHS = ("/healthz", "/readyz", "/metrics")

# -- each entrypoint's work ---------------------------------------------------------

RPC_SECONDS = Histogram(
    "microtache_rpc_duration_seconds",
    "Seconds a service took to answer an RPC (its worker's time).",
    ["service", "method"],
    buckets=LATENCY_BUCKETS,
)
RPC_ERRORS = Counter(
    "microtache_rpc_errors_total",
    "RPCs a service answered with an error, by the error's class.",
    ["service", "method", "error"],
)
HTTP_SECONDS = Histogram(
    "microtache_http_request_duration_seconds",
    "Seconds the gateway took to answer a request, by route (the route method's name).",
    ["service", "route"],
    buckets=LATENCY_BUCKETS,
)
HTTP_REQUESTS = Counter(
    "microtache_http_requests_total",
    "Requests the gateway answered, by route and status.",
    ["service", "route", "status"],
)
EVENT_SECONDS = Histogram(
    "microtache_event_handling_duration_seconds",
    "Seconds an event handler took, whatever its outcome.",
    ["service", "queue", "handler"],
    buckets=LATENCY_BUCKETS,
)
EVENTS_HANDLED = Counter(
    "microtache_events_handled_total",
    "Events settled by their handler: ok, retried (sent to a retry queue), parked (in "
    "<queue>.dead), requeued (could not be rescheduled: the broker has it back).",
    ["service", "queue", "handler", "outcome"],
)

# -- business facts, counted when their transaction commits --------------------------

ORDERS_PLACED = Counter("microtache_orders_placed_total", "Orders placed (O1, P2).")
ORDERS_COMPLETED = Counter("microtache_orders_completed_total", "Orders completed (O10).")
ORDERS_CANCELLED = Counter("microtache_orders_cancelled_total", "Orders cancelled.")
MONEY_ESCROWED = Counter(
    "microtache_money_escrowed_minor_units_total",
    "Money paid into orders' escrow (prices, extras and their fees; P2), in minor units.",
    ["currency"],
)
MONEY_CLEARED = Counter(
    "microtache_money_cleared_minor_units_total",
    "Sellers' earnings cleared: pending to available (P3), in minor units.",
    ["currency"],
)
MONEY_WITHDRAWN = Counter(
    "microtache_money_withdrawn_minor_units_total",
    "Money sellers withdrew (P6), in minor units.",
    ["currency"],
)


def on_commit(uow: UnitOfWork, action: Callable[[], object]) -> None:
    """Run `action` once `uow`'s transaction has committed (never if it rolls back):
    `metrics.on_commit(uow, metrics.ORDERS_PLACED.inc)`."""
    from sqlalchemy import event

    def committed(_session: Any) -> None:
        try:
            action()
        except Exception:  # a metric never fails the work it counts
            log.exception("could not count a committed fact")

    session = getattr(uow, "session", None)
    if session is not None:  # a unit test's fake unit of work commits nothing: no count
        event.listen(session, "after_commit", committed, once=True)


def count_money(counter: Counter, uow: UnitOfWork, money: Any) -> None:
    """Add a `Money` (amount in minor units, currency) to `counter` once `uow` commits."""
    amount, currency = int(money.amount), str(money.currency)
    on_commit(uow, lambda: counter.labels(currency=currency).inc(amount))


# -- gauges read on scrape ------------------------------------------------------------


@dataclass
class Reading:
    """One sample a service's `gauges` callable gives: `microtache_<name>`."""

    name: str
    help: str
    value: float
    labels: dict[str, str] = field(default_factory=dict)
    counter: bool = False  # a running total (its name ends in _total)


Gauges = Callable[["ServiceContainer"], Iterable[Reading]]


class _Scraped(Collector):
    """The process's gauges read on scrape: each service's (one container per name:
    a second replica in one process, as in tests, reads the same database)."""

    def __init__(self) -> None:
        self.sources: dict[str, Metrics] = {}

    def collect(self) -> Iterator[Metric]:
        families: dict[str, CounterMetricFamily | GaugeMetricFamily] = {}
        for service, source in list(self.sources.items()):
            try:
                readings = list(source.read_gauges())
            except Exception:
                log.warning("could not read %s's gauges", service, exc_info=True)
                continue
            for reading in readings:
                labels = {"service": service, **reading.labels}
                family = families.get(reading.name)
                if family is None:
                    family = families[reading.name] = (
                        CounterMetricFamily(
                            reading.name.removesuffix("_total"), reading.help, labels=list(labels)
                        )
                        if reading.counter
                        else GaugeMetricFamily(reading.name, reading.help, labels=list(labels))
                    )
                family.add_metric(list(labels.values()), reading.value)
        yield from families.values()

    def describe(self) -> Iterable[Metric]:
        return []  # read on scrape: nothing to check at registration


SCRAPED = _Scraped()
REGISTRY.register(SCRAPED)


class ServiceView:
    """The process's registry as one service's port shows it: that service's samples
    and those of no service (process_*, python_*, the business counters). A process
    runs one service, so this is all of it; in tests several share a process."""

    def __init__(self, service: str) -> None:
        self.service = service

    def collect(self) -> Iterator[Metric]:
        for family in REGISTRY.collect():
            samples = [
                s for s in family.samples if s.labels.get("service", self.service) == self.service
            ]
            if samples or not family.samples:
                family.samples = samples
                yield family


def dependency(container: ServiceContainer, attr_name: str) -> Any:
    """The dependency provider a service class declares as `attr_name` (`db`, `firing`)."""
    for provider in container.dependencies:
        if provider.attr_name == attr_name:
            return provider
    raise LookupError(f"{container.service_name} has no dependency {attr_name!r}")


def _store(container: ServiceContainer) -> Store | None:
    from microtache.database import Database

    for provider in container.dependencies:
        if isinstance(provider, Database) and provider.store is not None:
            return provider.store
    return None


def outbox_readings(store: Store) -> list[Reading]:
    """Unsent outbox rows and the age of the oldest, on the platform clock (S4) the rows
    were written on: one indexed query."""
    from sqlalchemy import func, select

    outbox = store.tables[0]
    with store.engine.connect() as conn:
        count, oldest = conn.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
        ).one()
    if oldest is not None and oldest.tzinfo is None:  # SQLite's func.min is plain text
        from datetime import UTC, datetime

        oldest = datetime.fromisoformat(str(oldest)).replace(tzinfo=UTC)
    age = max(0.0, (store.clock.now() - oldest).total_seconds()) if oldest is not None else 0.0
    return [
        Reading("microtache_outbox_unsent", "Events committed and not yet published.", count),
        Reading(
            "microtache_outbox_oldest_unsent_age_seconds",
            "Age of the oldest unpublished event (0: none): the relay cannot publish.",
            age,
        ),
    ]


class DeadLetters:
    """`<queue>.dead` depths of a service's handler queues: passive declares through one
    connection kept open (no heartbeat: it only ever asks), at most every `cache`
    seconds; a broken connection is opened again at the next scrape."""

    def __init__(self, uri: str, queue_names: list[str], cache: float) -> None:
        self.uri, self.queue_names, self.cache = uri, queue_names, cache
        self.connection: Any = None
        self.lock = threading.Lock()  # green: one scrape at a time on the channel
        self.read_at = 0.0
        self.counts: dict[str, int] = {}

    def read(self) -> dict[str, int]:
        with self.lock:
            if time.monotonic() - self.read_at >= self.cache:
                self.counts = self._declare_all()
                self.read_at = time.monotonic()
            return self.counts

    def _declare_all(self) -> dict[str, int]:
        from kombu import Connection

        from microtache.events import dead_letter_queue

        if self.connection is None:
            self.connection = Connection(self.uri, heartbeat=0, connect_timeout=2)
        counts = {}
        try:
            channel = self.connection.default_channel
            for name in self.queue_names:
                queue = dead_letter_queue(name)(channel)
                try:
                    counts[name] = queue.queue_declare(passive=True).message_count
                except self.connection.channel_errors:  # not declared yet: the channel closed
                    channel = self.connection.default_channel = self.connection.channel()
        except Exception:
            self.close()
            raise
        return counts

    def close(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            try:
                connection.release()
            except Exception:
                log.debug("could not close the dead letters' connection", exc_info=True)


# -- the probes -----------------------------------------------------------------------


def broker_connection_problem(container: ServiceContainer) -> str | None:
    """None when the container's own consuming connection to the broker is up (read from
    the sockets Nameko's queue consumer holds: nothing is sent); else what is wrong."""
    from nameko.messaging import QueueConsumer

    consumers = [ext for ext in container.subextensions if isinstance(ext, QueueConsumer)]
    if not consumers:
        return None  # a service that consumes nothing holds no connection
    for queue_consumer in consumers:
        if not queue_consumer._consumers:
            return "not consuming"
        for consumer in queue_consumer._consumers.values():
            connection = getattr(consumer.channel, "connection", None)
            if connection is None or not getattr(connection, "connected", False):
                return "the broker connection is down"
    return None


def alive_problems(container: ServiceContainer) -> dict[str, str]:
    """/healthz: the process runs its service and holds its broker connection (as
    `microtache probe --live` did: Nameko reconnects by itself, the probe's failure
    threshold gives it time)."""
    if container._died.ready():
        return {"container": "dead"}
    return {"broker": broker_connection_problem(container) or "ok"}


def ready_problems(container: ServiceContainer) -> dict[str, str]:
    """/readyz: that, the gateway's HTTP server runs, and the service's database answers."""
    from nameko.web.server import WebServer

    checks = alive_problems(container)
    for server in [ext for ext in container.subextensions if isinstance(ext, WebServer)]:
        running = server._gt is not None and not server._gt.dead  # the gateway's HTTP
        checks["http"] = "ok" if running else "not serving"
    store = _store(container)
    if store is not None:
        try:
            store.ping()
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"failing: {exc.__class__.__name__}"
    return checks


# -- the dependency ---------------------------------------------------------------------


def metrics_port(config: Any) -> int | None:
    """`METRICS_PORT`: None when empty (no port)."""
    from microtache.config import setting

    port = str(setting(config, "METRICS_PORT"))
    return int(port) if port else None


class Metrics(DependencyProvider):
    """Times and counts every entrypoint; registers the service's gauges; serves
    `METRICS_PORT`. `Metrics(gauges=fn)`: `fn(container)` gives the service's own
    `Reading`s, read on each scrape."""

    def __init__(self, gauges: Gauges | None = None) -> None:
        self.gauges = gauges
        self.dead_letters: DeadLetters | None = None
        self.port: int | None = None  # the bound metrics port, once serving
        self._server: Any = None
        self._started = threading.local()

    def setup(self) -> None:
        from microtache.events import handler_queues

        config = self.container.config
        names = [queue.name for queue in handler_queues(config, self.container.service_cls)]
        if names:
            self.dead_letters = DeadLetters(config["AMQP_URI"], names, DEAD_LETTERS_CACHE_SECONDS)

    def start(self) -> None:
        SCRAPED.sources.setdefault(self.container.service_name, self)
        port = metrics_port(self.container.config)
        if port is not None:
            try:
                self.serve(port)
            except OSError as exc:  # another process of this host has it (make run)
                log.warning("metrics port %s not served: %s", port, exc)

    def stop(self) -> None:
        if SCRAPED.sources.get(self.container.service_name) is self:
            del SCRAPED.sources[self.container.service_name]
        if self.dead_letters is not None:
            self.dead_letters.close()
        if self._server is not None:
            self._server.kill()
            self._server = None

    kill = stop

    # entrypoints
    def worker_setup(self, worker_ctx: WorkerContext) -> None:
        self._started.at = time.perf_counter()

    def worker_result(
        self, worker_ctx: WorkerContext, result: Any = None, exc_info: Any = None
    ) -> None:
        try:
            self._record(worker_ctx, result, exc_info)
        except Exception:  # a metric never fails the work it measures
            log.exception("could not record a worker's metrics")

    def _record(self, worker_ctx: WorkerContext, result: Any, exc_info: Any) -> None:
        elapsed = time.perf_counter() - getattr(self._started, "at", time.perf_counter())
        entrypoint = worker_ctx.entrypoint
        service, method = worker_ctx.service_name, entrypoint.method_name
        kind = kind_of(entrypoint)
        if kind == "rpc":
            RPC_SECONDS.labels(service, method).observe(elapsed)
            if exc_info is not None:
                RPC_ERRORS.labels(service, method, exc_info[0].__name__).inc()
        elif kind == "http":
            HTTP_SECONDS.labels(service, method).observe(elapsed)
            HTTP_REQUESTS.labels(
                service, method, str(http_status(entrypoint, result, exc_info))
            ).inc()
        elif kind == "event":
            queue = getattr(getattr(entrypoint, "queue", None), "name", "")
            EVENT_SECONDS.labels(service, queue, method).observe(elapsed)

    def get_dependency(self, worker_ctx: WorkerContext) -> Metrics:
        return self

    # scrape
    def read_gauges(self) -> Iterator[Reading]:
        store = _store(self.container)
        if store is not None:
            yield from outbox_readings(store)
        if self.dead_letters is not None:
            for queue, count in self.dead_letters.read().items():
                yield Reading(
                    "microtache_dead_letters",
                    "Events parked in <queue>.dead: each needs a person (microtache dead-letters).",
                    count,
                    {"queue": queue},
                )
        if self.gauges is not None:
            yield from self.gauges(self.container)

    def broker_problem(self) -> str | None:
        """None when the container's broker connection is up (the gateway's /ready asks)."""
        return broker_connection_problem(self.container)

    # the port
    def serve(self, port: int, address: str = "0.0.0.0") -> int:
        """Serve /metrics, /healthz and /readyz on `port` (0: any free one) in a green
        thread of the container; the port bound."""
        import eventlet.wsgi

        if self._server is not None:
            return self.port  # type: ignore[return-value]
        sock = eventlet.listen((address, port))
        self.port = sock.getsockname()[1]
        app = ProbeApp(self.container)
        self._server = self.container.spawn_managed_thread(
            lambda: eventlet.wsgi.server(sock, app, log_output=False, log=_QUIET),
            identifier="metrics-server",
        )
        log.info("metrics and probes on port %s", self.port)
        return self.port


class _Quiet:
    def write(self, *_: Any) -> None:
        pass

    def info(self, *_: Any, **__: Any) -> None:
        pass

    debug = error = warning = info


_QUIET = _Quiet()


def http_status(entrypoint: Any, result: Any, exc_info: Any) -> int:
    """The status a gateway route answered with (gateway.http.Route's rules)."""
    from microtache.errors import MicrotacheError
    from microtache.outages import is_outage

    if exc_info is not None:
        exc = exc_info[1]
        if isinstance(exc, MicrotacheError):
            return int(exc.status)
        return 503 if is_outage(exc) else 500
    status = getattr(result, "status_code", None)
    if status is not None:
        return int(status)
    if isinstance(result, tuple) and result and isinstance(result[0], int):
        return result[0]
    return int(getattr(entrypoint, "status", 200))


class ProbeApp:
    """The WSGI app of the metrics port."""

    def __init__(self, container: ServiceContainer) -> None:
        self.container = container
        self.view = ServiceView(container.service_name)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"GET only\n")
        if path == "/metrics":
            return _answer(
                start_response, "200 OK", generate_latest(self.view), CONTENT_TYPE_LATEST
            )
        if path in ("/healthz", "/readyz"):
            checks = (alive_problems if path == "/healthz" else ready_problems)(self.container)
            ok = all(value == "ok" for value in checks.values())
            body = "".join(f"{name} {value}\n" for name, value in checks.items()).encode()
            return _answer(start_response, "200 OK" if ok else "503 Service Unavailable", body)
        return _answer(start_response, "404 Not Found", b"/metrics, /healthz or /readyz\n")


def _answer(
    start_response: Any, status: str, body: bytes, content_type: str = "text/plain; charset=utf-8"
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def exposition(service: str | None = None) -> tuple[bytes, str]:
    """The process's metrics in Prometheus' text format (one service's view, if named)."""
    return generate_latest(ServiceView(service) if service else REGISTRY), CONTENT_TYPE_LATEST
