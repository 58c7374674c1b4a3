"""Waiting until the whole system has nothing left to do (S4).

Every service answers `activity` (microtache.service.ServiceProbes): events
waiting in its queues, events being handled, outbox rows not yet published,
and running totals. The system has settled when two rounds in a row find
nothing waiting, in flight or unsent, and the same totals: nothing happened
in between. One replica per service answers; the fast-forward is a
development and test tool, run where each service has one process.
"""

import time

import eventlet
from kombu import Connection
from nameko.exceptions import UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.errors import ServiceUnavailable


class Settler:
    def __init__(self, config, services, timeout=120.0, pause=0.005):
        self.config = config
        self.services = services
        self.timeout = timeout
        self.pause = pause

    def running(self):
        """The services with a process consuming their RPC queue (a stopped service's
        durable queue would take the call and never answer)."""
        running = []
        with Connection(self.config["AMQP_URI"]) as connection:
            for name in self.services:
                channel = connection.channel()
                try:
                    if channel.queue_declare(f"rpc-{name}", passive=True).consumer_count:
                        running.append(name)
                except Exception:
                    pass  # no queue: never started
                finally:
                    try:
                        channel.close()
                    except Exception:
                        pass
        return running

    def wait(self):
        deadline = time.monotonic() + self.timeout
        previous = None
        services = self.running()
        with ClusterRpcProxy(self.config, timeout=self.timeout) as cluster:
            while time.monotonic() < deadline:
                round_ = self._round(cluster, services)
                idle = all(
                    a["waiting"] == a["in_flight"] == a["unsent"] == 0 for a in round_.values()
                )
                totals = {name: (a["handled"], a["published"]) for name, a in round_.items()}
                if idle and totals == previous:
                    return
                previous = totals if idle else None
                eventlet.sleep(self.pause)
        raise ServiceUnavailable(
            "The system did not settle in time.", {"timeout_seconds": self.timeout}
        )

    def _round(self, cluster, services):
        calls = {}
        for name in services:
            try:
                calls[name] = cluster[name].activity.call_async()
            except UnknownService:
                continue  # not running: nothing in flight there
        return {name: call.result() for name, call in calls.items()}
