"""Publishing a batch of events and waiting once for the broker to confirm them all.

Nameko's publisher waits for the broker's confirm after every message, so a
sender publishes one message per round trip. The outbox relay and the
scheduler send batches: `BatchPublisher` puts the whole batch on the wire on a
channel in confirm mode, then waits until the broker has confirmed every
message (or refuses one, which raises): the same guarantee, one round trip.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from kombu import Connection, Exchange, Producer

from microtache.errors import ServiceUnavailable


class PublishRefused(Exception):
    """The broker did not take a message (nack); nothing of the batch counts as sent."""


Batch = Sequence[tuple[Any, str, Mapping[str, Any]]]
"""(body, routing_key, headers) of each message of a batch."""


class BatchPublisher:
    def __init__(self, amqp_uri: str, exchange: Exchange, timeout: float = 10.0) -> None:
        self.amqp_uri = amqp_uri
        self.exchange = exchange
        self.timeout = timeout
        self._lock = threading.Lock()  # green under eventlet: one batch at a time
        self._connection: Connection | None = None

    def _open(self) -> None:
        self._connection = Connection(self.amqp_uri)
        self._channel = self._connection.channel()
        self._channel.confirm_select()
        self._outstanding: set[int] = set()
        self._refused = False
        self._next_tag = 1
        self._channel.events["basic_ack"].add(self._on_ack)
        self._channel.events["basic_nack"].add(self._on_nack)
        self._producer = Producer(self._channel, exchange=self.exchange, serializer="json")
        self.exchange(self._channel).declare()

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._outstanding = {t for t in self._outstanding if t > delivery_tag}
        else:
            self._outstanding.discard(delivery_tag)

    def _on_nack(self, delivery_tag: int, multiple: bool, *args: Any) -> None:
        self._refused = True
        self._on_ack(delivery_tag, multiple)

    def publish_all(self, messages: Batch) -> None:
        """`messages`: (body, routing_key, headers) tuples. Returns once all are confirmed."""
        if not messages:
            return
        with self._lock:
            try:
                if self._connection is None:
                    self._open()
                for body, routing_key, headers in messages:
                    self._producer.publish(
                        body, routing_key=routing_key, headers=headers, delivery_mode=2, retry=False
                    )
                    self._outstanding.add(self._next_tag)
                    self._next_tag += 1
                while self._outstanding:
                    connection = self._connection
                    if connection is None:  # closed meanwhile: the relay is stopping
                        raise ConnectionError("the publisher was closed")
                    connection.drain_events(timeout=self.timeout)
                if self._refused:
                    raise PublishRefused(f"the broker refused a message of {len(messages)}")
            except Exception as exc:
                self.close()
                if isinstance(exc, PublishRefused):
                    raise
                raise ServiceUnavailable(f"could not publish to the broker: {exc}") from exc

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:
                pass
        self._connection = None
