"""S4: when the fast-forward deems the system settled, and how few queue reads it costs.

The services' `activity` answers are scripted: each round of the settler takes the
next answer of every service."""

import pytest

from microtache.errors import Conflict, ServiceUnavailable

from scheduler.adapters.settling import Settler, one_process_each


def answer(waiting=0, in_flight=0, unsent=0, handled=0, published=0):
    return {
        "waiting": waiting,
        "in_flight": in_flight,
        "unsent": unsent,
        "handled": handled,
        "published": published,
    }


class Reply:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class ScriptedService:
    """`activity.call_async(queues=...)` answers the script's next line, the last one
    again once it runs out, and remembers whether the queues were asked for."""

    def __init__(self, script):
        self.script = list(script)
        self.asked = []
        self.activity = self

    def call_async(self, queues):
        self.asked.append(queues)
        line = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if not queues:
            line = {**line, "waiting": 0}  # what a service answers without reading its queues
        return Reply(line)


def settler(**scripts):
    settler = Settler(config={}, services=list(scripts), timeout=1.0, pause=0)
    settler.running_services = list(scripts)
    settler.cluster = {name: ScriptedService(script) for name, script in scripts.items()}
    return settler


def test_s4_an_idle_system_settles_in_two_rounds_with_one_queue_read():
    quiet = settler(orders=[answer(handled=3)], inbox=[answer(published=2)])
    quiet.wait()
    assert [s.asked for s in quiet.cluster.values()] == [[False, True], [False, True]]


def test_s4_queues_are_read_only_after_a_round_with_nothing_in_flight_or_unsent():
    busy = settler(
        orders=[answer(in_flight=1), answer(unsent=2), answer(handled=1), answer(handled=1)],
        inbox=[answer(), answer(), answer(), answer()],
    )
    busy.wait()
    assert busy.cluster["orders"].asked == [False, False, False, True]


def test_s4_an_event_waiting_in_a_queue_is_not_settled():
    waiting = settler(
        payments=[answer(), answer(waiting=1), answer(handled=1), answer(handled=1)],
    )
    waiting.wait()
    assert waiting.cluster["payments"].asked == [False, True, False, True]


def test_s4_totals_that_moved_between_the_two_rounds_are_not_settled():
    """Nothing in flight at either read, nothing waiting, but an event was handled in
    between: what it published may have reached a queue already read."""
    moved = settler(
        orders=[answer(handled=1), answer(handled=2), answer(handled=2)],
        reviews=[answer(published=5), answer(published=5), answer(published=5)],
    )
    moved.wait()
    assert moved.cluster["orders"].asked == [False, True, True]


def test_s4_a_system_that_never_settles_is_a_clear_error():
    never = settler(orders=[answer(in_flight=1)])
    never.timeout = 0.05
    with pytest.raises(ServiceUnavailable, match="did not settle"):
        never.wait()


def test_s4_the_running_services_are_waited_on_and_two_processes_of_one_refused():
    assert one_process_each({"orders": 1, "reviews": 0, "inbox": 1}) == ["orders", "inbox"]
    with pytest.raises(Conflict) as refused:
        one_process_each({"orders": 1, "scheduler": 2})
    assert refused.value.details == {"processes": {"scheduler": 2}}
