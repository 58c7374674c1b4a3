"""The fixtures payments' unit tests share: a movable clock, a migrated database on it,
and sandbox cards whose answers a test chooses."""

import pytest
from test_payments_orders import FakeCards, MovableClock

from microtache.clock import Clock
from microtache.database import Store

from payments.adapters.orm import metadata
from payments.adapters.unit_of_work import PaymentsUnitOfWork
from payments.contract import EVENTS


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def store(store_factory, clock):
    return store_factory(metadata, "payments.migrations", clock)


@pytest.fixture
def cards():
    return FakeCards()


@pytest.fixture
def store_factory(tmp_path):
    """Payments' own database as the service builds it: every event published is dumped
    through its contract (`payments.contract.EVENTS`)."""
    stores = []

    def make(metadata, migrations_package="payments.migrations", clock=None):
        store = Store(
            "payments",
            metadata,
            f"sqlite:///{tmp_path}/payments-{len(stores)}.db",
            clock or Clock(),
            migrations_package,
            events=EVENTS,
            unit_of_work=PaymentsUnitOfWork,
        )
        store.migrate()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.engine.dispose()
