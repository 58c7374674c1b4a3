"""The scheduler on the real broker: deadlines fire at their time, once, across
restarts and replicas; the clock moves forward with every consequence settled (S1-S4)."""

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta

import pytest
from kombu import Connection
from nameko.containers import ServiceContainer
from nameko.standalone.events import event_dispatcher
from sqlalchemy import Column, MetaData, String, Table, select, update

from microtache import topology
from microtache.clock import utcnow
from microtache.database import Database
from microtache.events import handles
from microtache.outbox import messaging_tables
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes
from microtache.types import UtcDateTime

from scheduler.adapters.orm import deadlines
from scheduler.service import SchedulerService

from tests.support import eventually

metadata = MetaData()
messaging_tables(metadata)
effects = Table(
    "effects",
    metadata,
    Column("key", String(200)),
    Column("due_at", UtcDateTime()),
    Column("handled_at", UtcDateTime()),
)

DELIVERIES = []  # every delivery the probe received, duplicates included


class DeadlineProbe(ServiceProbes):
    """A deadline owner: applies each `probe_fell_due` once, and may schedule a follow-up."""

    name = "deadline_probe"
    db = Database(metadata, seed=lambda store, config: metadata.create_all(store.engine))
    scheduler = RpcProxy("scheduler")

    @handles("scheduler", "probe_fell_due")
    def on_probe_fell_due(self, event):
        DELIVERIES.append(event)
        self.db.handle_once(event, self.apply, "test.apply")

    def apply(self, uow, event):
        due_at = datetime.fromisoformat(event["due_at"])
        uow.session.execute(
            effects.insert().values(key=event["key"], due_at=due_at, handled_at=uow.now())
        )
        if event.get("then_in_days"):
            self.scheduler.schedule(
                event["key"] + ":then",
                (due_at + timedelta(days=event["then_in_days"])).isoformat(),
                "probe_fell_due",
                {},
            )


@pytest.fixture(autouse=True)
def fast_teardown():
    """Nameko's own version of this fixture stops every consumer created during a
    test, which would stop the scheduler that test_s2 restarts inside the shared system."""
    yield


@pytest.fixture(scope="module")
def probe(runner, system_config, tmp_path_factory):
    config = {
        **system_config,
        "DATABASES": {
            **system_config["DATABASES"],
            "deadline_probe": f"sqlite:///{tmp_path_factory.mktemp('probe')}/probe.db",
        },
    }
    topology.declare(config, [DeadlineProbe])
    with Connection(config["AMQP_URI"]) as conn:
        for queue in topology.handler_queues(config, [DeadlineProbe]):
            queue(conn.default_channel).purge()
    container = ServiceContainer(DeadlineProbe, config)
    container.start()
    yield container
    container.stop()


def store_of(container):
    return next(d for d in container.dependencies if isinstance(d, Database)).store


def platform_now(rpc):
    return utcnow() + timedelta(seconds=rpc.scheduler.clock_offset())


def handled(probe, key):
    with store_of(probe).engine.connect() as conn:
        return conn.execute(select(effects).where(effects.c.key == key)).all()


def delivered(key):
    return [event for event in DELIVERIES if event["key"] == key]


def key():
    return f"probe:{uuid.uuid4().hex[:12]}"


def schedule(rpc, name, due_at, **payload):
    return rpc.scheduler.schedule(name, due_at.isoformat(), "probe_fell_due", payload)


def test_s1_a_deadline_fires_at_its_time(rpc, probe):
    name = key()
    due = platform_now(rpc) + timedelta(seconds=0.8)
    schedule(rpc, name, due)
    time.sleep(0.4)
    assert delivered(name) == []
    (row,) = eventually(lambda: _nonempty(handled(probe, name)), timeout=5)
    assert row.handled_at >= due
    assert row.handled_at - due < timedelta(seconds=1)


def test_s1_a_moved_deadline_fires_at_its_new_time_and_a_cancelled_one_never(rpc, probe):
    moved, cancelled = key(), key()
    now = platform_now(rpc)
    schedule(rpc, moved, now + timedelta(seconds=0.5))
    schedule(rpc, moved, now + timedelta(seconds=1.5))  # the same key replaces it
    schedule(rpc, cancelled, now + timedelta(seconds=0.5))
    rpc.scheduler.cancel(cancelled)
    (row,) = eventually(lambda: _nonempty(handled(probe, moved)), timeout=6)
    assert row.due_at == now + timedelta(seconds=1.5)
    time.sleep(0.3)
    assert len(delivered(moved)) == 1 and delivered(cancelled) == []


def test_s1_another_service_asks_for_a_deadline_through_its_outbox(rpc, probe, system):
    """A service's `request_deadline` is an event (`deadline_requested`) on its own exchange."""
    name = key()
    dispatch = event_dispatcher(system)
    due = platform_now(rpc) + timedelta(seconds=0.3)
    dispatch(
        "orders",
        "deadline_requested",
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": utcnow().isoformat(),
            "key": name,
            "due": due.isoformat(),
            "fires": "probe_fell_due",
            "payload": {"order_id": "o-1"},
        },
    )
    eventually(lambda: _nonempty(handled(probe, name)), timeout=5)
    assert delivered(name)[0]["order_id"] == "o-1"


def test_s2_deadlines_due_while_the_scheduler_was_down_fire_when_it_is_back(
    rpc, probe, runner, system
):
    name, requested_while_down = key(), key()
    schedule(rpc, name, platform_now(rpc) + timedelta(seconds=0.5))
    runner.service_map["scheduler"].kill()  # no time to finish anything
    try:
        event_dispatcher(system)(
            "orders",
            "deadline_requested",
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": utcnow().isoformat(),
                "key": requested_while_down,
                "due": utcnow().isoformat(),
                "fires": "probe_fell_due",
                "payload": {},
            },
        )
        time.sleep(1.0)  # both fall due in the gap
        assert delivered(name) == [] and delivered(requested_while_down) == []
    finally:
        runner.service_map["scheduler"] = ServiceContainer(SchedulerService, system)
        runner.service_map["scheduler"].start()
    eventually(lambda: _nonempty(handled(probe, name)), timeout=5)
    eventually(lambda: _nonempty(handled(probe, requested_while_down)), timeout=5)


def test_s3_two_scheduler_processes_do_not_double_fire(rpc, probe, system, tmp_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        json.dumps({k: v for k, v in system.items() if k != "WEB_SERVER_ADDRESS"})
    )  # JSON is YAML
    log_path = tmp_path / "second-scheduler.log"
    log = log_path.open("w")
    second = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "microtache.serve",
            "--config",
            str(config_file),
            "scheduler.service:SchedulerService",
        ],
        env={**os.environ, "MIGRATE_ON_START": "false"},
        stdout=subprocess.DEVNULL,
        # a file, not a pipe nobody reads: its log lines (one per RPC) would fill a
        # pipe and block the process, which then could not even stop
        stderr=log,
    )
    try:
        eventually(lambda: _assert(rpc.scheduler.activity()), timeout=10)
        time.sleep(1.5)  # the second process is up and firing
        assert second.poll() is None, log_path.read_text()[-2000:]
        names = [key() for _ in range(150)]
        due = platform_now(rpc) + timedelta(seconds=0.5)
        for call in [
            rpc.scheduler.schedule.call_async(n, due.isoformat(), "probe_fell_due", {})
            for n in names
        ]:
            call.result()
        eventually(lambda: _assert(all(handled(probe, n) for n in names)), timeout=20)
        time.sleep(0.5)
        doubled = [n for n in names if len(delivered(n)) != 1]
        assert doubled == []
    finally:
        second.terminate()
        try:
            second.wait(timeout=60)  # 2-3 s alone; once over 20 s on CI's two busy cores
        except subprocess.TimeoutExpired:  # never left running: it would answer the
            second.kill()  # fast-forward's probes beside this worker's own scheduler
            second.wait()
            raise AssertionError(
                "the second scheduler did not stop within 60 s of SIGTERM: "
                + log_path.read_text()[-2000:]
            ) from None
        finally:
            log.close()


def test_s3_a_deadline_fired_again_changes_nothing_in_its_consumer(rpc, probe, runner):
    name = key()
    schedule(rpc, name, platform_now(rpc))
    eventually(lambda: _nonempty(handled(probe, name)), timeout=5)
    scheduler_store = store_of(runner.service_map["scheduler"])
    # as if it crashed before marking it fired (through the store: on SQLite its writers
    # take turns, and a write beside them would find the database locked)
    with scheduler_store.unit_of_work() as uow:
        uow.session.execute(update(deadlines).where(deadlines.c.key == name).values(fired_at=None))
    eventually(lambda: _assert(len(delivered(name)) == 2), timeout=5)
    time.sleep(0.2)
    assert len(handled(probe, name)) == 1
    assert delivered(name)[0]["event_id"] == delivered(name)[1]["event_id"]


def test_s4_the_clock_moves_forward_and_every_consequence_settles_first(
    api, rpc, probe, system, unique
):
    """Completion at day 3 schedules clearance at day 17: advancing 20 days fires both,
    each handled with the clock at its due time, before the call returns."""
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    first, second = key(), key()
    start = platform_now(rpc)
    schedule(rpc, first, start + timedelta(days=3), then_in_days=14)
    schedule(rpc, second, start + timedelta(days=1))

    moved = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 20 * 86400})
    assert moved.status_code == 200, moved.text
    now = datetime.fromisoformat(moved.json()["now"])
    assert now >= start + timedelta(days=20)

    rows = {name: handled(probe, name) for name in (second, first, first + ":then")}
    assert all(len(r) == 1 for r in rows.values()), rows  # already settled: no waiting
    for (row,) in rows.values():
        assert timedelta(0) <= row.handled_at - row.due_at <= timedelta(seconds=3)
    assert rows[first + ":then"][0].due_at == start + timedelta(days=17)
    order = sorted(rows, key=lambda name: rows[name][0].handled_at)
    assert order == [second, first, first + ":then"]

    # every service reads the same clock: an account made now is dated after the jump
    person = api.sign_up(unique("p"))
    assert datetime.fromisoformat(person.account["created_at"]) >= now - timedelta(seconds=1)


def test_s4_support_lists_pending_deadlines_and_the_firing_lag(api, rpc, probe, system):
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    prefix = key()
    for n in range(3):
        schedule(rpc, f"{prefix}:{n}", platform_now(rpc) + timedelta(days=100 + n))
    listed = api.get("/v1/admin/deadlines", as_=admin, params={"prefix": prefix + ":"})
    assert listed.status_code == 200, listed.text
    assert [d["key"] for d in listed.json()["deadlines"]] == [f"{prefix}:{n}" for n in range(3)]
    metrics = api.get("/v1/admin/scheduler/metrics", as_=admin).json()
    assert metrics["fired"] > 0 and metrics["lag_p99_ms"] is not None
    assert metrics["pending"] >= 3


def _nonempty(rows):
    assert rows
    return rows


def _assert(value):
    assert value
    return value
