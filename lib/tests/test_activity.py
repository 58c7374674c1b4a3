"""S4: which retry queues the fast-forward must read (microtache.activity)."""

from microtache import activity as module
from microtache.activity import RETRY_MARGIN_SECONDS, Activity


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_s4_retry_queues_are_read_while_they_may_hold_an_event(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(module.time, "monotonic", clock)
    activity = Activity()
    window = 30 + RETRY_MARGIN_SECONDS
    # young: a process before this one may have sent an event to any of them
    assert activity.may_hold_retries("evt-orders-placed--payments.pay", 30)
    clock.now += window + 0.1
    assert not activity.may_hold_retries("evt-orders-placed--payments.pay", 30)
    activity.retried("evt-orders-placed--payments.pay")
    clock.now += window - 0.1  # the broker may not have handed it back yet
    assert activity.may_hold_retries("evt-orders-placed--payments.pay", 30)
    assert not activity.may_hold_retries("evt-orders-placed--inbox.tell", 30)
    clock.now += 0.2
    assert not activity.may_hold_retries("evt-orders-placed--payments.pay", 30)
