"""Outage or mistake: what is retried until it works, what is parked, what is a 503."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData
from sqlalchemy.exc import IntegrityError, OperationalError

from microtache.clock import Clock
from microtache.database import Store
from microtache.errors import InvalidInput, ServiceUnavailable
from microtache.events import PermanentFailure, retry_delay
from microtache.outages import is_outage
from microtache.outbox import messaging_tables

DELAYS = [1.0, 10.0, 60.0]


def operational_error() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("could not connect to server"))


@pytest.mark.parametrize(
    "exc",
    [
        ServiceUnavailable("down"),
        operational_error(),
        ConnectionResetError(),
        ConnectionRefusedError(),
    ],
)
def test_outages_are_told_apart(exc: BaseException) -> None:
    assert is_outage(exc)


@pytest.mark.parametrize(
    "exc",
    [
        KeyError("amount"),
        InvalidInput("bad"),
        IntegrityError("INSERT", {}, Exception("duplicate")),
        PermanentFailure("malformed"),
    ],
)
def test_mistakes_are_not_outages(exc: BaseException) -> None:
    assert not is_outage(exc)


def test_an_outage_is_retried_at_the_last_delay_for_as_long_as_it_lasts() -> None:
    down = ServiceUnavailable("The payments database is not answering.")
    assert [retry_delay(DELAYS, attempt, down) for attempt in (1, 2, 3, 4, 50)] == [
        1.0,
        10.0,
        60.0,
        60.0,
        60.0,
    ]


def test_a_bug_is_retried_on_the_schedule_then_parked() -> None:
    bug = KeyError("amount")
    assert [retry_delay(DELAYS, attempt, bug) for attempt in (1, 2, 3, 4)] == [
        1.0,
        10.0,
        60.0,
        None,
    ]


def test_a_malformed_event_is_parked_at_once() -> None:
    assert retry_delay(DELAYS, 1, PermanentFailure("no amount")) is None


def test_a_database_that_does_not_answer_is_service_unavailable(tmp_path: Path) -> None:
    metadata = MetaData()
    messaging_tables(metadata)
    store = Store("payments", metadata, f"sqlite:///{tmp_path}/missing/folder/payments.db", Clock())
    with pytest.raises(ServiceUnavailable) as error:
        with store.unit_of_work() as uow:
            uow.session.execute(metadata.tables["outbox_messages"].select())
    assert error.value.status == 503
    assert "payments database" in error.value.message
    with pytest.raises(ServiceUnavailable):
        with store.read_only() as uow:
            uow.session.execute(metadata.tables["outbox_messages"].select())
    with pytest.raises(ServiceUnavailable):
        store.ping()


def test_an_error_of_the_change_itself_is_not_an_outage(tmp_path: Path) -> None:
    metadata = MetaData()
    messaging_tables(metadata)
    store = Store("payments", metadata, f"sqlite:///{tmp_path}/payments.db", Clock())
    metadata.create_all(store.engine)
    with pytest.raises(KeyError):
        with store.unit_of_work():
            raise KeyError("amount")


def test_hardening_3_a_database_error_never_logs_its_parameters(tmp_path: Path) -> None:
    metadata = MetaData()
    messaging_tables(metadata)
    store = Store("catalog", metadata, f"sqlite:///{tmp_path}/catalog.db", Clock())
    metadata.create_all(store.engine)
    outbox = metadata.tables["outbox_messages"]
    row = dict(
        event_id="e1",
        event_type="x",
        payload="$argon2id$v=19$secret-hash",
        created_at=datetime.now(UTC),
    )
    with store.unit_of_work() as uow:
        uow.session.execute(outbox.insert().values(**row))
    with pytest.raises(IntegrityError) as error:
        with store.unit_of_work() as uow:
            uow.session.execute(outbox.insert().values(**row))
    assert "secret-hash" not in str(error.value)


@pytest.mark.skipif(
    not os.environ.get("MICROTACHE_TEST_POSTGRES_URL"),
    reason="needs PostgreSQL (MICROTACHE_TEST_POSTGRES_URL)",
)
def test_hardening_3_text_with_a_nul_character_is_a_422_not_a_500() -> None:
    from microtache.errors import RuleViolation

    from tests.support import postgres_databases

    metadata = MetaData()
    messaging_tables(metadata)
    with postgres_databases(["nul"]) as urls:
        store = Store("nul", metadata, urls["nul"], Clock())
        metadata.create_all(store.engine)
        with pytest.raises(RuleViolation):
            with store.unit_of_work() as uow:
                uow.session.execute(
                    metadata.tables["outbox_messages"]
                    .insert()
                    .values(
                        event_id="e\x00", event_type="x", payload="{}", created_at=datetime.now(UTC)
                    )
                )
        store.engine.dispose()
