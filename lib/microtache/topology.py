"""The broker's shape, derived from the services' code.

`declare(config, service_classes)` declares every event exchange and every
handler queue (with its retry and dead-letter queues) before any service
publishes, so that no event is published into the void: run by `make run`, by
the Kubernetes migration Job, and by the integration tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kombu import Connection, Queue
from nameko.standalone.events import get_event_exchange

from microtache.config import seconds_list
from microtache.events import (
    ServiceClass,
    dead_letter_queue,
    handler_queues as queues_of,
    retry_queues,
)


def handler_queues(
    config: Mapping[str, Any], service_classes: Iterable[type[ServiceClass]]
) -> Iterator[Queue]:
    for service_cls in service_classes:
        yield from queues_of(config, service_cls)


def declare(config: Mapping[str, Any], service_classes: Iterable[type[ServiceClass]]) -> list[str]:
    delays = seconds_list(config, "EVENT_RETRY_DELAYS")
    declared = []
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.default_channel
        for service_cls in service_classes:
            get_event_exchange(service_cls.name, config)(channel).declare()
        for queue in handler_queues(config, service_classes):
            for bound in queue.bindings:  # the source exchanges, even of services not yet started
                bound.exchange(channel).declare()
            queue(channel).declare()
            for extra in [*retry_queues(queue.name, delays), dead_letter_queue(queue.name)]:
                extra(channel).declare()
            declared.append(queue.name)
    return declared
