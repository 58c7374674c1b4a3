"""Parked events (`<queue>.dead`, microtache.events): look at them, replay or discard them.

A handler's event is parked when retrying cannot help: a malformed payload
(`PermanentFailure`, at once), a body that is not JSON, or a handler that still
fails after every delay of `EVENT_RETRY_DELAYS` for no outage. The parked copy
keeps the event's body and headers, plus `x-microtache-error` (why it failed)
and `x-microtache-attempt` (the attempt it would have been next).

A parked message is named by a stable id: its payload's `event_id`, else its
AMQP `message_id` (property or header), else `sha1-` and a digest of its body.

How a message is read without losing it (the choice, and why): the tools take
the dead-letter queue's messages with `basic.get` *without acknowledging them*,
on one channel, look at them, settle the one they act on (acknowledged after a
confirmed republish for a replay, acknowledged for a discard) and reject the
others with requeue. RabbitMQ puts a requeued message back at its original
position, and if the tool dies meanwhile the broker requeues everything it held
when its connection drops: nothing is lost, nothing is reordered for good.
A browse via a temporary consumer would do the same with more moving parts.
Concurrency: while one tool holds a queue's messages, another sees that queue
shorter (or an id as not found, a 404): never the same message twice, so two
operators cannot replay one event twice. Only these tools read `.dead` queues,
so a hold lasts the time of one look. At most `MAX_HELD` messages per queue are
held at once: a longer queue lists its count and its first `MAX_HELD`.

Replaying publishes the body and headers (without the attempt counter, so the
event gets its full retry schedule again) to the handler's own queue, with
publisher confirms, before the parked copy is acknowledged: at worst a crash in
between replays it twice, which handlers make harmless (`Store.handle_once`).
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kombu import Connection
from kombu.message import Message
from marshmallow import Schema, fields

from microtache.config import services
from microtache.errors import NotFound
from microtache.events import ATTEMPT_HEADER, ERROR_HEADER, dead_letter_queue, handler_queues

log = logging.getLogger(__name__)

MAX_HELD = 10_000
DEAD_SUFFIX = ".dead"


# -- which queues: the handler queues of the registry's services ----------------------


def registry_classes(config: Mapping[str, Any]) -> list[type]:
    """The Nameko classes of config.yaml's `SERVICES` (the kit names none itself)."""
    classes = []
    for path in services(config).values():
        module, _, name = path.partition(":")
        classes.append(getattr(importlib.import_module(module), name))
    return classes


def known_queues(
    config: Mapping[str, Any], service_classes: Iterable[type] | None = None
) -> list[str]:
    """Every `@handles` queue of the services, each of which has a `<queue>.dead`."""
    classes = registry_classes(config) if service_classes is None else service_classes
    return [queue.name for cls in classes for queue in handler_queues(config, cls)]


def checked_queue(
    config: Mapping[str, Any], queue_name: str, service_classes: Iterable[type] | None = None
) -> str:
    """The handler queue `queue_name` names (with or without `.dead`), or NotFound."""
    name = queue_name.removesuffix(DEAD_SUFFIX)
    if name not in known_queues(config, service_classes):
        raise NotFound("No event handler has that queue.", {"queue": queue_name})
    return name


# -- what a parked message says -------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _raw_body(message: Message) -> bytes:
    body = message.body
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _payload(message: Message) -> Any:
    try:
        return json.loads(_raw_body(message))
    except ValueError:
        return None


def message_id(message: Message) -> str:
    """The stable id of a parked message (see the module's docstring)."""
    payload = _payload(message)
    if isinstance(payload, dict) and isinstance(payload.get("event_id"), str):
        return payload["event_id"]
    headers = message.headers or {}
    given = message.properties.get("message_id") or headers.get("message_id")
    if given:
        return str(given)
    return "sha1-" + hashlib.sha1(_raw_body(message)).hexdigest()[:20]  # noqa: S324 (a name)


def event_type_of(queue_name: str, payload: Any) -> str | None:
    """The payload's `event_type`, else the one in the handler queue's name
    (`evt-<source>-<event_type>--<service>.<method>`)."""
    if isinstance(payload, dict) and isinstance(payload.get("event_type"), str):
        return payload["event_type"]
    if queue_name.startswith("evt-") and "--" in queue_name:
        return queue_name[4:].split("--", 1)[0].split("-", 1)[-1]
    return None


def summary(queue_name: str, message: Message) -> dict[str, Any]:
    """queue, id, event type, the error that parked it and the attempts made."""
    headers = message.headers or {}
    next_attempt = headers.get(ATTEMPT_HEADER)
    return {
        "queue": queue_name,
        "id": message_id(message),
        "event_type": event_type_of(queue_name, _payload(message)),
        "error": _jsonable(headers.get(ERROR_HEADER)),
        # the header is the attempt it would have been next; an undecodable body: one
        "attempts": int(next_attempt) - 1 if next_attempt else 1,
    }


def details(queue_name: str, message: Message) -> dict[str, Any]:
    """`summary` plus every header and the body (JSON as it is, else text, else base64)."""
    raw = _raw_body(message)
    payload = _payload(message)
    if payload is not None:
        body, encoding = payload, "json"
    else:
        try:
            body, encoding = raw.decode("utf-8"), "text"
        except UnicodeDecodeError:
            body, encoding = base64.b64encode(raw).decode("ascii"), "base64"
    return {
        **summary(queue_name, message),
        "headers": _jsonable(dict(message.headers or {})),
        "content_type": message.content_type,
        "body_encoding": encoding,
        "body": body,
    }


# -- holding a dead-letter queue's messages ---------------------------------------------


@contextmanager
def _held(config: Mapping[str, Any], queue_name: str) -> Iterator[tuple[Connection, list[Message]]]:
    """Up to `MAX_HELD` messages of `<queue>.dead`, taken without acknowledging them;
    on exit each one not settled meanwhile goes back where it was (rejected with
    requeue; the broker does it anyway if this process dies)."""
    with Connection(config["AMQP_URI"], transport_options={"confirm_publish": True}) as connection:
        dead = dead_letter_queue(queue_name)(connection.default_channel)
        dead.declare()
        messages: list[Message] = []
        try:
            while len(messages) < MAX_HELD:
                message = dead.get(no_ack=False, accept=None)
                if message is None:
                    break
                messages.append(message)
            yield connection, messages
        finally:
            for message in reversed(messages):
                if not message.acknowledged:
                    message.requeue()


def _find(messages: list[Message], queue_name: str, id_: str) -> Message:
    for message in messages:
        if message_id(message) == id_:
            return message
    raise NotFound("No parked message has that id.", {"queue": queue_name, "id": id_})


def _republish(connection: Connection, queue_name: str, message: Message) -> None:
    """Back to the handler's queue, attempts reset (confirmed before returning)."""
    headers = {k: v for k, v in (message.headers or {}).items() if k != ATTEMPT_HEADER}
    connection.Producer().publish(
        _raw_body(message),
        routing_key=queue_name,
        exchange="",
        headers=headers,
        content_type=message.content_type,
        content_encoding=message.content_encoding,
        delivery_mode=2,
    )


# -- the tools ------------------------------------------------------------------------


def counts(config: Mapping[str, Any], service_classes: Iterable[type]) -> Iterator[tuple[str, int]]:
    """(handler queue, messages parked in its `.dead`) for every handler queue."""
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.default_channel
        for queue in known_queues(config, service_classes):
            _, count, _ = dead_letter_queue(queue)(channel).queue_declare()
            yield queue, count


list_parked = counts  # the name `microtache dead-letters` used first


def list_messages(
    config: Mapping[str, Any], service_classes: Iterable[type] | None = None
) -> dict[str, Any]:
    """Every non-empty dead-letter queue's count, and a summary of each parked message."""
    classes = registry_classes(config) if service_classes is None else list(service_classes)
    queues: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for queue, count in counts(config, classes):
        if not count:
            continue
        queues.append({"queue": queue, "dead_letter_queue": queue + DEAD_SUFFIX, "count": count})
        with _held(config, queue) as (_, held):
            messages.extend(summary(queue, message) for message in held)
    return {"queues": queues, "messages": messages}


def show(
    config: Mapping[str, Any],
    queue_name: str,
    id_: str,
    service_classes: Iterable[type] | None = None,
) -> dict[str, Any]:
    """One parked message: its summary, headers and body. It stays where it was."""
    queue = checked_queue(config, queue_name, service_classes)
    with _held(config, queue) as (_, held):
        return details(queue, _find(held, queue, id_))


def replay_one(
    config: Mapping[str, Any],
    queue_name: str,
    id_: str,
    service_classes: Iterable[type] | None = None,
) -> dict[str, Any]:
    """Put one parked message back to work; the others stay parked, in their order."""
    queue = checked_queue(config, queue_name, service_classes)
    with _held(config, queue) as (connection, held):
        message = _find(held, queue, id_)
        _republish(connection, queue, message)
        message.ack()
    log.info("dead letter %s replayed into %s", id_, queue)
    return {"queue": queue, "id": id_, "replayed": 1}


def replay_parked(config: Mapping[str, Any], queue_name: str) -> int:
    """Move every message of `<queue>.dead` back to `<queue>`, attempts reset."""
    replayed = 0
    with Connection(config["AMQP_URI"], transport_options={"confirm_publish": True}) as connection:
        dead = dead_letter_queue(queue_name)(connection.default_channel)
        while True:
            message = dead.get(no_ack=False, accept=None)
            if message is None:
                break
            _republish(connection, queue_name, message)
            message.ack()
            replayed += 1
    log.info("%d dead letter(s) replayed into %s", replayed, queue_name)
    return replayed


def replay_queue(
    config: Mapping[str, Any], queue_name: str, service_classes: Iterable[type] | None = None
) -> dict[str, Any]:
    queue = checked_queue(config, queue_name, service_classes)
    return {"queue": queue, "replayed": replay_parked(config, queue)}


def discard(
    config: Mapping[str, Any],
    queue_name: str,
    id_: str,
    by: str,
    reason: str = "",
    service_classes: Iterable[type] | None = None,
) -> dict[str, Any]:
    """Acknowledge one parked message for good, logged with who and why."""
    queue = checked_queue(config, queue_name, service_classes)
    with _held(config, queue) as (_, held):
        message = _find(held, queue, id_)
        gone = details(queue, message)
        message.ack()
    log.warning(
        "dead letter %s discarded from %s by %s: %s (it was: %s)",
        id_,
        queue + DEAD_SUFFIX,
        by,
        reason or "no reason given",
        gone["error"],
        extra={"dead_letter": id_, "queue": queue, "discarded_by": by, "reason": reason},
    )
    return {**summary_of(gone), "discarded_by": by, "reason": reason}


def summary_of(details_: Mapping[str, Any]) -> dict[str, Any]:
    return {key: details_[key] for key in ("queue", "id", "event_type", "error", "attempts")}


# -- their answers' shapes (the gateway's OpenAPI) ---------------------------------------


class ParkedSummarySchema(Schema):
    queue = fields.String()
    id = fields.String()
    event_type = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    attempts = fields.Integer()


class DeadLetterQueueSchema(Schema):
    queue = fields.String()
    dead_letter_queue = fields.String()
    count = fields.Integer()


class DeadLettersSchema(Schema):
    """`GET /v1/admin/dead-letters`: non-empty dead-letter queues, and their messages."""

    queues = fields.List(fields.Nested(DeadLetterQueueSchema))
    messages = fields.List(fields.Nested(ParkedSummarySchema))


class ParkedMessageSchema(ParkedSummarySchema):
    headers = fields.Dict(keys=fields.String())
    content_type = fields.String(allow_none=True)
    body_encoding = fields.String()  # json, text or base64
    body = fields.Raw()


class ReplayedSchema(Schema):
    queue = fields.String()
    id = fields.String()  # when one message was replayed
    replayed = fields.Integer()


class DiscardQuerySchema(Schema):
    reason = fields.String(load_default="")


class DiscardedSchema(ParkedSummarySchema):
    discarded_by = fields.String()
    reason = fields.String()
