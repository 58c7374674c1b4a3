"""Reading and writing the scheduler's state: its deadlines and its clock row."""

from sqlalchemy import func, select

from scheduler.adapters.orm import PENDING, deadlines
from scheduler.domain.clock import PlatformClock
from scheduler.domain.deadlines import Deadline


class Deadlines:
    """Every deadline of the platform, pending or kept as a marker (S1)."""

    def __init__(self, session):
        self.session = session

    def get(self, key):
        return self.session.scalars(select(Deadline).where(Deadline.key == key)).first()

    def add(self, deadline):
        self.session.add(deadline)

    def pending(self, prefix, limit):
        """Pending deadlines whose key starts with `prefix`, soonest first (for support)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return self.session.scalars(
            select(Deadline)
            .where(PENDING, Deadline.key.like(f"{escaped}%", escape="\\"))
            .order_by(Deadline.due_at, Deadline.key)
            .limit(limit)
        ).all()

    def next_due(self):
        return self.session.scalar(select(func.min(deadlines.c.due_at)).where(PENDING))

    def count_pending(self, due_before=None):
        query = select(func.count()).select_from(deadlines).where(PENDING)
        if due_before is not None:
            query = query.where(deadlines.c.due_at <= due_before)
        return self.session.scalar(query)


class ClockOffsets:
    """The platform clock's single row (S4)."""

    def __init__(self, session):
        self.session = session

    def get(self, for_update=False):
        """The clock row; `for_update` locks it so two advances add up (PostgreSQL)."""
        found = self.session.get(PlatformClock, 1, with_for_update=for_update or None)
        if found is None:
            raise LookupError("the clock row is missing: run the scheduler's migrations")
        return found
