"""The platform clock's epochs (S4): forward within one, a reset starts the next."""

from types import SimpleNamespace

from microtache.clock import CONTEXT_KEY, EPOCH_KEY, Clock, ClockListener, clock_headers


def test_s4_the_clock_only_moves_forward_within_an_epoch():
    clock = Clock()
    clock.move_to_offset(60)
    clock.move_to_offset(30)
    assert (clock.offset_seconds, clock.epoch) == (60.0, 0)


def test_s4_a_later_epoch_wins_even_backwards_and_an_earlier_one_is_ignored():
    clock = Clock(3600)
    clock.move_to_offset(0, epoch=1)  # a reset
    assert (clock.offset_seconds, clock.epoch) == (0.0, 1)
    clock.move_to_offset(7200, epoch=0)  # a message sent before the reset
    assert (clock.offset_seconds, clock.epoch) == (0.0, 1)
    clock.move_to_offset(10)  # no epoch given: the current one
    assert clock.offset_seconds == 10.0
    assert clock_headers(clock) == {f"nameko.{CONTEXT_KEY}": 10.0, f"nameko.{EPOCH_KEY}": 1}


def test_s4_a_worker_hands_on_its_clock_not_a_stale_offset_it_received():
    listener = ClockListener()
    listener.container = SimpleNamespace(config={"MICROTACHE_ENV": "development"})
    listener.clock.move_to_offset(0, epoch=1)
    data = {CONTEXT_KEY: 7200.0}  # carried by a message from before the reset
    worker_ctx = SimpleNamespace(data=data, context_data=dict(data))
    listener.follow(worker_ctx)
    assert worker_ctx.data == {CONTEXT_KEY: 0.0, EPOCH_KEY: 1}
    assert listener.clock.offset_seconds == 0.0
