"""Logs that follow a request across services (issue 20).

The gateway takes each HTTP request's id from `X-Request-Id` (when it is a sane one)
or makes one, answers it in the same header, and puts it in the worker's Nameko
context data (`request_id`). Nameko copies context data into the headers of every RPC
a worker makes, and into the context of the worker that receives it; events leave
through the outbox, whose envelope keeps the id as `correlation_id` and whose relay
puts it back in the message's headers; the scheduler keeps it with each deadline and
fires the deadline with it. So every line of work one request causes knows its id.

`RequestLog`, a dependency of every service (and the gateway), makes the worker's id
the current one while the worker runs (a green-thread local: one per worker), and
writes one line per entrypoint with its outcome and duration. `RequestIdFilter` puts
`request_id` on every log record; `formatter()` writes JSON lines (`LOG_FORMAT=json`,
what the image sets) or readable ones (development). config.yaml's LOGGING wires them.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from nameko.extensions import DependencyProvider

from microtache import tracing
from microtache.errors import MicrotacheError

CONTEXT_KEY = "request_id"  # Nameko context data; header `nameko.request_id` on the bus
# in an event's envelope (not `request_id`: a buyer request's id is a payload's field)
ENVELOPE_KEY = "correlation_id"
HEADER = "X-Request-Id"  # HTTP, both ways
SANE = re.compile(r"^[A-Za-z0-9._:/+=-]{1,128}$")  # what a caller's id may be; else a new one

PROBES = frozenset({"ping", "activity"})  # readiness and the clock's settling: DEBUG, as timers

log = logging.getLogger("microtache.requests")
_current = threading.local()  # green under eventlet: each worker has its own


def current() -> str | None:
    """The request id of the work under way here, if it has one."""
    return getattr(_current, "request_id", None)


def from_caller(value: str | None) -> str:
    """The caller's id when it is a sane one (letters, digits, `._:/+=-`, at most 128),
    else a fresh one: a log line never carries what a client chose to inject."""
    return value if value and SANE.match(value) else uuid.uuid4().hex


@contextmanager
def working_on(request_id: str | None) -> Iterator[None]:
    """`with working_on(row.request_id):` for work done outside a worker (the outbox
    relay, a deadline firing): its log lines carry that request's id."""
    before = current()
    _current.request_id = request_id
    try:
        yield
    finally:
        _current.request_id = before


class RequestLog(DependencyProvider):
    """A worker's trail: its request id as the current one, its span (microtache.tracing),
    and a line per entrypoint:
    `rpc orders.place_order ok 12.3 ms`, `http gateway.place_order PaymentFailed 80.1 ms`
    (INFO; timers and probes at DEBUG)."""

    def setup(self) -> None:
        tracing.configure(self.container.service_name)

    def worker_setup(self, worker_ctx: Any) -> None:
        _current.request_id = worker_ctx.data.get(CONTEXT_KEY)
        _current.started = time.perf_counter()
        tracing.start(worker_ctx, kind_of(worker_ctx.entrypoint))

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        elapsed_ms = (time.perf_counter() - getattr(_current, "started", time.perf_counter())) * 1e3
        tracing.finish(exc_info)
        entrypoint = worker_ctx.entrypoint
        kind = kind_of(entrypoint)
        routine = kind == "timer" or entrypoint.method_name in PROBES
        log.log(
            logging.DEBUG if routine else logging.INFO,
            "%s %s.%s %s %.1f ms",
            kind,
            worker_ctx.service_name,
            entrypoint.method_name,
            "ok" if exc_info is None else exc_info[0].__name__,
            elapsed_ms,
        )

    def worker_teardown(self, worker_ctx: Any) -> None:
        _current.request_id = None

    def get_dependency(self, worker_ctx: Any) -> str | None:
        return worker_ctx.data.get(CONTEXT_KEY)


def kind_of(entrypoint: Any) -> str:
    """`rpc`, `event`, `http`, `timer`... from the entrypoint's class."""
    name = type(entrypoint).__name__.lower()
    for kind in ("rpc", "event", "http", "route", "timer", "consumer"):
        if kind in name:
            return "http" if kind == "route" else kind
    return name


class RequestIdFilter(logging.Filter):
    """Puts `request_id` (or `-`) on every record, for the formatter to write."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current() or "-"
        return True


class ExpectedErrorFilter(logging.Filter):
    """Drops Nameko's traceback for a worker whose error is a refusal its caller is told
    (a `MicrotacheError` below 500: bad input, a rule, not found): RequestLog's line
    already says it (`rpc orders.place_order RuleViolation 3.1 ms`), and a traceback
    per 4xx buries the real failures. Unexpected errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "nameko.containers" or not record.exc_info:
            return True
        error = record.exc_info[1]
        return not (isinstance(error, MicrotacheError) and error.status < 500)


PLAIN = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(request_id)s %(message)s"


def formatter(kind: str = "plain") -> logging.Formatter:
    """`json`: one JSON object a line (timestamp, level, logger, request_id, message,
    and the traceback as `exc_info`), for a log collector; else readable lines."""
    if kind == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter(
            JSON_FIELDS,
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp=True,  # ISO 8601, UTC
        )
    if kind != "plain":
        raise ValueError(f"LOG_FORMAT is {kind!r}: it must be 'json' or 'plain'")
    return logging.Formatter(PLAIN)
