"""The catalog's own database for unit tests: migrated, dumping every event through
the contract (a payload the contract refuses fails the test), with its unit of work."""

import pytest

from catalog.adapters.orm import metadata
from catalog.adapters.unit_of_work import CatalogUnitOfWork
from catalog.contract import EVENTS


@pytest.fixture
def catalog_store(store_factory):
    """`catalog_store()` or `catalog_store(clock)`: a fresh catalog database."""

    def make(clock=None):
        return store_factory(
            metadata,
            "catalog.migrations",
            clock=clock,
            events=EVENTS,
            unit_of_work=CatalogUnitOfWork,
        )

    return make
