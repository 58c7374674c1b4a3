"""A graceful stop that never runs finished work twice.

On SIGTERM, `nameko run` stops each container: its entrypoints stop consuming,
the running workers finish, then the shared queue consumer stops. Nameko 2.14's
queue consumer closes its connection as soon as its last consumer is cancelled,
before those workers finish, so their acknowledgements are dropped and RabbitMQ
delivers the messages again to the next process: a finished RPC command would
run twice. Here the consumer keeps its connection until it is told to stop,
which the container does once its workers are done (tests/test_shutdown.py).

Imported by `microtache.events`, `microtache.service` and `microtache.rpc`, so
every service and the gateway have it; importing it patches `QueueConsumer` once.
"""
from nameko.messaging import QueueConsumer

_nameko_stop = QueueConsumer.stop


def _on_iteration(self):
    """Kombu's callback on each loop: leave only once `stop` was asked for."""
    self._cancel_consumers_if_requested()
    if not self._consumers and getattr(self, "_stop_requested", False):
        self.should_stop = True


def _stop(self):
    self._stop_requested = True
    _nameko_stop(self)


if QueueConsumer.on_iteration is not _on_iteration:
    QueueConsumer.on_iteration, QueueConsumer.stop = _on_iteration, _stop
