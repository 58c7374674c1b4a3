"""S4: the platform clock, and moving it forward with every consequence settled."""

from datetime import timedelta

from microtache.clock import CLOCK_ADVANCED, utcnow
from microtache.errors import InvalidInput

from scheduler.domain.clock import advance_problem
from scheduler.service_layer.views import clock_reading


def clock_offset(uow):
    return uow.clock_offsets.get().offset_seconds


def move_clock_to(store, moment):
    """Set the platform clock to `moment` (never back) and tell every process."""
    with store.unit_of_work() as uow:
        clock = uow.clock_offsets.get(for_update=True)
        if not clock.move_to((moment - utcnow()).total_seconds()):
            return clock.offset_seconds
        uow.publish(CLOCK_ADVANCED, {"offset_seconds": clock.offset_seconds})
    store.clock.move_to_offset(clock.offset_seconds)
    return clock.offset_seconds


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
                due = uow.deadlines.next_due()
            if due is not None and due <= target:
                move_clock_to(store, min(target, due + step))
                while firing.fire_due(store):
                    pass
            elif store.clock.now() < target:
                move_clock_to(store, target)
            else:
                break
    return clock_reading(store.clock)
