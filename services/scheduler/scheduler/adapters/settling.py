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
from nameko.exceptions import UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.errors import ServiceUnavailable


class Settler:
    def __init__(self, config, services, timeout=120.0, pause=0.005):
        self.config = config
        self.services = services
        self.timeout = timeout
        self.pause = pause

    def wait(self):
        deadline = time.monotonic() + self.timeout
        previous = None
        with ClusterRpcProxy(self.config, timeout=self.timeout) as cluster:
            while time.monotonic() < deadline:
                round_ = self._round(cluster)
                idle = all(a["waiting"] == a["in_flight"] == a["unsent"] == 0
                           for a in round_.values())
                totals = {name: (a["handled"], a["published"]) for name, a in round_.items()}
                if idle and totals == previous:
                    return
                previous = totals if idle else None
                eventlet.sleep(self.pause)
        raise ServiceUnavailable("The system did not settle in time.",
                                 {"timeout_seconds": self.timeout})

    def _round(self, cluster):
        calls = {}
        for name in self.services:
            try:
                calls[name] = cluster[name].activity.call_async()
            except UnknownService:
                continue            # not running: nothing in flight there
        return {name: call.result() for name, call in calls.items()}
