"""In memory, the scheduler's unit of work, store and firing (cosmicpython's
FakeUnitOfWork): service-layer tests without a database or a broker, in
milliseconds. Each fake offers exactly what the service layer uses of the real one."""

from contextlib import contextmanager

from microtache.clock import Clock

from scheduler.adapters.firing import Firing, fired_event
from scheduler.contract import EVENTS
from scheduler.domain.clock import PlatformClock


class FakeDeadlines:
    """scheduler.adapters.repository.Deadlines over a dict."""

    def __init__(self):
        self.by_key = {}

    def get(self, key):
        return self.by_key.get(key)

    def add(self, deadline):
        self.by_key[deadline.key] = deadline

    def pending(self, prefix="", limit=100):
        found = [d for d in self.by_key.values() if d.pending and d.key.startswith(prefix)]
        return sorted(found, key=lambda d: (d.due_at, d.key))[:limit]

    def next_due(self):
        return min((d.due_at for d in self.by_key.values() if d.pending), default=None)

    def count_pending(self, due_before=None):
        return sum(
            1
            for d in self.by_key.values()
            if d.pending and (due_before is None or d.due_at <= due_before)
        )


class FakeClockOffsets:
    def __init__(self):
        self.row = PlatformClock()

    def get(self, for_update=False):
        return self.row


class FakeUnitOfWork:
    """The repositories, the platform clock, and what was published (dumped through
    the contract, as the real one does); `committed` once the block ended well."""

    def __init__(self, deadlines=None, clock_offsets=None, clock=None, outbox=None):
        self.deadlines = deadlines or FakeDeadlines()
        self.clock_offsets = clock_offsets or FakeClockOffsets()
        self.clock = clock or Clock()
        self.outbox = [] if outbox is None else outbox
        self.published = []
        self.committed = False

    def now(self):
        return self.clock.now()

    def publish(self, event_type, payload):
        message = {**EVENTS.dump(event_type, payload), "event_type": event_type}
        self.published.append(message)
        return message

    def commit(self):
        self.committed = True
        self.outbox.extend(self.published)


class FakeStore:
    """What `advance_clock` uses of microtache.database.Store: `clock` and
    `unit_of_work()`, every unit of work on the same repositories."""

    def __init__(self, clock=None):
        self.clock = clock or Clock()
        self.deadlines = FakeDeadlines()
        self.clock_offsets = FakeClockOffsets()
        self.outbox = []

    @contextmanager
    def unit_of_work(self):
        uow = FakeUnitOfWork(self.deadlines, self.clock_offsets, self.clock, self.outbox)
        yield uow
        uow.commit()


class FakeFiring(Firing):
    """Firing whose claim reads the fake store's deadlines instead of the table."""

    def fire_due(self, store, limit=500):
        now = store.clock.now()
        due = sorted(
            (d for d in store.deadlines.by_key.values() if d.pending and d.due_at <= now),
            key=lambda d: (d.due_at, d.key),
        )[:limit]
        self.publish(
            [fired_event(d.key, d.generation, d.due_at, d.event_type, d.payload) for d in due], {}
        )
        fired_at = store.clock.now()
        for deadline in due:
            deadline.fired_at = fired_at
            self.lag.record((fired_at - deadline.due_at).total_seconds())
        return len(due)


class Settled:
    """A settler for a system where nothing else runs."""

    def wait(self):
        pass
