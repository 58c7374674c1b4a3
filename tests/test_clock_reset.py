"""S4, development: the platform clock reset to the system's time (issue 20). Every
service follows, a message from before the reset cannot push a clock forward again,
and deadlines stay as they are: fired ones stay fired, pending ones keep their time."""

import uuid
from datetime import timedelta

from nameko.standalone.rpc import ClusterRpcProxy

from microtache import cli
from microtache.clock import CONTEXT_KEY, utcnow
from microtache.database import Database

from tests.support import eventually

DAY = 24 * 3600


def clocks(runner):
    """{service: (offset, epoch)} as each running service's own clock says."""
    found = {}
    for container in runner.containers:
        for dependency in container.dependencies:
            if isinstance(dependency, Database):
                clock = dependency.store.clock
                found[container.service_name] = (clock.offset_seconds, clock.epoch)
    return found


def agree(runner, check):
    def all_of_them():
        found = clocks(runner)
        assert len(found) >= 7 and all(check(*state) for state in found.values()), found
        return found

    return eventually(all_of_them)


def test_s4_a_reset_brings_now_back_and_every_service_agrees(
    system, runner, api, rpc, monkeypatch, capsys
):
    admin = api.sign_in("admin", "admin-password")
    soon, later = f"test:reset:{uuid.uuid4()}:soon", f"test:reset:{uuid.uuid4()}:later"
    # on the platform's clock, which earlier tests in this run may have moved weeks ahead
    now = utcnow() + timedelta(seconds=rpc.scheduler.clock_offset())
    rpc.scheduler.schedule(soon, (now + timedelta(hours=1)).isoformat(), "reset_probe")
    later_due = rpc.scheduler.schedule(later, (now + timedelta(days=5)).isoformat(), "reset_probe")[
        "due_at"
    ]

    moved = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 2 * DAY})
    assert moved.status_code == 200, moved.text
    epoch, ahead = moved.json()["epoch"], moved.json()["offset_seconds"]
    assert ahead > DAY  # two days from when it began, less the time moving took
    agree(runner, lambda offset, e: offset == ahead and e == epoch)

    reset = api.post("/v1/admin/clock/reset", as_=admin)
    assert reset.status_code == 200, reset.text
    answer = reset.json()
    assert answer["offset_seconds"] == 0 and answer["epoch"] == epoch + 1
    assert abs(rpc.scheduler.clock_offset()) < 1e-9
    agree(runner, lambda offset, e: offset == 0 and e == epoch + 1)

    # a message from before the reset (the old offset, no epoch) moves nothing
    stale = {CONTEXT_KEY: 2 * DAY}
    with ClusterRpcProxy(system, timeout=10, context_data=stale) as old:
        old.catalog.ping()
        old.orders.ping()
    agree(runner, lambda offset, e: offset == 0 and e == epoch + 1)

    # deadlines stay as they are: the fired one stays fired, the other keeps its time
    pending = rpc.scheduler.pending_deadlines({"prefix": "test:reset:"})
    keys = {d["key"]: d["due_at"] for d in pending}
    assert soon not in keys and keys[later] == later_due

    # forward again from there, in the new epoch; then `microtache clock reset`
    again = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 60})
    assert again.ok and 0 < again.json()["offset_seconds"] <= 60
    agree(runner, lambda offset, e: offset == again.json()["offset_seconds"] and e == epoch + 1)
    monkeypatch.setenv("AMQP_URI", system["AMQP_URI"])
    assert cli.main(["clock", "reset"]) == 0
    assert "clock reset" in capsys.readouterr().out
    agree(runner, lambda offset, e: offset == 0 and e == epoch + 2)
    rpc.scheduler.cancel(later)


def test_s4_only_an_admin_resets_the_clock(api, unique):
    person = api.sign_up(unique("p"))
    assert api.post("/v1/admin/clock/reset", as_=person).status_code == 403
