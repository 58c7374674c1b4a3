"""A broker that goes away kills no service.

Nameko 2.14's queue consumer reconnects by itself (kombu's `ConsumerMixin`),
so an idle service survives a RabbitMQ restart. Under load it did not: three
things a worker does on its way out raised into the container, which then
stopped the whole process.

* Acknowledging (or requeueing) a message on a connection that just died
  raised `ConnectionResetError` (Nameko catches only py-amqp's own
  `ConnectionError`). There is nothing to do then: the broker has already put
  the unacknowledged message back and delivers it again, and idempotent
  handlers make that harmless. So it is logged, not raised.
* Publishing an RPC reply while the broker is down raised after Nameko's
  publish retries. The caller has given up by then, or will after
  `RPC_TIMEOUT` (503); a retry of its command with the same Idempotency-Key
  finds the work done. So the reply is logged as lost, not raised.
* A message whose body kombu cannot decode was acknowledged and dropped
  ("Can't decode message body"). An event handler that can park it
  (`ReliableEventHandler.park_undecodable`) now does; anything else is
  rejected without requeueing, and logged.

Imported by `microtache.events`, `microtache.rpc` and `microtache.service`,
so every service and the gateway have it. Written against Nameko 2.14: the
import refuses another version rather than patching it blindly.
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from kombu.message import Message
from nameko import rpc as nameko_rpc
from nameko.messaging import QueueConsumer

from microtache.outages import is_broker_outage

if TYPE_CHECKING:
    from _typeshed import ExcInfo

log = logging.getLogger(__name__)

NAMEKO_VERSION = version("nameko")
if not NAMEKO_VERSION.startswith("2.14."):  # pragma: no cover
    raise ImportError(
        f"microtache.broker_faults patches Nameko 2.14, not {NAMEKO_VERSION}: "
        "check that each patched method below still needs it"
    )


def _settle(message: Message, action: str) -> None:
    if not message.channel.connection:
        return  # the connection is gone: the broker has the message back already
    try:
        getattr(message, action)()
    except Exception as exc:
        if not is_broker_outage(exc):
            raise
        log.warning(
            "could not %s a message (%s); the broker will deliver it again",
            action,
            exc.__class__.__name__,
        )


def ack_message(self: QueueConsumer, message: Message) -> None:
    _settle(message, "ack")


def requeue_message(self: QueueConsumer, message: Message) -> None:
    _settle(message, "requeue")


def on_decode_error(self: QueueConsumer, message: Message, exc: Exception) -> None:
    """kombu's callback for a body it cannot decode, on any consumer of the process."""
    tag = message.delivery_info.get("consumer_tag")
    for provider, consumer in list(self._consumers.items()):
        if tag in consumer._active_tags.values() and hasattr(provider, "park_undecodable"):
            provider.park_undecodable(message, exc)
            return
    log.error(
        "rejected an undecodable message on %s: %s: %s",
        message.delivery_info.get("routing_key"),
        exc.__class__.__name__,
        exc,
    )
    _settle(message, "reject")


_nameko_send_response = nameko_rpc.Responder.send_response


def send_response(
    self: nameko_rpc.Responder, result: Any, exc_info: ExcInfo | None
) -> tuple[Any, ExcInfo | None]:
    try:
        return _nameko_send_response(self, result, exc_info)
    except Exception as exc:
        if not is_broker_outage(exc):
            raise
        log.warning(
            "lost the reply to %s (correlation id %s): the broker is not answering (%s)",
            self.message.properties.get("reply_to"),
            self.message.properties.get("correlation_id"),
            exc.__class__.__name__,
        )
        return result, exc_info


if QueueConsumer.ack_message is not ack_message:
    QueueConsumer.ack_message = ack_message
    QueueConsumer.requeue_message = requeue_message
    QueueConsumer.on_decode_error = on_decode_error
    nameko_rpc.Responder.send_response = send_response
