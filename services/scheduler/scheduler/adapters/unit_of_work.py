"""The scheduler's unit of work: its repositories as attributes."""

from microtache.database import UnitOfWork

from scheduler.adapters.repository import ClockOffsets, Deadlines


class SchedulerUnitOfWork(UnitOfWork):
    """`uow.deadlines` (S1-S3) and `uow.clock_offsets` (S4), on this transaction's session.
    (`uow.clock` is the shared kit's: the platform clock this process reads.)"""

    def __init__(self, session, *args, **kwargs):
        super().__init__(session, *args, **kwargs)
        self.deadlines = Deadlines(session)
        self.clock_offsets = ClockOffsets(session)
