"""One function per command or query of the scheduler."""
from datetime import datetime, timedelta

from microtache.clock import CLOCK_ADVANCED, utcnow
from microtache.errors import InvalidInput, NotFound

from scheduler.adapters.repository import Schedule
from scheduler.domain.clock import advance_problem
from scheduler.domain.deadlines import Deadline, InvalidDeadline, check_request


def schedule(uow, key, due_at, event_type, payload, requested_at=None):
    """S1: schedule a named deadline; the same key again replaces it (idempotent)."""
    try:
        check_request(key, event_type, payload)
    except InvalidDeadline as exc:
        raise InvalidInput("The deadline is not valid.", exc.problems)
    requested_at = requested_at or uow.now()
    schedule = Schedule(uow.session)
    deadline = schedule.deadline(key)
    if deadline is None:
        deadline = Deadline(key=key, due_at=due_at, event_type=event_type, payload=payload,
                            requested_at=requested_at)
        schedule.add(deadline)
    else:
        deadline.reschedule(due_at, event_type, payload, requested_at)
    return deadline


def cancel(uow, key, requested_at=None):
    deadline = Schedule(uow.session).deadline(key)
    if deadline is None:
        raise NotFound("No such deadline.", {"key": key})
    deadline.cancel(requested_at or uow.now())
    return deadline


def on_deadline_requested(uow, event):
    """A service asked, through its outbox, for a deadline (microtache.deadlines)."""
    return schedule(uow, event["key"], datetime.fromisoformat(event["due"]), event["fires"],
                    event.get("payload") or {}, datetime.fromisoformat(event["occurred_at"]))


def on_deadline_cancelled(uow, event):
    deadline = Schedule(uow.session).deadline(event["key"])
    if deadline is not None:
        deadline.cancel(datetime.fromisoformat(event["occurred_at"]))


def pending(uow, prefix, limit):
    return Schedule(uow.session).pending(prefix, limit)


def clock_offset(uow):
    return Schedule(uow.session).clock().offset_seconds


def move_clock_to(store, moment):
    """Set the platform clock to `moment` (never back) and tell every process."""
    with store.unit_of_work() as uow:
        clock = Schedule(uow.session).clock(for_update=True)
        offset = (moment - utcnow()).total_seconds()
        if offset <= clock.offset_seconds:
            return clock.offset_seconds
        clock.offset_seconds = offset
        uow.publish(CLOCK_ADVANCED, {"offset_seconds": offset})
    store.clock.move_to_offset(offset)
    return offset


def advance_clock(store, firing, settler, seconds, step=timedelta(seconds=1)):
    """S4: move the clock forward by `seconds`, firing every deadline due in between
    in due-time order with the clock at its due time (within `step`, which batches
    deadlines due close together), including the deadlines their consequences
    schedule inside the window; return once everything has settled.

    This replica's timer holds off meanwhile, so that nothing fires behind the
    loop's back between its last check and its answer."""
    problem = advance_problem(seconds)
    if problem:
        raise InvalidInput("The clock cannot move by that.", {"seconds": [problem]})
    target = store.clock.now() + timedelta(seconds=seconds)
    with firing.held():
        while True:
            settler.wait()
            with store.unit_of_work() as uow:
                due = Schedule(uow.session).next_due()
            if due is not None and due <= target:
                move_clock_to(store, min(target, due + step))
                while firing.fire_due(store):
                    pass
            elif store.clock.now() < target:
                move_clock_to(store, target)
            else:
                break
    return {"now": store.clock.now(), "offset_seconds": store.clock.offset_seconds}


def firing_metrics(uow, firing):
    schedule = Schedule(uow.session)
    return {**firing.lag.summary(), "pending": schedule.count_pending(),
            "overdue": schedule.count_pending(due_before=uow.now() - timedelta(seconds=1))}
