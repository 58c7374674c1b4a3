"""One function per command or query of the scheduler."""
from datetime import timedelta

from microtache.clock import CLOCK_ADVANCED, utcnow
from microtache.errors import InvalidInput

from scheduler.adapters.repository import Schedule
from scheduler.domain.clock import InvalidAdvance


def clock_offset(uow):
    return Schedule(uow.session).clock().offset_seconds


def advance_clock(uow, seconds):
    """S4: move the platform clock forward and tell every service (`clock_advanced`).

    The caller refuses this in production. The scheduler's own clock moves at
    once; the others follow when the event reaches them.
    """
    clock = Schedule(uow.session).clock(for_update=True)
    try:
        offset = clock.advance(seconds)
    except InvalidAdvance as exc:
        raise InvalidInput("The clock cannot move by that.", {"seconds": [str(exc)]})
    uow.publish(CLOCK_ADVANCED, {"offset_seconds": offset})
    uow.clock.move_to_offset(offset)
    return {"now": utcnow() + timedelta(seconds=offset), "offset_seconds": offset}
