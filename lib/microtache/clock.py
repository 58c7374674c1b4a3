"""The platform clock: every rule's duration is measured on it (docs/rules.md, S4).

In production it is the system's UTC time. Outside production the clock's
keeper (config.yaml's `CLOCK_SERVICE`: the scheduler) may move it forward by an
offset, which reaches every process three ways:

* causally: the offset rides in every message's headers (Nameko context data
  `clock_offset`, set on each worker and copied by Nameko onto the RPC calls
  and events it makes; the outbox relay and the scheduler add it to what they
  publish), and a process that receives a message first moves its clock up to
  the offset the message carries. So whatever a deadline causes is handled on
  a clock at least as late as that deadline;
* by broadcast: `clock_advanced` from the scheduler reaches every process of
  every service (one non-durable queue per process), idle ones included;
* at start: each process asks the scheduler for the current offset.

The clock never moves back, so the three may arrive in any order. A service
gets the clock through its `Database` dependency (`store.clock`, `uow.now()`).

Except once per reset (development only, the scheduler's `reset_clock`): a reset
starts a new clock *epoch* with offset 0. The epoch rides beside the offset (context
data `clock_epoch`, the broadcast's `epoch`, the keeper's `clock_state`): a later
epoch wins whatever its offset, an earlier one is ignored (a message sent before the
reset cannot push the clock forward again), and within one epoch the clock only
moves forward, as before.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import eventlet
from kombu import Queue
from kombu.message import Message
from nameko.containers import WorkerContext
from nameko.extensions import ProviderCollector, SharedExtension
from nameko.messaging import QueueConsumer
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.config import clock_service, is_production

log = logging.getLogger(__name__)

CLOCK_ADVANCED = "clock_advanced"
CONTEXT_KEY = "clock_offset"  # Nameko context data, header `nameko.clock_offset`
EPOCH_KEY = "clock_epoch"  # how many resets the offset comes after (header `nameko.clock_epoch`)


def clock_headers(clock: Clock) -> dict[str, float]:
    """The headers that carry the clock's offset on a message published by hand."""
    headers = {f"nameko.{CONTEXT_KEY}": clock.offset_seconds} if clock.offset_seconds else {}
    if clock.epoch:
        headers[f"nameko.{EPOCH_KEY}"] = clock.epoch
    return headers


def utcnow() -> datetime:
    return datetime.now(UTC)


class Clock:
    """System time plus a forward offset (always zero in production)."""

    def __init__(self, offset_seconds: float = 0.0, epoch: int = 0) -> None:
        self.offset_seconds = float(offset_seconds)
        self.epoch = int(epoch)

    def now(self) -> datetime:
        return utcnow() + timedelta(seconds=self.offset_seconds)

    def move_to_offset(self, offset_seconds: float, epoch: int | None = None) -> None:
        """The clock only moves forward within an epoch: a late or repeated message
        changes nothing. A later epoch (a reset since) takes its offset as it is; an
        earlier one (a message from before the reset) changes nothing."""
        epoch = self.epoch if epoch is None else int(epoch)
        if epoch > self.epoch:
            self.epoch, self.offset_seconds = epoch, float(offset_seconds)
        elif epoch == self.epoch:
            self.offset_seconds = max(self.offset_seconds, float(offset_seconds))


class ClockListener(SharedExtension, ProviderCollector):
    """One per container: follows the scheduler's `clock_advanced` broadcasts."""

    queue_consumer = QueueConsumer()

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()

    def setup(self) -> None:
        if is_production(self.container.config):
            return
        exchange = get_event_exchange(clock_service(self.container.config), self.container.config)
        self.queue = Queue(
            exchange=exchange,
            routing_key=CLOCK_ADVANCED,
            exclusive=True,
            auto_delete=True,
            durable=False,
        )
        self.queue_consumer.register_provider(self)

    def start(self) -> None:
        if not is_production(self.container.config):
            self.container.spawn_managed_thread(self._fetch_offset)

    def stop(self) -> None:
        if not is_production(self.container.config):
            self.queue_consumer.unregister_provider(self)
        super().stop()

    def handle_message(self, body: dict[str, Any], message: Message) -> None:
        self.clock.move_to_offset(body["offset_seconds"], body.get("epoch", 0))
        self.queue_consumer.ack_message(message)

    def follow(self, worker_ctx: WorkerContext) -> None:
        """Before a worker runs: catch up with the offset its message carries, and
        hand ours on to every call and event the worker makes."""
        if is_production(self.container.config):
            return
        carried = worker_ctx.context_data.get(CONTEXT_KEY) or 0.0
        carried_epoch = worker_ctx.context_data.get(EPOCH_KEY) or 0
        if carried or carried_epoch:
            self.clock.move_to_offset(carried, carried_epoch)
        # `data` (`context_data` is a copy), over what the message carried: never a
        # stale offset handed on beside a newer epoch
        if self.clock.offset_seconds or self.clock.epoch or carried or carried_epoch:
            worker_ctx.data[CONTEXT_KEY] = self.clock.offset_seconds
            worker_ctx.data[EPOCH_KEY] = self.clock.epoch

    def _fetch_offset(self) -> None:
        """Ask the scheduler once it answers; broadcasts keep us current after that."""
        delay = 0.2
        while True:
            try:
                with ClusterRpcProxy(self.container.config, timeout=5) as rpc:
                    keeper = rpc[clock_service(self.container.config)]
                    state = keeper.clock_state()
                    self.clock.move_to_offset(state["offset_seconds"], state["epoch"])
                return
            except Exception as exc:  # the scheduler may start after us
                log.debug("clock offset not known yet: %s", exc)
                eventlet.sleep(delay)
                delay = min(delay * 2, 5)
