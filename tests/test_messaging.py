"""Messaging that loses nothing and doubles nothing (the shared package, on the real broker).

Small services defined here exercise the mechanisms every Microtache service uses:
the outbox relay, idempotent handlers, retries then dead letters, queues declared
before anyone publishes, RPC timeouts.
"""

import collections
import time
import uuid

import eventlet
import pytest
from kombu import Connection
from nameko.exceptions import RemoteError
from nameko.rpc import rpc
from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from microtache import topology
from microtache.database import Database
from microtache.deadletters import replay_parked
from microtache.errors import ServiceUnavailable
from microtache.events import PermanentFailure, dead_letter_queue, handles
from microtache.outbox import messaging_tables
from microtache.rpc import RpcProxy

from tests.support import eventually

metadata = MetaData()
messaging_tables(metadata)
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(36)),
    Column("note", String(50)),
)


def create_tables(store, config):
    metadata.create_all(store.engine)


def apply_effect(uow, event):
    uow.session.execute(insert(effects).values(event_id=event["event_id"], note=event["note"]))


def count_effects(store):
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(effects)).scalar()


def consumer_service(source, behaviour):
    """A service named uniquely per test, handling `thing_happened` from `source`."""

    class Consumer:
        name = f"consumer_{uuid.uuid4().hex[:8]}"
        db = Database(metadata, seed=create_tables)

        @handles(source, "thing_happened")
        def on_thing(self, event):
            behaviour(event)
            self.db.handle_once(event, apply_effect, "test.apply_effect")

        @rpc
        def effects(self):
            return count_effects(self.db)

    return Consumer


@pytest.fixture
def config(system_config, tmp_path):
    return {
        **system_config,
        "DATABASES": {},
        "DATA_DIR": str(tmp_path),
        "WEB_SERVER_ADDRESS": "127.0.0.1:0",
    }


@pytest.fixture
def publish(config):
    dispatch = event_dispatcher(config)

    def publish(source, note="", event_id=None):
        event = {"event_id": event_id or str(uuid.uuid4()), "note": note}
        dispatch(source, "thing_happened", event)
        return event

    return publish


def store_of(container):
    return next(d for d in container.dependencies if isinstance(d, Database)).store


def dead_count(config, queue_name):
    with Connection(config["AMQP_URI"]) as conn:
        return dead_letter_queue(queue_name)(conn.default_channel).queue_declare(passive=True)[1]


def queue_name(service_cls, source):
    return f"evt-{source}-thing_happened--{service_cls.name}.on_thing"


def test_s3_a_redelivered_event_changes_nothing(container_factory, config, publish):
    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, lambda event: None)
    container = container_factory(service, config)
    container.start()

    event = publish(source, "once")
    publish(source, "once", event_id=event["event_id"])  # the broker's redelivery
    publish(source, "other")
    eventually(lambda: _assert(count_effects(store_of(container)) == 2))
    time.sleep(0.3)
    assert count_effects(store_of(container)) == 2


def test_a_failing_handler_is_retried_with_back_off_then_succeeds(
    container_factory, config, publish
):
    attempts = collections.Counter()

    def fails_twice(event):
        attempts[event["event_id"]] += 1
        if attempts[event["event_id"]] <= 2:
            raise RuntimeError("database hiccup")

    source = f"src{uuid.uuid4().hex[:6]}"
    container = container_factory(consumer_service(source, fails_twice), config)
    container.start()
    started = time.monotonic()
    event = publish(source, "flaky")
    eventually(lambda: _assert(count_effects(store_of(container)) == 1))
    assert attempts[event["event_id"]] == 3
    assert time.monotonic() - started >= 0.2 + 0.5  # the configured back-off delays


def test_a_handler_that_keeps_failing_is_parked_then_replayed(container_factory, config, publish):
    broken = {"yes": True}

    def fails_while_broken(event):
        if broken["yes"]:
            raise RuntimeError("bug in the handler")

    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, fails_while_broken)
    container = container_factory(service, config)
    container.start()
    publish(source, "poison")
    name = queue_name(service, source)
    eventually(lambda: _assert(dead_count(config, name) == 1))
    assert count_effects(store_of(container)) == 0

    broken["yes"] = False  # the fix is deployed; ops replay the parked event
    assert replay_parked(config, name) == 1
    eventually(lambda: _assert(count_effects(store_of(container)) == 1))
    assert dead_count(config, name) == 0


def test_a_permanent_failure_is_parked_without_retries(container_factory, config, publish):
    calls = []

    def refuses(event):
        calls.append(event)
        raise PermanentFailure("payload can never be applied")

    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, refuses)
    container_factory(service, config).start()
    publish(source, "bad")
    eventually(lambda: _assert(dead_count(config, queue_name(service, source)) == 1))
    assert len(calls) == 1


def test_queues_declared_at_start_up_keep_events_published_before_the_consumer_runs(
    container_factory, config, publish
):
    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, lambda event: None)
    topology.declare(config, [service])  # what `microtache run` and the deploy Job do
    publish(source, "early")  # nobody consumes yet
    container = container_factory(service, config)
    container.start()
    eventually(lambda: _assert(count_effects(store_of(container)) == 1))


def test_the_outbox_publishes_the_event_written_with_the_change(container_factory, config):
    source_name = f"producer_{uuid.uuid4().hex[:6]}"

    class Producer:
        name = source_name
        db = Database(metadata, seed=create_tables)

        @rpc
        def do(self, note, fail):
            with self.db.unit_of_work() as uow:
                apply_effect(uow, {"event_id": "local", "note": note})
                uow.publish("thing_happened", {"note": note})
                if fail:
                    raise ValueError("the change fails after writing its event")

    consumer = consumer_service(source_name, lambda event: None)
    topology.declare(config, [consumer])
    producer = container_factory(Producer, config)
    consumer_container = container_factory(consumer, config)
    producer.start()
    consumer_container.start()

    with ClusterRpcProxy(config, timeout=5) as cluster:
        cluster[source_name].do("kept", False)
        with pytest.raises(RemoteError, match="ValueError"):
            cluster[source_name].do("rolled back", True)

    eventually(lambda: _assert(count_effects(store_of(consumer_container)) == 1))
    outbox = metadata.tables["outbox_messages"]
    with store_of(producer).engine.connect() as conn:
        rows = conn.execute(select(outbox.c.event_type, outbox.c.sent_at)).all()
    assert len(rows) == 1 and rows[0].sent_at is not None  # the rolled-back event never existed


def test_rpc_between_services_times_out_with_a_clear_error(container_factory, config):
    slow_name = f"slow_{uuid.uuid4().hex[:6]}"

    class Slow:
        name = slow_name

        @rpc
        def think(self):
            eventlet.sleep(2)

    class Caller:
        name = f"caller_{uuid.uuid4().hex[:6]}"
        slow = RpcProxy(slow_name, timeout=0.3)

        @rpc
        def ask(self):
            return self.slow.think()

    container_factory(Slow, config).start()
    caller = container_factory(Caller, config)
    caller.start()
    started = time.monotonic()
    with ClusterRpcProxy(config, timeout=5) as cluster:
        with pytest.raises(ServiceUnavailable) as error:
            cluster[Caller.name].ask()
    assert time.monotonic() - started < 1.5
    assert "did not answer in time" in error.value.message
    listener = next(e for e in caller.subextensions if type(e).__name__ == "ReplyListener")
    assert listener._reply_events == {}  # nothing kept for the reply that never came


def _assert(condition):
    assert condition
