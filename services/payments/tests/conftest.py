"""The fixtures payments' unit tests share: a movable clock, a migrated database on it,
and sandbox cards whose answers a test chooses."""
import pytest
from test_payments_orders import FakeCards, MovableClock

from payments.adapters.orm import metadata


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def store(store_factory, clock):
    return store_factory(metadata, "payments.migrations", clock)


@pytest.fixture
def cards():
    return FakeCards()
