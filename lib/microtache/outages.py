"""Telling an outage from a mistake.

A failure is an *outage* when the same request would succeed once a dependency
answers again: the broker or the database is unreachable, a connection was cut,
another service did not answer in time. Everything else (bad input, a broken
rule, a bug) is not, and retrying it changes nothing.

The difference decides what the system does:

* a service's database that does not answer becomes `ServiceUnavailable`
  (`database_outage` below, used by every unit of work), which the gateway
  answers with 503 and `Retry-After`, never 500;
* an event handler that fails for an outage is retried for as long as the
  outage lasts (`microtache.events`); a handler that fails otherwise is retried
  on the schedule, then parked in the dead-letter queue.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import amqp.exceptions
import eventlet
import kombu.exceptions

from microtache.errors import ServiceUnavailable

_BROKER_OUTAGES = (
    kombu.exceptions.OperationalError,
    amqp.exceptions.ConnectionError,
    ConnectionError,
    socket.timeout,
    socket.gaierror,
    TimeoutError,
)


def is_database_outage(exc: BaseException) -> bool:
    # Read from sys.modules rather than imported: a process without a database (the
    # gateway) never loads SQLAlchemy (12 MiB), and then none of its errors can occur.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None:
        return False
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(
        exc,
        (
            sa_exc.OperationalError,
            sa_exc.InterfaceError,
            sa_exc.DisconnectionError,
            sa_exc.TimeoutError,
        ),
    )


def is_broker_outage(exc: BaseException) -> bool:
    return isinstance(exc, _BROKER_OUTAGES)


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` says "try again later" rather than "this cannot work"."""
    return (
        isinstance(exc, (ServiceUnavailable, eventlet.Timeout))
        or is_database_outage(exc)
        or is_broker_outage(exc)
    )


@contextmanager
def database_outage(service_name: str) -> Iterator[None]:
    """Turn a database that does not answer into `ServiceUnavailable` (a 503)."""
    try:
        yield
    except Exception as exc:
        if is_database_outage(exc) and not isinstance(exc, ServiceUnavailable):
            raise ServiceUnavailable(
                f"The {service_name} database is not answering.",
                {"service": service_name, "reason": exc.__class__.__name__},
            ) from exc
        raise
