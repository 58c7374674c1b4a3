"""Root of every test run: green the standard library before anything imports it
(nameko 2.14's pytest plugin does not), so services run inside pytest."""

import os
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from microtache import startup  # noqa: E402

startup.prepare()  # as every service process does (microtache.serve)

import eventlet  # noqa: E402


def _real_threads_for_execnet():
    """An xdist worker hears from the controller through execnet's receiver, a real OS
    thread started before the line above; the queue of tests it fills is made after,
    with a green lock and event, and a green event set from another OS thread never
    wakes the main one: the worker hangs waiting for its next test. Give execnet real
    ones, and wait on the event in short green sleeps so that the services running in
    the worker keep running meanwhile. (The controller makes its threads after the
    line above: green they are, and green they stay.)"""
    from eventlet import patcher
    from execnet import gateway_base

    threading = patcher.original("threading")

    class Event:
        def __init__(self):
            self._event = threading.Event()
            self.set, self.clear, self.is_set = (
                self._event.set,
                self._event.clear,
                self._event.is_set,
            )

        def wait(self, timeout=None):
            deadline = None if timeout is None else eventlet.hubs.get_hub().clock() + timeout
            while not self._event.is_set():
                if deadline is not None and eventlet.hubs.get_hub().clock() >= deadline:
                    return False
                eventlet.sleep(0.002)
            return True

    model = gateway_base.MainThreadOnlyExecModel
    model.Lock = model.RLock = lambda self: threading.RLock()
    model.Event = lambda self: Event()


if os.environ.get("PYTEST_XDIST_WORKER"):
    _real_threads_for_execnet()

import pytest  # noqa: E402

from microtache.clock import Clock  # noqa: E402
from microtache.database import Store  # noqa: E402


@pytest.fixture
def store_factory(tmp_path):
    """`store_factory(metadata, "orders.migrations", events=EVENTS, unit_of_work=...)`: a
    service's migrated database on a fresh SQLite file, for unit tests of its handlers
    and entrypoints (with the contract's events and the service's unit of work, as its
    `Database` has them)."""
    stores = []

    def make(metadata, migrations_package, clock=None, events=None, unit_of_work=None):
        name = migrations_package.split(".")[0]
        store = Store(
            name,
            metadata,
            f"sqlite:///{tmp_path}/{name}-{len(stores)}.db",
            clock or Clock(),
            migrations_package,
            events=events,
            unit_of_work=unit_of_work,
        )
        store.migrate()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.engine.dispose()


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API server for this test session: moto's server mode in a process of its
    own (its objects live in that process's memory, not the tests'). Yields the URL."""
    import socket
    import subprocess
    import sys
    import time

    import requests as http

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "moto_server"), "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:  # its first answer imports most of moto: seconds on busy cores
                http.get(url, timeout=10)
                break
            except (http.ConnectionError, http.Timeout):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A fresh bucket on the session's S3 server, and the settings that name it."""
    import uuid

    from microtache.files.blobs import S3Blobs, s3_client

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"mt-{uuid.uuid4().hex[:12]}"
    S3Blobs(s3_client(s3_server, "us-east-1"), bucket).create_bucket()
    return {"STORAGE_URL": f"s3://{bucket}", "S3_ENDPOINT_URL": s3_server, "S3_REGION": "us-east-1"}


# -- running in parallel (pytest-xdist; `make test` passes -n) ------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Parallel runners each need a RabbitMQ vhost of their own (tests/conftest.py makes
    them with rabbitmqctl); on a broker at AMQP_URI without rabbitmqctl they would share
    one and consume each other's RPCs, so the run goes serial, and says so."""
    import shutil

    if (
        getattr(config.option, "tx", None)
        and config.option.dist != "no"
        and not hasattr(config, "workerinput")
        and os.environ.get("AMQP_URI")
        and shutil.which("rabbitmqctl") is None
    ):
        config.issue_config_time_warning(
            pytest.PytestWarning(
                "no rabbitmqctl here to give each xdist worker a vhost of its own on "
                f"{os.environ['AMQP_URI']}: running serially (-n 0)"
            ),
            stacklevel=2,
        )
        config.option.tx, config.option.dist, config.option.numprocesses = [], "no", 0


# Files that take long, with the seconds they took on the 2-core CI machine: they
# start first (below). A file can say so itself: `pytestmark = pytest.mark.slow(seconds=90)`.
LONG_FILES = {
    "tests/test_faults.py": 150,  # a broker restart, a 90 s database outage
    "services/payments/tests/test_payments_stateful.py": 100,  # LEDGER_HISTORIES=1000 in CI
    "tests/test_supervisor.py": 50,
    "tests/test_shutdown.py": 30,
    "tests/test_messaging_faults.py": 20,
    "tests/test_reviews.py": 20,
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Long files first: the files marked `slow` (longest first), then the integration
    tests (each worker starts the whole system once), then the cheap unit tests, which
    fill the workers' last minutes evenly. `--dist loadfile --no-loadscope-reorder`
    hands files to the workers in this order (xdist's own order, by number of tests,
    would leave a long file of three tests for last)."""

    def seconds(item):
        mark = item.get_closest_marker("slow")
        if mark:
            return mark.kwargs.get("seconds", 60)
        return LONG_FILES.get(item.nodeid.split("::", 1)[0], 0)

    files = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        slow, integration = files.get(path, (0, False))
        files[path] = (
            max(slow, seconds(item)),
            integration or item.get_closest_marker("integration") is not None,
        )
    order = {path: (-slow, not integration) for path, (slow, integration) in files.items()}
    items.sort(key=lambda item: order[item.nodeid.split("::", 1)[0]])  # stable
