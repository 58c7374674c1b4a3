"""The whole system, running for real inside the test process.

* The broker: the RabbitMQ at `AMQP_URI` when it is set, else one started with
  testcontainers (Docker). Neither: every integration test fails, saying so.
* The databases: fresh SQLite files per run, or fresh PostgreSQL databases when
  `MICROTACHE_TEST_DATABASE=postgresql` (server at `MICROTACHE_TEST_POSTGRES_URL`).
* All six services and the gateway start once per run in a `ServiceRunner`, the
  broker's queues declared and purged first; tests talk HTTP to the gateway and
  use unique names, so they never depend on one another.
"""
import os
import socket
import uuid

import pytest
from kombu import Connection
from nameko.runners import ServiceRunner
from nameko.standalone.rpc import ClusterRpcProxy

from microtache import topology
from microtache.cli import GATEWAY, SERVICES, broker_answers, service_class
from microtache.events import dead_letter_queue, retry_queues

from tests.support import Api, postgres_databases

TEST_RETRY_DELAYS = [0.2, 0.5]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/" in str(item.fspath) and "/services/" not in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def amqp_uri():
    uri = os.environ.get("AMQP_URI")
    if uri:
        if not broker_answers(uri):
            pytest.fail(f"AMQP_URI is set to {uri} but no RabbitMQ answers there. Start it "
                        "(`rabbitmq-server -detached`) or unset AMQP_URI to use Docker.",
                        pytrace=False)
        yield uri
        return
    try:
        import docker
        docker.from_env().ping()
    except Exception:
        pytest.fail("Integration tests need RabbitMQ: set AMQP_URI "
                    "(e.g. amqp://guest:guest@localhost:5672/) or make Docker available "
                    "for testcontainers.", pytrace=False)
    from testcontainers.rabbitmq import RabbitMqContainer
    with RabbitMqContainer("rabbitmq:3-management") as container:
        yield (f"amqp://guest:guest@{container.get_container_host_ip()}:"
               f"{container.get_exposed_port(5672)}/")


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    if os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql":
        with postgres_databases(list(SERVICES)) as urls:
            yield urls
    else:
        folder = tmp_path_factory.mktemp("databases")
        yield {name: f"sqlite:///{folder}/{name}.db" for name in SERVICES}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def system_config(amqp_uri, database_urls, tmp_path_factory):
    return {
        "FILES_DIR": str(tmp_path_factory.mktemp("files")),
        "AMQP_URI": amqp_uri,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "MICROTACHE_ENV": "development",
        "MICROTACHE_ADMIN_PASSWORD": "admin-password",
        "JWT_SECRET": "test-secret-" + uuid.uuid4().hex,
        "DATABASES": database_urls,
        "EVENT_RETRY_DELAYS": TEST_RETRY_DELAYS,
        "OUTBOX_POLL_INTERVAL": 0.5,
        "RPC_TIMEOUT": 10,
        "max_workers": 10,
        # tests/test_scheduler.py runs a consumer of its own beside the six services
        "SETTLE_SERVICES": [*SERVICES, "deadline_probe"],
        "CLOCK_STEP_SECONDS": 1,
        "PRESENCE_EVERY_SECONDS": 1,
    }


def purge(config, service_classes):
    """Leftovers of an earlier, interrupted run must not leak into this one."""
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.default_channel
        for queue in topology.handler_queues(config, service_classes):
            for q in [queue, *retry_queues(queue.name, TEST_RETRY_DELAYS), dead_letter_queue(queue.name)]:
                q(channel).purge()
        for service_cls in service_classes:
            try:
                channel.queue_purge(f"rpc-{service_cls.name}")
            except Exception:
                channel = connection.channel()   # the queue does not exist yet


@pytest.fixture(scope="session")
def runner(system_config):
    classes = [service_class(path) for path in SERVICES.values()]
    topology.declare(system_config, classes)
    purge(system_config, classes)
    runner = ServiceRunner(system_config)
    for cls in [*classes, service_class(GATEWAY)]:
        runner.add_service(cls)
    runner.start()
    yield runner
    runner.stop()


@pytest.fixture(scope="session")
def system(runner, system_config):
    return system_config


@pytest.fixture
def api(system):
    return Api(f"http://{system['WEB_SERVER_ADDRESS']}")


@pytest.fixture
def rpc(system):
    with ClusterRpcProxy(system, timeout=10) as proxy:
        yield proxy


@pytest.fixture
def unique():
    """A fresh name, so that tests share the running system without clashing."""
    return lambda prefix="u": f"{prefix}{uuid.uuid4().hex[:10]}"
