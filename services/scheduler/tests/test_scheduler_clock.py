"""The platform clock (S4): moved forward outside production only."""
import json
from datetime import datetime, timedelta

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.clock import utcnow
from microtache.errors import Forbidden, InvalidInput

from scheduler.adapters.orm import metadata
from scheduler.domain.clock import MAX_ADVANCE_SECONDS, InvalidAdvance, PlatformClock
from scheduler.service import SchedulerService

DAY = 24 * 3600


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "scheduler.migrations")
    return store


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
        service.advance_clock(DAY)
    assert service.clock_offset() == 0.0
    assert published(store) == []


def test_s4_advance_clock_moves_the_offset_and_tells_every_service(store):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "development"})
    before = utcnow()
    service.advance_clock(DAY)
    answer = service.advance_clock(14 * DAY)
    after = utcnow()
    assert answer["offset_seconds"] == 15 * DAY
    assert service.clock_offset() == 15 * DAY
    now = datetime.fromisoformat(answer["now"])       # the system's UTC time plus the offset
    assert before + timedelta(days=15) <= now <= after + timedelta(days=15)
    assert store.clock.offset_seconds == 15 * DAY     # the scheduler's own clock moved at once
    events = published(store)                          # lib/microtache/clock.py listens to these
    assert [(e["event_type"], e["offset_seconds"]) for e in events] == [
        ("clock_advanced", DAY), ("clock_advanced", 15 * DAY)]


@pytest.mark.parametrize("seconds", [0, -60, MAX_ADVANCE_SECONDS + 1, "soon", None])
def test_s4_advance_clock_refuses_a_bad_amount(store, seconds):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "development"})
    with pytest.raises(InvalidInput) as refused:
        service.advance_clock(seconds)
    assert "seconds" in refused.value.details
    assert service.clock_offset() == 0.0
    assert published(store) == []


def test_s4_advance_clock_allows_exactly_366_days(store):
    service = worker_factory(SchedulerService, db=store, config={"MICROTACHE_ENV": "development"})
    assert service.advance_clock(MAX_ADVANCE_SECONDS)["offset_seconds"] == MAX_ADVANCE_SECONDS


def test_ping_answers_with_the_database(store):
    assert worker_factory(SchedulerService, db=store).ping() == {"service": "scheduler",
                                                                 "database": "ok"}
