"""Deadlines (S1-S4) on the domain and the handlers, with a recording publisher."""

from datetime import UTC, datetime, timedelta

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.errors import InvalidInput
from microtache.events import PermanentFailure

from scheduler.adapters.firing import Firing
from scheduler.adapters.orm import deadlines as deadline_rows
from scheduler.domain.deadlines import Deadline, firing_event_id
from scheduler.service import SchedulerService
from scheduler.service_layer import clock, deadlines

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


class Recorder:
    """Publishes into a list."""

    def __init__(self):
        self.events = []

    def __call__(self, events, headers):
        self.events.extend((event, headers) for event in events)


class Consumers(Recorder):
    """A broker and its consumers in one: `wait()` (the settler) lets the consumer
    handle everything published so far, as the real system settles."""

    def __init__(self, consumer):
        super().__init__()
        self.consumer, self.handled = consumer, 0

    def wait(self):
        while self.handled < len(self.events):
            self.consumer(self.events[self.handled][0])
            self.handled += 1


class NoWait:
    def wait(self):
        pass


def schedule(store, key, due_at, event_type="thing_fell_due", **payload):
    with store.unit_of_work() as uow:
        deadlines.schedule(uow, key, due_at, event_type, payload)


def test_s1_scheduling_the_same_key_again_replaces_it_and_a_repeat_changes_nothing():
    deadline = Deadline("orders:1:due", T0, "order_fell_due", requested_at=T0)
    assert deadline.reschedule(T0, "order_fell_due", {}, T0 + DAY) is False  # the same again
    assert deadline.generation == 1
    assert deadline.reschedule(T0 + DAY, "order_fell_due", {}, T0 + DAY) is True
    assert (deadline.due_at, deadline.generation) == (T0 + DAY, 2)
    assert deadline.reschedule(T0 + 5 * DAY, "order_fell_due", {}, T0) is False  # older, late
    assert deadline.due_at == T0 + DAY


def test_s1_a_cancelled_deadline_is_not_revived_by_an_older_request():
    deadline = Deadline("orders:1:due", T0, "order_fell_due", requested_at=T0)
    assert deadline.cancel(T0 + DAY) and not deadline.pending
    assert deadline.reschedule(T0 + 2 * DAY, "order_fell_due", {}, T0) is False
    assert not deadline.pending
    assert deadline.reschedule(T0 + 2 * DAY, "order_fell_due", {}, T0 + 2 * DAY) is True
    assert deadline.pending


def test_s3_a_deadline_fired_twice_carries_the_same_event_id_a_moved_one_a_new_id():
    assert firing_event_id("orders:1:due", 1) == firing_event_id("orders:1:due", 1)
    assert firing_event_id("orders:1:due", 1) != firing_event_id("orders:1:due", 2)


def test_s1_bad_requests_are_refused_with_details(store):
    with pytest.raises(InvalidInput) as refused:
        schedule(store, "no-owner", T0, "Bad Type", key_clash="x")
    assert set(refused.value.details) == {"key", "event_type"}
    with pytest.raises(InvalidInput) as refused:
        with store.unit_of_work() as uow:
            deadlines.schedule(uow, "orders:1:due", T0, "order_fell_due", {"event_id": "forged"})
    assert "payload" in refused.value.details


def test_s1_due_deadlines_fire_in_due_order_once(store):
    now = store.clock.now()
    schedule(store, "orders:b:due", now - timedelta(seconds=5), order="b")
    schedule(store, "orders:a:due", now - timedelta(seconds=10), order="a")
    schedule(store, "orders:later:due", now + DAY, order="later")
    recorder = Recorder()
    firing = Firing(recorder)
    assert firing.fire_due(store) == 2
    assert firing.fire_due(store) == 0
    fired = [event for event, _ in recorder.events]
    assert [e["order"] for e in fired] == ["a", "b"]
    assert fired[0]["key"] == "orders:a:due" and fired[0]["event_type"] == "thing_fell_due"
    assert firing.lag.summary()["fired"] == 2


def test_s1_cancelled_and_moved_deadlines_do_not_fire_at_the_old_time(store):
    now = store.clock.now()
    schedule(store, "orders:1:due", now - timedelta(seconds=1))
    schedule(store, "orders:2:due", now - timedelta(seconds=1))
    with store.unit_of_work() as uow:
        deadlines.cancel(uow, "orders:1:due")
    schedule(store, "orders:2:due", now + DAY)
    assert Firing(Recorder()).fire_due(store) == 0


def test_s4_fast_forward_fires_in_order_with_the_clock_at_each_due_time_and_their_consequences(
    store,
):
    """Completion at day 3 schedules clearance at day 17: advancing 20 days fires both."""
    start = store.clock.now()
    schedule(store, "orders:1:complete", start + 3 * DAY, "order_auto_completed")
    schedule(store, "orders:2:complete", start + 2 * DAY, "order_auto_completed")
    seen = []

    def consumer(event):
        seen.append((event["key"], store.clock.now() - datetime.fromisoformat(event["due_at"])))
        if event["event_type"] == "order_auto_completed":
            due = datetime.fromisoformat(event["due_at"]) + 14 * DAY
            schedule(store, event["key"].replace("complete", "clear"), due, "earnings_cleared")

    system = Consumers(consumer)
    answer = clock.advance_clock(store, Firing(system), system, 20 * 86400)
    assert [key for key, _ in seen] == [
        "orders:2:complete",
        "orders:1:complete",
        "orders:2:clear",
        "orders:1:clear",
    ]
    assert all(timedelta(0) <= late <= timedelta(seconds=2) for _, late in seen)
    assert answer["now"] >= start + 20 * DAY
    with store.engine.connect() as conn:
        pending = select(deadline_rows.c.key).where(deadline_rows.c.fired_at.is_(None))
        assert conn.execute(pending).all() == []


def test_pending_deadlines_are_listed_by_key_prefix_for_support(store):
    now = store.clock.now()
    schedule(store, "orders:1:due", now + DAY)
    schedule(store, "orders:1:very_late", now + 2 * DAY)
    schedule(store, "orders:2:due", now + DAY)
    schedule(store, "payments:1:clear", now + DAY)
    with store.unit_of_work() as uow:
        assert [d.key for d in deadlines.pending(uow, "orders:1:", 10)] == [
            "orders:1:due",
            "orders:1:very_late",
        ]
        assert len(deadlines.pending(uow, "orders", 10)) == 3
        assert deadlines.pending(uow, "orders_", 10) == []  # `_` is not a wildcard


def test_s1_a_deadline_requested_by_event_is_read_through_the_contract_and_applied_once(store):
    service = worker_factory(SchedulerService, db=store)
    due = store.clock.now() + DAY
    event = {
        "event_id": "e-1",
        "event_type": "deadline_requested",
        "version": 1,
        "occurred_at": store.clock.now().isoformat(),
        "key": "orders:7:due",
        "due": due.isoformat(),
        "fires": "order_fell_due",
        "payload": {"order_id": "7"},
        "added_by_a_newer_owner": True,
    }
    service.on_deadline_requested(event)
    service.on_deadline_requested(event)  # redelivered: applied once
    (listed,) = service.pending_deadlines({"prefix": "orders:7:"})
    assert (listed["due_at"], listed["payload"], listed["generation"]) == (
        due.isoformat(),
        {"order_id": "7"},
        1,
    )
    with pytest.raises(PermanentFailure):  # malformed: parked, not retried
        service.on_deadline_requested({**event, "event_id": "e-2", "due": "tomorrow"})
    service.on_deadline_cancelled(
        {
            "event_id": "e-3",
            "event_type": "deadline_cancelled",
            "occurred_at": store.clock.now().isoformat(),
            "key": "orders:7:due",
        }
    )
    assert service.pending_deadlines({"prefix": "orders:7:"}) == []
