"""The scheduler's service layer on in-memory fakes (scheduler_fakes): no database,
no broker, milliseconds each (S1-S4)."""

from datetime import UTC, datetime, timedelta

import pytest
from scheduler_fakes import FakeFiring, FakeStore, FakeUnitOfWork, Settled

from microtache.errors import InvalidInput, NotFound
from microtache.events import payload_of

from scheduler.adapters.firing import fired_event
from scheduler.contract import DeadlineCancelled, DeadlineReached, DeadlineRequested
from scheduler.service_layer import clock, deadlines, views

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def requested(key, due, occurred_at, fires="order_fell_due", **payload):
    """A `deadline_requested` as an owner's outbox publishes it, read through the contract."""
    return payload_of(
        DeadlineRequested(),
        {
            "event_id": "e",
            "event_type": "deadline_requested",
            "version": 1,
            "occurred_at": occurred_at.isoformat(),
            "key": key,
            "due": due.isoformat(),
            "fires": fires,
            "payload": payload,
        },
    )


def test_s1_schedule_adds_then_replaces_a_key():
    uow = FakeUnitOfWork()
    first = deadlines.schedule(uow, "orders:1:due", T0, "order_fell_due", {"order_id": "1"})
    again = deadlines.schedule(uow, "orders:1:due", T0 + DAY, "order_fell_due", {"order_id": "1"})
    assert again is first and (first.due_at, first.generation) == (T0 + DAY, 2)
    assert [d.key for d in uow.deadlines.pending()] == ["orders:1:due"]


def test_s1_a_bad_request_is_refused_and_nothing_is_kept():
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidInput) as refused:
        deadlines.schedule(uow, "orders:1:due", T0, "order_fell_due", {"due_at": "forged"})
    assert "payload" in refused.value.details
    assert uow.deadlines.by_key == {}


def test_s1_cancelling_an_unknown_key_by_rpc_is_not_found_by_event_nothing():
    uow = FakeUnitOfWork()
    with pytest.raises(NotFound):
        deadlines.cancel(uow, "orders:1:due")
    cancelled = payload_of(
        DeadlineCancelled(), {"event_id": "e", "key": "orders:1:due", "occurred_at": T0.isoformat()}
    )
    assert deadlines.on_deadline_cancelled(uow, cancelled) is None


def test_s1_requests_by_event_keep_the_newest_whatever_their_order():
    uow = FakeUnitOfWork()
    deadlines.on_deadline_requested(uow, requested("orders:1:due", T0 + 2 * DAY, T0 + DAY))
    deadlines.on_deadline_requested(uow, requested("orders:1:due", T0 + 9 * DAY, T0))  # late
    deadline = uow.deadlines.get("orders:1:due")
    assert (deadline.due_at, deadline.requested_at) == (T0 + 2 * DAY, T0 + DAY)
    cancel = {"event_id": "c", "key": "orders:1:due", "occurred_at": (T0 + 3 * DAY).isoformat()}
    deadlines.on_deadline_cancelled(uow, payload_of(DeadlineCancelled(), cancel))
    assert not deadline.pending


def test_s3_a_fired_deadline_carries_the_owners_payload_and_the_schedulers_fields():
    event = fired_event("orders:1:due", 3, T0, "order_fell_due", {"order_id": "1"})
    assert event["order_id"] == "1" and event["event_type"] == "order_fell_due"
    assert event["occurred_at"] == event["due_at"] == T0.isoformat()
    reached = payload_of(DeadlineReached(), event)
    assert (reached["key"], reached["due_at"]) == ("orders:1:due", T0)
    assert reached["event_id"] == fired_event("orders:1:due", 3, T0, "x_fell_due", {})["event_id"]


def test_s4_the_clock_moves_forward_only_and_says_so_through_its_contract():
    store = FakeStore()
    offset = clock.move_clock_to(store, store.clock.now() + DAY)
    assert offset == pytest.approx(DAY.total_seconds(), abs=1)
    assert clock.move_clock_to(store, store.clock.now() - DAY) == offset  # never back
    assert [e["event_type"] for e in store.outbox] == ["clock_advanced"]
    assert store.outbox[0]["offset_seconds"] == offset == store.clock.offset_seconds
    with store.unit_of_work() as uow:
        assert clock.clock_offset(uow) == offset


def test_s4_advancing_fires_in_due_order_with_the_consequences_inside_the_window():
    """Completion at day 3 schedules clearance at day 17: advancing 20 days fires both."""
    store = FakeStore()
    start = store.clock.now()
    seen = []

    def owner(events, headers):
        for event in events:
            due_at = datetime.fromisoformat(event["due_at"])
            seen.append((event["key"], store.clock.now() - due_at))
            if event["event_type"] == "order_auto_completed":
                with store.unit_of_work() as uow:
                    deadlines.schedule(
                        uow,
                        event["key"].replace("complete", "clear"),
                        due_at + 14 * DAY,
                        "earnings_cleared",
                        {},
                    )

    with store.unit_of_work() as uow:
        deadlines.schedule(uow, "orders:1:complete", start + 3 * DAY, "order_auto_completed", {})
        deadlines.schedule(uow, "orders:2:complete", start + 2 * DAY, "order_auto_completed", {})
    firing = FakeFiring(owner)
    answer = clock.advance_clock(store, firing, Settled(), 20 * 86400)
    assert [key for key, _ in seen] == [
        "orders:2:complete",
        "orders:1:complete",
        "orders:2:clear",
        "orders:1:clear",
    ]
    assert all(timedelta(0) <= late <= timedelta(seconds=1.5) for _, late in seen)  # step 1 s
    assert answer["now"] >= start + 20 * DAY
    with store.unit_of_work() as uow:
        metrics = views.firing_metrics(uow, firing)
    assert (metrics["fired"], metrics["pending"], metrics["overdue"]) == (4, 0, 0)


def test_s4_advancing_by_a_bad_amount_is_refused_before_anything_moves():
    store = FakeStore()
    with pytest.raises(InvalidInput):
        clock.advance_clock(store, FakeFiring(lambda e, h: None), Settled(), -5)
    assert store.outbox == [] and store.clock.offset_seconds == 0
