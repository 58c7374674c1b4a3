"""What the scheduler shows: the clock's reading and the firing metrics (support)."""

from datetime import timedelta


def clock_reading(clock):
    """The platform's time and its offset (scheduler.contract.ClockSchema)."""
    return {"now": clock.now(), "offset_seconds": clock.offset_seconds, "epoch": clock.epoch}


def firing_metrics(uow, firing):
    """How late deadlines fire, and how many are pending and overdue
    (scheduler.contract.FiringMetricsSchema)."""
    return {
        **firing.lag.summary(),
        "pending": uow.deadlines.count_pending(),
        "overdue": uow.deadlines.count_pending(due_before=uow.now() - timedelta(seconds=1)),
    }
