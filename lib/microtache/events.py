"""Event handlers that lose nothing: retried with back-off, then parked.

Nameko acknowledges an event whose handler raised (`requeue_on_error=False`)
and so forgets it. `@handles(source, event_type)` instead republishes a failed
event to a delay queue of this handler (`<queue>.retry.<n>s`, a TTL queue that
dead-letters back into the handler's queue) for each delay of
`EVENT_RETRY_DELAYS`, and after the last attempt parks it in `<queue>.dead`,
where `microtache dead-letters` lists and replays it.

The dead-letter queue is for events that can never succeed: a malformed
payload (`PermanentFailure`, parked at once), a body that is not even JSON
(parked with kombu's reason), or a handler that keeps failing for no outage.
An event whose handler failed for an outage (its database or another service
not answering: `microtache.outages.is_outage`) is retried at the last delay
for as long as the outage lasts, and applied by itself once it ends.

Handlers still make their effect idempotent (`Store.handle_once`): a retry or
a redelivery of an applied event changes nothing.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from kombu import Connection, Exchange, Queue
from kombu.message import Message
from marshmallow import Schema, ValidationError
from nameko.amqp.publish import Publisher
from nameko.events import EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.messaging import Consumer

from microtache import broker_faults, replies, shutdown  # noqa: F401  (patch Nameko: see each)
from microtache.activity import Activity
from microtache.config import seconds_list
from microtache.metrics import EVENTS_HANDLED
from microtache.outages import is_outage

if TYPE_CHECKING:
    from _typeshed import ExcInfo

log = logging.getLogger(__name__)

ATTEMPT_HEADER = "x-microtache-attempt"
ERROR_HEADER = "x-microtache-error"
DEFAULT_EXCHANGE = Exchange("")


class PermanentFailure(Exception):
    """Raise from a handler when retrying cannot help: the event is parked at once."""


ENVELOPE = ("event_id", "event_type", "occurred_at", "version", "correlation_id")


class ServiceClass(Protocol):
    """A Nameko service class: what the broker's shape is derived from."""

    name: str


def payload_of(schema: Schema, event: Mapping[str, Any]) -> dict[str, Any]:
    """An event's payload loaded with `schema` (the producer contract's), with its
    envelope; a malformed one is parked at once (retrying cannot mend it)."""
    try:
        payload = schema.load(event)
    except ValidationError as exc:
        raise PermanentFailure(
            f"malformed {event.get('event_type')}: {exc.normalized_messages()}"
        ) from exc
    # the envelope (outbox.envelope) is every event's, not the producer contract's
    envelope = {key: event[key] for key in ENVELOPE if key in event and key not in payload}
    return {**payload, **envelope}


def sources_of(source_service: str | Iterable[str]) -> tuple[str, ...]:
    return (source_service,) if isinstance(source_service, str) else tuple(source_service)


def handler_queue_name(
    source_service: str | Iterable[str], event_type: str, service_name: str, method_name: str
) -> str:
    """Nameko's own name for a service-pool handler's queue (`any` for several sources)."""
    sources = sources_of(source_service)
    source = sources[0] if len(sources) == 1 else "any"
    return f"evt-{source}-{event_type}--{service_name}.{method_name}"


def handler_queue(
    config: Mapping[str, Any],
    source_service: str | Iterable[str],
    event_type: str,
    service_name: str,
    method_name: str,
) -> Queue:
    """The durable queue of a handler, bound to the event exchange of each source."""
    from kombu import binding
    from nameko.standalone.events import get_event_exchange

    bindings = [
        binding(get_event_exchange(source, config), routing_key=event_type)
        for source in sources_of(source_service)
    ]
    return Queue(
        handler_queue_name(source_service, event_type, service_name, method_name),
        bindings=bindings,
        durable=True,
        auto_delete=False,
        exclusive=False,
    )


def retry_queues(queue_name: str, delays: Iterable[float]) -> list[Queue]:
    return [
        Queue(
            f"{queue_name}.retry.{delay:g}s",
            exchange=DEFAULT_EXCHANGE,
            routing_key=f"{queue_name}.retry.{delay:g}s",
            durable=True,
            queue_arguments={
                "x-message-ttl": int(delay * 1000),
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": queue_name,
            },
        )
        for delay in delays
    ]


def dead_letter_queue(queue_name: str) -> Queue:
    return Queue(
        f"{queue_name}.dead",
        exchange=DEFAULT_EXCHANGE,
        routing_key=f"{queue_name}.dead",
        durable=True,
    )


class ReliableEventHandler(EventHandler):
    """A service-pool, reliable-delivery event handler with retries and a dead-letter queue.

    `source_service` may be a tuple: one queue then takes the event from each source.
    """

    activity = Activity()

    def setup(self) -> None:
        config = self.container.config
        self.queue = handler_queue(
            config,
            self.source_service,
            self.event_type,
            self.container.service_name,
            self.method_name,
        )
        Consumer.setup(self)
        self.delays = seconds_list(config, "EVENT_RETRY_DELAYS")
        self.retry_queues = retry_queues(self.queue.name, self.delays)
        self.dead_queue = dead_letter_queue(self.queue.name)
        self.publisher = Publisher(config["AMQP_URI"], use_confirms=True, serializer="json")
        with Connection(config["AMQP_URI"]) as connection:  # there before any failure
            for queue in [*self.retry_queues, self.dead_queue]:
                queue(connection.default_channel).declare()

    def handle_message(self, body: Any, message: Message) -> None:
        self.activity.received()
        try:
            super().handle_message(body, message)
        except BaseException:
            self.activity.finished()
            raise

    def handle_message_processed(
        self, message: Message, result: Any = None, exc_info: ExcInfo | None = None
    ) -> None:
        try:
            self._settle(message, exc_info)
        finally:
            self.activity.finished()

    def _settle(self, message: Message, exc_info: ExcInfo | None) -> None:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            self._count("ok")
            return
        try:
            outcome = self._retry_or_park(message, exc_info)
        except Exception:
            log.exception("could not reschedule a failed event; requeueing it")
            self.queue_consumer.requeue_message(message)
            self._count("requeued")
        else:
            self.queue_consumer.ack_message(message)
            self._count(outcome)

    def _count(self, outcome: str) -> None:
        """microtache_events_handled_total (microtache.metrics)."""
        EVENTS_HANDLED.labels(
            self.container.service_name, self.queue.name, self.method_name, outcome
        ).inc()

    def _retry_or_park(self, message: Message, exc_info: ExcInfo) -> str:
        """Send the failed event to its next retry queue, or park it: which it did."""
        attempt = int(message.headers.get(ATTEMPT_HEADER, 1))
        headers = dict(message.headers)
        headers[ERROR_HEADER] = describe(exc_info)
        delay = retry_delay(self.delays, attempt, exc_info[1])
        if delay is None:
            target = self.dead_queue
            log.error(
                "%s failed (attempt %d), parked in %s: %s",
                self.queue.name,
                attempt,
                target.name,
                headers[ERROR_HEADER],
            )
        else:
            target = self.retry_queues[self.delays.index(delay)]
            self.activity.retried(self.queue.name)
            log.warning(
                "%s failed (attempt %d), retrying in %gs: %s",
                self.queue.name,
                attempt,
                delay,
                headers[ERROR_HEADER],
            )
        headers[ATTEMPT_HEADER] = attempt + 1
        self.publisher.publish(
            message.payload, exchange=DEFAULT_EXCHANGE, routing_key=target.name, headers=headers
        )
        return "parked" if delay is None else "retried"

    def park_undecodable(self, message: Message, exc: Exception) -> None:
        """A body kombu cannot decode (not JSON, say) goes to the dead-letter queue
        as it came, with the reason; `microtache.broker_faults` calls this."""
        headers = {
            **(message.headers or {}),
            ERROR_HEADER: f"undecodable body: {exc.__class__.__name__}: {exc}"[:1000],
        }
        log.error(
            "%s received an undecodable body, parked in %s: %s",
            self.queue.name,
            self.dead_queue.name,
            headers[ERROR_HEADER],
        )
        try:
            self.publisher.publish(
                message.body,
                exchange=DEFAULT_EXCHANGE,
                routing_key=self.dead_queue.name,
                headers=headers,
                content_type=message.content_type or "application/octet-stream",
                content_encoding=message.content_encoding or "binary",
            )
        except Exception:
            log.exception("could not park an undecodable body; the broker keeps it")
            self.queue_consumer.requeue_message(message)
            self._count("requeued")
        else:
            self.queue_consumer.ack_message(message)
            self._count("parked")


def describe(exc_info: ExcInfo) -> str:
    return "".join(traceback.format_exception_only(*exc_info[:2])).strip()[:1000]


def retry_delay(delays: Sequence[float], attempt: int, exc: BaseException) -> float | None:
    """Seconds to wait before attempt `attempt + 1` of a failed handler, or None to park.

    A malformed event is parked at once; a failure for an outage waits the last
    delay again and again until the outage ends; any other failure is retried
    once per delay, then parked."""
    if isinstance(exc, PermanentFailure) or not delays:
        return None
    if attempt <= len(delays):
        return delays[attempt - 1]
    return delays[-1] if is_outage(exc) else None


handles = ReliableEventHandler.decorator


def event_subscriptions(service_cls: type) -> Iterator[tuple[tuple[str, ...], str, str]]:
    """(sources, event_type, method name) of every `@handles` entrypoint of a service class."""
    for method_name in dir(service_cls):
        method = getattr(service_cls, method_name, None)
        for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, ReliableEventHandler):
                yield sources_of(entrypoint.source_service), entrypoint.event_type, method_name


def handler_queues(config: Mapping[str, Any], service_cls: type[ServiceClass]) -> Iterator[Queue]:
    """Every `@handles` queue of a service class, as `handler_queue` builds it."""
    for sources, event_type, method_name in event_subscriptions(service_cls):
        yield handler_queue(config, sources, event_type, service_cls.name, method_name)
