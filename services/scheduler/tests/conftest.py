"""The scheduler's migrated database, with its own unit of work and contract."""

import pytest

from scheduler.adapters.orm import metadata
from scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from scheduler.contract import EVENTS


@pytest.fixture
def store(store_factory):
    return store_factory(
        metadata, "scheduler.migrations", events=EVENTS, unit_of_work=SchedulerUnitOfWork
    )
