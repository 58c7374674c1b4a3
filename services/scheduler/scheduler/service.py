"""The scheduler service: the platform clock (S4) and, later, every deadline (S1-S3)."""
from nameko.dependency_providers import Config
from nameko.rpc import rpc

from microtache.config import is_production
from microtache.database import Database
from microtache.errors import EXPECTED, Forbidden
from microtache.service import ServiceProbes, load

from scheduler import schemas
from scheduler.adapters.orm import metadata
from scheduler.service_layer import handlers


class SchedulerService(ServiceProbes):
    name = "scheduler"

    db = Database(metadata, "scheduler.migrations")
    config = Config()

    @rpc
    def clock_offset(self):
        """Seconds the platform clock runs ahead of UTC (every ClockProvider asks at start)."""
        with self.db.unit_of_work() as uow:
            return handlers.clock_offset(uow)

    @rpc(expected_exceptions=EXPECTED)
    def advance_clock(self, seconds):
        if is_production(self.config):   # S4: never in production
            raise Forbidden("The clock cannot be moved in production.")
        data = load(schemas.AdvanceClockSchema(), {"seconds": seconds})
        with self.db.unit_of_work() as uow:
            return schemas.ClockSchema().dump(handlers.advance_clock(uow, data["seconds"]))
