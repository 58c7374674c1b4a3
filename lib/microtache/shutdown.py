"""A graceful stop that never runs finished work twice, and that nothing repeats.

On SIGTERM, `nameko run` stops each container: its entrypoints stop consuming,
the running workers finish, then the shared queue consumer stops. Nameko 2.14's
queue consumer closes its connection as soon as its last consumer is cancelled,
before those workers finish, so their acknowledgements are dropped and RabbitMQ
delivers the messages again to the next process: a finished RPC command would
run twice. Here the consumer keeps its connection until it is told to stop,
which the container does once its workers are done (tests/test_shutdown.py).

And a consumer removed twice (a container stopped twice, as two SIGTERMs did
before `microtache.serve` ran its handler once) is removed once: Nameko's
`_cancel_consumers_if_requested` raised KeyError on the second request, and a
second request made before the first was served replaced the first one's
event, whose caller then waited forever.

Imported by `microtache.events`, `microtache.service` and `microtache.rpc`, so
every service and the gateway have it; importing it patches `QueueConsumer` once.
"""

from __future__ import annotations

from importlib.metadata import version

from nameko.extensions import Extension
from nameko.messaging import QueueConsumer

_nameko_stop = QueueConsumer.stop
_nameko_unregister_provider = QueueConsumer.unregister_provider


def _on_iteration(self: QueueConsumer) -> None:
    """Kombu's callback on each loop: leave only once `stop` was asked for."""
    self._cancel_consumers_if_requested()
    if not self._consumers and getattr(self, "_stop_requested", False):
        self.should_stop = True


def _stop(self: QueueConsumer) -> None:
    self._stop_requested = True
    _nameko_stop(self)


def _cancel_consumers_if_requested(self: QueueConsumer) -> None:
    """Nameko's, except that a provider whose consumer is already gone is just told so."""
    requests, self._pending_remove_providers = self._pending_remove_providers, {}
    for provider, removed_event in requests.items():
        consumer = self._consumers.pop(provider, None)
        if consumer is not None:
            consumer.cancel()
        if not removed_event.ready():
            removed_event.send()


def _unregister_provider(self: QueueConsumer, provider: Extension) -> None:
    """Nameko's, except that a second request for the same provider waits for the
    removal under way (or returns at once if it is done) instead of queueing another."""
    if provider not in self._providers:
        return
    pending = self._pending_remove_providers.get(provider)
    if pending is not None:
        pending.wait()
        return
    _nameko_unregister_provider(self, provider)


if QueueConsumer.on_iteration is not _on_iteration:
    QueueConsumer.on_iteration, QueueConsumer.stop = _on_iteration, _stop
    if version("nameko").startswith("2.14."):  # written against 2.14's internals
        QueueConsumer._cancel_consumers_if_requested = _cancel_consumers_if_requested
        QueueConsumer.unregister_provider = _unregister_provider
