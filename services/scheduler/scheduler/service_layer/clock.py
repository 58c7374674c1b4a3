"""S4: the platform clock, and moving it forward with every consequence settled."""

from datetime import timedelta

from microtache.clock import CLOCK_ADVANCED, utcnow
from microtache.errors import InvalidInput

from scheduler.domain.clock import advance_problem
from scheduler.service_layer.views import clock_reading


def clock_offset(uow):
    return uow.clock_offsets.get().offset_seconds


def clock_state(uow):
    """The offset and its epoch: what a process asks at start (microtache.clock)."""
    clock = uow.clock_offsets.get()
    return {"offset_seconds": clock.offset_seconds, "epoch": clock.epoch}


def reset_clock(store, firing):
    """S4, development: the platform clock back to the system's time (offset 0), in a
    new epoch, told to every process by `clock_advanced` as an advance is (each one
    takes a later epoch's offset even when it is smaller, and ignores what messages
    from before the reset still carry).

    Deadlines stay as they are: those already fired stay fired (their consequences,
    an order auto-completed, earnings cleared, are not undone); pending ones keep
    their due time, so those that fell due on the moved clock but had not fired now
    wait for real time, or the next advance, to reach them."""
    with firing.held():
        with store.unit_of_work() as uow:
            clock = uow.clock_offsets.get(for_update=True)
            clock.reset()
            uow.publish(CLOCK_ADVANCED, {"offset_seconds": 0.0, "epoch": clock.epoch})
            epoch = clock.epoch
        store.clock.move_to_offset(0.0, epoch)
    return clock_reading(store.clock)


def move_clock_to(store, moment):
    """Set the platform clock to `moment` (never back) and tell every process."""
    with store.unit_of_work() as uow:
        clock = uow.clock_offsets.get(for_update=True)
        if not clock.move_to((moment - utcnow()).total_seconds()):
            return clock.offset_seconds
        uow.publish(CLOCK_ADVANCED, {"offset_seconds": clock.offset_seconds, "epoch": clock.epoch})
        epoch = clock.epoch
    store.clock.move_to_offset(clock.offset_seconds, epoch)
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
