"""The scheduler service: every deadline of the platform (S1-S3) and its clock (S4).

Entrypoints only: load through the contract -> service layer -> dump through the
contract. No RPC takes a caller: the gateway lets only admins reach the
scheduler's tools, and the services that ask for deadlines are no users.
"""

from datetime import timedelta

from nameko.rpc import rpc
from nameko.timer import timer

from microtache.config import is_production, setting, settle_services
from microtache.database import Database
from microtache.errors import EXPECTED, Forbidden
from microtache.events import handles, payload_of
from microtache.metrics import Metrics, Reading, dependency
from microtache.service import ServiceProbes, load

from scheduler import contract
from scheduler.adapters.firing import DeadlineFiring
from scheduler.adapters.orm import metadata
from scheduler.adapters.settling import Settler
from scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from scheduler.service_layer import clock, deadlines, views

OWNERS = ("catalog", "requests", "orders", "reviews", "payments", "inbox")  # who asks deadlines
FIRING_INTERVAL = 0.1  # seconds between two looks for due deadlines, in every replica


def firing_gauges(container):
    """The scheduler's part of /metrics, read on scrape: how late this replica fired its
    recent deadlines (its LagMeter, as `firing_metrics` answers), and the deadlines
    pending and due but not fired (every replica's, from the database)."""
    firing = dependency(container, "firing").firing
    store = dependency(container, "db").store
    with store.read_only() as uow:
        numbers = views.firing_metrics(uow, firing)
    for quantile, key in (("0.5", "lag_p50_ms"), ("0.99", "lag_p99_ms"), ("1", "lag_max_ms")):
        if numbers[key] is not None:
            yield Reading(
                "microtache_scheduler_lag_seconds",
                "How late this replica fired its recent deadlines (platform time at firing "
                "minus due time), over its last 10,000.",
                numbers[key] / 1000,
                {"quantile": quantile},
            )
    yield Reading(
        "microtache_scheduler_deadlines_fired_total",
        "Deadlines this replica fired.",
        numbers["fired"],
        counter=True,
    )
    yield Reading(
        "microtache_scheduler_deadlines_pending", "Deadlines not yet fired.", numbers["pending"]
    )
    yield Reading(
        "microtache_scheduler_deadlines_overdue",
        "Deadlines due more than a second ago and not fired.",
        numbers["overdue"],
    )


class SchedulerService(ServiceProbes):
    name = contract.SERVICE

    db = Database(
        metadata, "scheduler.migrations", events=contract.EVENTS, unit_of_work=SchedulerUnitOfWork
    )
    firing = DeadlineFiring()
    metrics = Metrics(gauges=firing_gauges)  # lag and overdue deadlines in /metrics

    # S1-S3: deadlines
    @timer(interval=FIRING_INTERVAL)
    def fire_due_deadlines(self):
        self.firing.fire_due_on_time(self.db)

    @rpc(expected_exceptions=EXPECTED)
    def schedule(self, key, due_at, event_type, payload=None):
        data = load(
            contract.ScheduleSchema(),
            {"key": key, "due_at": due_at, "event_type": event_type, "payload": payload or {}},
        )
        with self.db.unit_of_work() as uow:
            return contract.DeadlineSchema().dump(deadlines.schedule(uow, **data))

    @rpc(expected_exceptions=EXPECTED)
    def cancel(self, key):
        with self.db.unit_of_work() as uow:
            return contract.DeadlineSchema().dump(deadlines.cancel(uow, key))

    @handles(OWNERS, contract.DEADLINE_REQUESTED)
    def on_deadline_requested(self, event):
        self.db.handle_once(
            payload_of(contract.DeadlineRequested(), event),
            deadlines.on_deadline_requested,
            deadlines.REQUESTED_CONSUMER,
        )

    @handles(OWNERS, contract.DEADLINE_CANCELLED)
    def on_deadline_cancelled(self, event):
        self.db.handle_once(
            payload_of(contract.DeadlineCancelled(), event),
            deadlines.on_deadline_cancelled,
            deadlines.CANCELLED_CONSUMER,
        )

    @rpc(expected_exceptions=EXPECTED)
    def pending_deadlines(self, query=None):
        query = load(contract.PendingQuerySchema(), query or {})
        with self.db.unit_of_work() as uow:
            return contract.DeadlineSchema(many=True).dump(
                deadlines.pending(uow, query["prefix"], query["limit"])
            )

    @rpc
    def firing_metrics(self):
        with self.db.unit_of_work() as uow:
            return contract.FiringMetricsSchema().dump(views.firing_metrics(uow, self.firing))

    # S4: the clock
    @rpc
    def clock_offset(self):
        """Seconds the platform clock runs ahead of UTC (every process asks at start)."""
        with self.db.unit_of_work() as uow:
            return clock.clock_offset(uow)

    @rpc
    def clock_state(self):
        """The offset and its epoch (resets so far): what every process asks at start."""
        with self.db.unit_of_work() as uow:
            return contract.ClockStateSchema().dump(clock.clock_state(uow))

    @rpc(expected_exceptions=EXPECTED)
    def reset_clock(self):
        """Development: the clock back to the system's time; deadlines stay as they are."""
        if is_production(self.config):
            raise Forbidden("The clock cannot be reset in production.")
        return contract.ClockSchema().dump(clock.reset_clock(self.db, self.firing))

    @rpc(expected_exceptions=EXPECTED)
    def advance_clock(self, data):
        if is_production(self.config):
            raise Forbidden("The clock cannot be moved in production.")
        data = load(contract.AdvanceClockSchema(), data)
        step = timedelta(seconds=float(setting(self.config, "CLOCK_STEP_SECONDS")))
        with Settler(self.config, settle_services(self.config)) as settler:
            reading = clock.advance_clock(self.db, self.firing, settler, data["seconds"], step)
        return contract.ClockSchema().dump(reading)
