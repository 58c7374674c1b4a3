"""Root of every test run: green the standard library before anything imports it
(nameko 2.14's pytest plugin does not), so services run inside pytest."""
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import pytest  # noqa: E402

from microtache.clock import Clock  # noqa: E402
from microtache.database import Store  # noqa: E402


@pytest.fixture
def store_factory(tmp_path):
    """`store_factory(metadata, "orders.migrations")`: a service's migrated database
    on a fresh SQLite file, for unit tests of its handlers and entrypoints."""
    stores = []

    def make(metadata, migrations_package, clock=None):
        name = migrations_package.split(".")[0]
        store = Store(name, metadata, f"sqlite:///{tmp_path}/{name}-{len(stores)}.db",
                      clock or Clock(), migrations_package)
        store.migrate()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.engine.dispose()
