"""The scheduler service: every deadline of the platform (S1-S3) and its clock (S4)."""
from datetime import timedelta

from nameko.rpc import rpc
from nameko.timer import timer

from microtache.config import is_production, setting
from microtache.database import Database
from microtache.deadlines import DEADLINE_CANCELLED, DEADLINE_REQUESTED
from microtache.errors import EXPECTED, Forbidden
from microtache.events import handles
from microtache.service import ServiceProbes, load

from scheduler import schemas
from scheduler.adapters.firing import DeadlineFiring
from scheduler.adapters.orm import metadata
from scheduler.adapters.settling import Settler
from scheduler.service_layer import handlers

OWNERS = ("catalog", "requests", "orders", "reviews", "payments")   # who may ask for deadlines
FIRING_INTERVAL = 0.1   # seconds between two looks for due deadlines, in every replica


class SchedulerService(ServiceProbes):
    name = "scheduler"

    db = Database(metadata, "scheduler.migrations")
    firing = DeadlineFiring()

    # S1-S3: deadlines
    @timer(interval=FIRING_INTERVAL)
    def fire_due_deadlines(self):
        self.firing.fire_due_on_time(self.db)

    @rpc(expected_exceptions=EXPECTED)
    def schedule(self, key, due_at, event_type, payload=None):
        data = load(schemas.ScheduleSchema(), {"key": key, "due_at": due_at,
                                               "event_type": event_type, "payload": payload or {}})
        with self.db.unit_of_work() as uow:
            return schemas.DeadlineSchema().dump(handlers.schedule(uow, **data))

    @rpc(expected_exceptions=EXPECTED)
    def cancel(self, key):
        with self.db.unit_of_work() as uow:
            return schemas.DeadlineSchema().dump(handlers.cancel(uow, key))

    @handles(OWNERS, DEADLINE_REQUESTED)
    def on_deadline_requested(self, event):
        self.db.handle_once(event, handlers.on_deadline_requested)

    @handles(OWNERS, DEADLINE_CANCELLED)
    def on_deadline_cancelled(self, event):
        self.db.handle_once(event, handlers.on_deadline_cancelled)

    @rpc(expected_exceptions=EXPECTED)
    def pending_deadlines(self, query=None):
        query = load(schemas.PendingQuerySchema(), query or {})
        with self.db.unit_of_work() as uow:
            return schemas.DeadlineSchema(many=True).dump(
                handlers.pending(uow, query["prefix"], query["limit"]))

    @rpc
    def firing_metrics(self):
        with self.db.unit_of_work() as uow:
            return handlers.firing_metrics(uow, self.firing)

    # S4: the clock
    @rpc
    def clock_offset(self):
        """Seconds the platform clock runs ahead of UTC (every process asks at start)."""
        with self.db.unit_of_work() as uow:
            return handlers.clock_offset(uow)

    @rpc(expected_exceptions=EXPECTED)
    def advance_clock(self, seconds):
        if is_production(self.config):
            raise Forbidden("The clock cannot be moved in production.")
        data = load(schemas.AdvanceClockSchema(), {"seconds": seconds})
        settler = Settler(self.config, setting(self.config, "SETTLE_SERVICES"))
        step = timedelta(seconds=float(setting(self.config, "CLOCK_STEP_SECONDS")))
        return schemas.ClockSchema().dump(
            handlers.advance_clock(self.db, self.firing, settler, data["seconds"], step))
