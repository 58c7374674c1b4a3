"""Reading and writing the scheduler's state."""
from scheduler.domain.clock import PlatformClock


class Schedule:
    def __init__(self, session):
        self.session = session

    def clock(self, for_update=False):
        """The clock row; `for_update` locks it so two advances add up (PostgreSQL)."""
        found = self.session.get(PlatformClock, 1, with_for_update=for_update or None)
        if found is None:
            raise LookupError("the clock row is missing: run the scheduler's migrations")
        return found
