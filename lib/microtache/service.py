"""What every Nameko service class shares: argument validation and its probes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kombu import Connection
from marshmallow import Schema, ValidationError
from nameko.dependency_providers import Config
from nameko.rpc import rpc

from microtache import broker_faults, replies, shutdown  # noqa: F401  (patch Nameko: see each)
from microtache.caller import CallerSchema  # noqa: F401  (its home is microtache.caller)
from microtache.config import seconds_list
from microtache.errors import InvalidInput
from microtache.events import handler_queues, retry_queues
from microtache.logs import RequestLog
from microtache.metrics import Metrics

if TYPE_CHECKING:
    from microtache.database import Store


def load(schema: Schema, data: object, partial: bool | Sequence[str] = False) -> Any:
    """Validate a command's arguments; bad input is a 400 with per-field details."""
    if not isinstance(data, dict):
        raise InvalidInput("A JSON object is expected.")
    try:
        return schema.load(data, partial=partial)
    except ValidationError as exc:
        raise InvalidInput("The request is not valid.", exc.normalized_messages()) from exc


class ServiceProbes:
    """Mixed into every service: is it up (`ping`), and is it busy (`activity`)?"""

    config = Config()
    request_log = RequestLog()  # the request id of each worker's work, and a line per call
    metrics = Metrics()  # Prometheus: each entrypoint timed; METRICS_PORT (microtache.metrics)
    name: str  # the service's, on its class
    db: Store  # the service's `db = Database(...)`, in a worker

    @rpc
    def ping(self) -> dict[str, str]:
        """Answers only when the service's database does."""
        self.db.ping()
        return {"service": self.name, "database": "ok"}

    @rpc
    def activity(self, queues: bool = True) -> dict[str, int]:
        """What this process has left to do: events its handlers are working on,
        outbox rows not yet published, and running totals, so that two equal answers
        mean that nothing happened in between; with `queues`, the events waiting in
        its queues and their retry queues too (a broker round trip per queue). The
        clock's fast-forward waits on it (S4)."""
        waiting = self._waiting() if queues else 0  # read before the counters below:
        activity = self.db.activity  # an event taken from a queue meanwhile is in flight
        return {
            "waiting": waiting,
            "in_flight": activity.in_flight,
            "unsent": self.db.unsent_count(),
            "handled": activity.handled,
            "published": activity.published,
        }

    def _waiting(self) -> int:
        """Events in this service's queues, and in the retry queues that may hold some
        (microtache.activity), read before their queue: an event going back from one
        to the other is then counted at least once."""
        waiting = 0
        delays = seconds_list(self.config, "EVENT_RETRY_DELAYS")
        longest = max(delays, default=0.0)
        activity = self.db.activity
        with Connection(self.config["AMQP_URI"]) as connection:
            channel = connection.default_channel
            for queue in handler_queues(self.config, type(self)):
                retrying = activity.may_hold_retries(queue.name, longest)
                for q in [*(retry_queues(queue.name, delays) if retrying else []), queue]:
                    waiting += q(channel).queue_declare(passive=True).message_count
        return waiting
