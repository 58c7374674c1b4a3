"""The shared package alone: money, the unit of work and its outbox, idempotence, errors."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import MetaData, Row, Table, select
from sqlalchemy.dialects import sqlite

from microtache.clock import Clock
from microtache.database import Store, UnitOfWork
from microtache.errors import NotFound, RuleViolation
from microtache.money import Money, MoneyField
from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

metadata = MetaData()
outbox, processed = messaging_tables(metadata)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store("unit", metadata, f"sqlite:///{tmp_path}/unit.db", Clock())
    metadata.create_all(store.engine)
    return store


def rows(store: Store, table: Table) -> Sequence[Row[Any]]:
    with store.engine.connect() as conn:
        return conn.execute(select(table)).all()


def test_an_event_is_written_only_if_its_change_commits(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.publish("thing_happened", {"n": 1})
    with pytest.raises(RuntimeError):
        with store.unit_of_work() as uow:
            uow.publish("thing_happened", {"n": 2})
            raise RuntimeError("the change fails")
    (row,) = rows(store, outbox)
    payload = json.loads(row.payload)
    assert payload["n"] == 1 and payload["version"] == 1
    assert set(payload) >= {"event_id", "occurred_at", "event_type"}
    assert row.sent_at is None  # the relay has not run: nothing is lost meanwhile


def test_s3_handle_once_applies_an_event_once_per_consumer(store: Store) -> None:
    applied: list[dict[str, str]] = []
    event = {"event_id": "e-1"}
    store.handle_once(event, lambda uow, e: applied.append(e), consumer="a")
    store.handle_once(event, lambda uow, e: applied.append(e), consumer="a")
    store.handle_once(event, lambda uow, e: applied.append(e), consumer="b")
    assert len(applied) == 2 and len(rows(store, processed)) == 2


def test_s3_a_failed_handler_leaves_the_event_unhandled(store: Store) -> None:
    def fails(uow: UnitOfWork, event: dict[str, str]) -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        store.handle_once({"event_id": "e-2"}, fails, consumer="a")
    assert rows(store, processed) == []


def test_the_clock_only_moves_forward() -> None:
    clock = Clock()
    clock.move_to_offset(3600)
    clock.move_to_offset(60)
    assert clock.offset_seconds == 3600
    assert (clock.now() - datetime.now(UTC)).total_seconds() > 3590


@given(st.integers(-(10**12), 10**12), st.integers(0, 10000))
def test_money_percent_rounds_half_up_to_the_cent(amount: int, basis_points: int) -> None:
    result = Money(amount).percent(basis_points)
    exact = amount * basis_points / 10000
    assert abs(result.amount - exact) <= 0.5


def test_money_refuses_floats_and_mixed_currencies() -> None:
    a_float: Any = 10.5  # what a caller without types might pass
    with pytest.raises(TypeError):
        Money(a_float)
    with pytest.raises(ValueError):
        Money(1, "USD") + Money(1, "EUR")
    assert MoneyField().deserialize({"amount": 250}) == Money(250, "USD")


def test_errors_carry_status_code_and_details() -> None:
    error = RuleViolation("At most 10.", {"active_gigs": 10})
    assert error.status == 422
    assert error.to_dict() == {
        "error": {
            "code": "rule_violation",
            "message": "At most 10.",
            "details": {"active_gigs": 10},
        }
    }
    assert NotFound("x").status == 404


def test_utc_datetimes_refuse_naive_values() -> None:
    column, dialect = UtcDateTime(), sqlite.dialect()
    with pytest.raises(ValueError):
        column.process_bind_param(datetime(2026, 1, 1), dialect)
    naive_from_sqlite = column.process_result_value(datetime(2026, 1, 1), dialect)
    assert naive_from_sqlite is not None and naive_from_sqlite.tzinfo == UTC


def test_hardening_2_an_offset_cursor_past_any_list_is_refused_not_a_500() -> None:
    import pytest

    from microtache.errors import RuleViolation  # 422 (issue 15, item 8), was a 400
    from microtache.pagination import encode_cursor, offset_of

    with pytest.raises(RuleViolation):
        offset_of(encode_cursor({"offset": 2**70}))
    assert offset_of(encode_cursor({"offset": 40})) == 40


def test_a_unit_of_work_that_does_not_commit_runs_its_undo_steps(store: Store) -> None:
    undone: list[str] = []
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.on_rollback(lambda: undone.append("first"))
        uow.on_rollback(lambda: undone.append("second"))
        raise RuntimeError("the commit never happens")
    assert undone == ["second", "first"]
    with store.unit_of_work() as uow:
        uow.on_rollback(lambda: undone.append("never"))
    assert undone == ["second", "first"]
