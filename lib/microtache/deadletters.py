"""Parked events: list them, and put them back into their handler's queue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kombu import Connection

from microtache.events import ATTEMPT_HEADER, dead_letter_queue, handler_queues


def list_parked(
    config: Mapping[str, Any], service_classes: Iterable[type]
) -> Iterator[tuple[str, int]]:
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.default_channel
        for service_cls in service_classes:
            for queue in handler_queues(config, service_cls):
                _, count, _ = dead_letter_queue(queue.name)(channel).queue_declare()
                yield queue.name, count


def replay_parked(config: Mapping[str, Any], queue_name: str) -> int:
    """Move every message of `<queue>.dead` back to `<queue>`, attempts reset."""
    replayed = 0
    with Connection(config["AMQP_URI"], transport_options={"confirm_publish": True}) as connection:
        dead = dead_letter_queue(queue_name)(connection.default_channel)
        producer = connection.Producer()
        while True:
            message = dead.get(no_ack=False)
            if message is None:
                return replayed
            headers = {k: v for k, v in message.headers.items() if k != ATTEMPT_HEADER}
            producer.publish(
                message.body,
                routing_key=queue_name,
                exchange="",
                headers=headers,
                content_type=message.content_type,
                content_encoding=message.content_encoding,
                delivery_mode=2,
            )
            message.ack()
            replayed += 1
