"""`Store.handle_once`: an event is applied once per consumer, whatever the broker
redelivers and however close together (the idempotent consumer every service's
handlers rely on: N3, P7, S3)."""

import os
from pathlib import Path

import eventlet
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from microtache.clock import Clock
from microtache.database import Store
from microtache.outbox import messaging_tables


def applied_table(metadata):
    return Table(
        "applied",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", String(36), nullable=False),
    )


def make_store(url):
    metadata = MetaData()
    messaging_tables(metadata)
    applied = applied_table(metadata)
    store = Store("once", metadata, url, Clock())
    metadata.create_all(store.engine)
    return store, applied


def count(store, table):
    with store.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


def apply(applied, pause=0.0):
    def handler(uow, event):
        uow.session.execute(applied.insert().values(event_id=event["event_id"]))
        eventlet.sleep(pause)  # still in its transaction: a duplicate may arrive meanwhile
        uow.publish("applied", {"source_event": event["event_id"]})
        return "done"

    return handler


def test_a_redelivered_event_is_applied_once_per_consumer(tmp_path: Path) -> None:
    store, applied = make_store(f"sqlite:///{tmp_path}/once.db")
    event = {"event_id": "e-1"}
    assert store.handle_once(event, apply(applied), "once.first") == "done"
    assert store.handle_once(event, apply(applied), "once.first") is None  # redelivered
    assert store.handle_once(event, apply(applied), "once.second") == "done"  # another consumer
    assert count(store, applied) == 2
    assert count(store, store.tables[0]) == 2  # each application's event, once


def test_a_failed_application_leaves_no_mark_and_its_retry_applies(tmp_path: Path) -> None:
    store, applied = make_store(f"sqlite:///{tmp_path}/once.db")

    def failing(uow, event):
        apply(applied)(uow, event)
        raise RuntimeError("the handler failed after writing")

    with pytest.raises(RuntimeError):
        store.handle_once({"event_id": "e-2"}, failing, "once.first")
    assert count(store, applied) == 0 and count(store, store.tables[1]) == 0
    assert store.handle_once({"event_id": "e-2"}, apply(applied), "once.first") == "done"
    assert count(store, applied) == 1


@pytest.mark.skipif(
    not os.environ.get("MICROTACHE_TEST_POSTGRES_URL"),
    reason="needs PostgreSQL (MICROTACHE_TEST_POSTGRES_URL)",
)
def test_two_copies_handled_at_the_same_moment_apply_once_without_an_error() -> None:
    """Two consumers' processes (here green threads with connections of their own) take
    copies of one event at once: the second waits on the first's claim, then skips."""
    from tests.support import postgres_databases

    with postgres_databases(["once"]) as urls:
        store, applied = make_store(urls["once"])
        try:
            copies = [
                eventlet.spawn(store.handle_once, {"event_id": "e-3"}, apply(applied, 0.3), "c")
                for _ in range(4)
            ]
            results = sorted(str(copy.wait()) for copy in copies)
            assert results == ["None", "None", "None", "done"]
            assert count(store, applied) == 1
        finally:
            store.engine.dispose()
