"""The platform clock (S4): moved forward outside production only."""

import json
from datetime import timedelta

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.clock import utcnow
from microtache.errors import Forbidden, InvalidInput

from scheduler.adapters.firing import Firing
from scheduler.adapters.orm import metadata
from scheduler.contract import MAX_ADVANCE_SECONDS
from scheduler.domain.clock import InvalidAdvance, PlatformClock
from scheduler.service import SchedulerService
from scheduler.service_layer import clock as handlers

DAY = 24 * 3600


def published(store):
    with store.engine.connect() as conn:
        rows = conn.execute(select(metadata.tables["outbox_messages"].c.payload)).scalars()
        return [json.loads(row) for row in rows]


def test_s4_clock_only_moves_forward_within_bounds():
    clock = PlatformClock()
    assert clock.advance(60) == 60.0
    assert clock.advance(0.5) == 60.5
    for seconds in (0, -1, MAX_ADVANCE_SECONDS + 1, float("inf"), float("nan"), "60", True, None):
        with pytest.raises(InvalidAdvance):
            clock.advance(seconds)
    assert clock.offset_seconds == 60.5


def test_s4_advance_clock_is_forbidden_in_production(store):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "production"})
    with pytest.raises(Forbidden):
        service.advance_clock({"seconds": DAY})
    assert service.clock_offset() == 0.0
    assert published(store) == []


def test_s4_advance_clock_moves_the_offset_and_tells_every_service(store):
    before = utcnow()
    handlers.advance_clock(store, Firing(lambda events, headers: None), NoWait(), DAY)
    answer = handlers.advance_clock(store, Firing(lambda events, headers: None), NoWait(), 14 * DAY)
    after = utcnow()
    assert 15 * DAY - 1 <= answer["offset_seconds"] <= 15 * DAY + 1
    assert before + timedelta(days=15) <= answer["now"] <= after + timedelta(days=15, seconds=1)
    assert store.clock.offset_seconds == answer["offset_seconds"]  # the scheduler's own clock
    events = published(store)  # lib/microtache/clock.py listens to these
    assert [e["event_type"] for e in events] == ["clock_advanced", "clock_advanced"]
    assert events[-1]["offset_seconds"] == answer["offset_seconds"]


class NoWait:
    """Nothing else runs in a unit test: the system is always settled."""

    def wait(self):
        pass


@pytest.mark.parametrize("seconds", [0, 0.5, -60, MAX_ADVANCE_SECONDS + 1, "soon", None])
def test_s4_advance_clock_refuses_a_bad_amount(store, seconds):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "development"})
    with pytest.raises(InvalidInput) as refused:
        service.advance_clock({"seconds": seconds})
    assert "seconds" in refused.value.details
    assert service.clock_offset() == 0.0
    assert published(store) == []


def test_s4_advance_clock_allows_exactly_366_days(store):
    answer = handlers.advance_clock(store, Firing(lambda e, h: None), NoWait(), MAX_ADVANCE_SECONDS)
    assert abs(answer["offset_seconds"] - MAX_ADVANCE_SECONDS) < 1


def test_ping_answers_with_the_database(store):
    assert worker_factory(SchedulerService, db=store).ping() == {
        "service": "scheduler",
        "database": "ok",
    }


def test_s4_reset_clock_brings_the_offset_back_in_a_new_epoch(store):
    firing = Firing(lambda events, headers: None)
    handlers.advance_clock(store, firing, NoWait(), 3 * DAY)
    answer = handlers.reset_clock(store, firing)
    assert answer["offset_seconds"] == 0.0 and answer["epoch"] == 1
    assert abs((answer["now"] - utcnow()).total_seconds()) < 5
    assert store.clock.offset_seconds == 0.0 and store.clock.epoch == 1
    with store.unit_of_work() as uow:
        assert handlers.clock_state(uow) == {"offset_seconds": 0.0, "epoch": 1}
    last = published(store)[-1]  # what advancing publishes, so every process follows
    assert last["event_type"] == "clock_advanced"
    assert (last["offset_seconds"], last["epoch"]) == (0.0, 1)
    moved = handlers.advance_clock(store, firing, NoWait(), DAY)  # forward again, same epoch
    assert moved["epoch"] == 1 and DAY - 1 <= moved["offset_seconds"] <= DAY + 1


def test_s4_reset_clock_leaves_deadlines_as_they_are(store):
    fired = []
    firing = Firing(lambda events, headers: fired.extend(events))
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "development"})
    service.schedule("test:soon", (utcnow() + timedelta(hours=1)).isoformat(), "soon_reached")
    service.schedule("test:later", (utcnow() + timedelta(days=5)).isoformat(), "later_reached")
    handlers.advance_clock(store, firing, NoWait(), DAY)
    handlers.reset_clock(store, firing)
    assert [d["key"] for d in service.pending_deadlines({"prefix": "test:"})] == ["test:later"]
    assert firing.fire_due(store) == 0  # the fired one stays fired, the pending one waits
    assert [d["key"] for d in service.pending_deadlines({"prefix": "test:"})] == ["test:later"]


def test_s4_reset_clock_is_forbidden_in_production(store):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "production"})
    with pytest.raises(Forbidden):
        service.reset_clock()
    assert published(store) == []
