"""Waiting until the whole system has nothing left to do (S4).

Every service answers `activity` (microtache.service.ServiceProbes): events
being handled, outbox rows not yet published, running totals of events handled
and published, and, when asked, the events waiting in its queues. Those depths
cost a broker round trip per queue (some 200 in all), so only a round that
follows a quiet one asks for them. The system has settled when a round finds
nothing in flight or unsent, and the next finds every queue empty as well and
the same totals: nothing was handled or published in between, so nothing can
have reached a queue after it was read. One replica per service answers; the
fast-forward is a development and test tool, run where each service has one
process.
"""

import time

import eventlet
from kombu import Connection
from nameko.exceptions import UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.errors import Conflict, ServiceUnavailable


def one_process_each(consumers):
    """The services to wait on: those running, each in one process. Two processes of a
    service would answer `activity` in turn, each with its own totals, and the system
    would never look settled: that is refused at once."""
    crowded = {name: count for name, count in consumers.items() if count > 1}
    if crowded:
        raise Conflict(
            "The clock's fast-forward waits on one process per service: scale these to one.",
            {"processes": crowded},
        )
    return [name for name, count in consumers.items() if count]


class Settler:
    """`with Settler(config, services) as settler: ... settler.wait() ...`: one broker
    connection, and the list of running services, for a whole fast-forward."""

    def __init__(self, config, services, timeout=120.0, pause=0.005):
        self.config = config
        self.services = services
        self.timeout = timeout
        self.pause = pause
        self._proxy = None

    def __enter__(self):
        self.running_services = one_process_each(self.consumers())
        self._proxy = ClusterRpcProxy(self.config, timeout=self.timeout)
        self.cluster = self._proxy.start()
        return self

    def __exit__(self, *exc_info):
        self._proxy.stop()

    def consumers(self):
        """{service: processes consuming its RPC queue} (none: a stopped service, whose
        durable queue would take the call and never answer; or one never started)."""
        counts = {}
        with Connection(self.config["AMQP_URI"]) as connection:
            for name in self.services:
                channel = connection.channel()
                try:
                    counts[name] = channel.queue_declare(f"rpc-{name}", passive=True).consumer_count
                except Exception:
                    counts[name] = 0  # no queue: never started
                finally:
                    try:
                        channel.close()
                    except Exception:
                        pass
        return counts

    def wait(self):
        deadline = time.monotonic() + self.timeout
        quiet = None  # the totals of the last round, if it found nothing in flight or unsent
        while time.monotonic() < deadline:
            with_queues = quiet is not None
            round_ = self._round(with_queues)
            idle = all(a["waiting"] == a["in_flight"] == a["unsent"] == 0 for a in round_.values())
            totals = {name: (a["handled"], a["published"]) for name, a in round_.items()}
            if idle and with_queues and totals == quiet:
                return
            quiet = totals if idle else None
            eventlet.sleep(self.pause)
        raise ServiceUnavailable(
            "The system did not settle in time.", {"timeout_seconds": self.timeout}
        )

    def _round(self, with_queues):
        calls = {}
        for name in self.running_services:
            try:
                calls[name] = self.cluster[name].activity.call_async(queues=with_queues)
            except UnknownService:
                continue  # not running: nothing in flight there
        return {name: call.result() for name, call in calls.items()}
