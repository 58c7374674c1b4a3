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
