"""The whole system, running for real inside the test process.

* The broker: the RabbitMQ at `AMQP_URI` when it is set, else one started with
  testcontainers (Docker). Neither: every integration test fails, saying so.
* The databases: fresh SQLite files per run, or fresh PostgreSQL databases when
  `MICROTACHE_TEST_DATABASE=postgresql` (server at `MICROTACHE_TEST_POSTGRES_URL`).
* All six services and the gateway start once per run in a `ServiceRunner`, the
  broker's queues declared and purged first; tests talk HTTP to the gateway and
  use unique names, so they never depend on one another.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import uuid
import warnings

import pytest
from kombu import Connection
from nameko.runners import ServiceRunner
from nameko.standalone.rpc import ClusterRpcProxy

from microtache import topology
from microtache.caller import caller_context
from microtache.cli import broker_answers, service_class
from microtache.events import dead_letter_queue, retry_queues

from tests.support import (
    GATEWAY,
    REGISTRY,
    SERVICES,
    Api,
    broker_vhost,
    free_port,
    postgres_databases,
    wait_for,
)

TEST_RETRY_DELAYS = [0.2, 0.5]


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.startswith("tests/"):  # not lib/tests, gateway/tests, services/*/tests
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def amqp_uri():
    """The broker, on a vhost of this runner's own: each xdist worker (or a plain run)
    gets a fresh one, so runners on one broker never consume each other's RPCs."""
    uri = os.environ.get("AMQP_URI")
    if uri:
        if not broker_answers(uri):
            pytest.fail(
                f"AMQP_URI is set to {uri} but no RabbitMQ answers there. Start it "
                "(`rabbitmq-server -detached`) or unset AMQP_URI to use Docker.",
                pytrace=False,
            )
        with runner_vhost(uri) as vhost_uri:
            yield vhost_uri
        return
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        pytest.fail(
            "Integration tests need RabbitMQ: set AMQP_URI "
            "(e.g. amqp://guest:guest@localhost:5672/) or make Docker available "
            "for testcontainers.",
            pytrace=False,
        )
    from testcontainers.rabbitmq import RabbitMqContainer

    with RabbitMqContainer("rabbitmq:3-management") as container:
        yield (
            f"amqp://guest:guest@{container.get_container_host_ip()}:"
            f"{container.get_exposed_port(5672)}/"
        )


VHOST_PREFIX = "mt-run"


def _process_space():
    """What tells this machine's processes apart from another container's that share
    the broker: the PID namespace (else the host name)."""
    try:
        return os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        return socket.gethostname()


def _rabbitmqctl(*args):
    return subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60)


def _sweep_stale_vhosts():
    """Delete the vhosts that earlier runs on this machine left behind when they were
    killed before their teardown: `mt-run.<pid namespace>.<pid>-<hex>` whose process
    is gone."""
    listed = _rabbitmqctl("list_vhosts", "name")
    if listed.returncode != 0:
        return
    mine = f"{VHOST_PREFIX}.{_process_space()}."
    for name in listed.stdout.split():
        if not name.startswith(mine):
            continue
        pid = name[len(mine) :].split("-", 1)[0]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            _rabbitmqctl("delete_vhost", name)


@contextlib.contextmanager
def runner_vhost(uri):
    """`tests.support.broker_vhost`, named after this process so that a later run can
    tell a vhost left behind by a killed run from a live one, and delete it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if shutil.which("rabbitmqctl") is None:
        yield uri  # broker_vhost would yield `uri` too; root conftest.py ran us serially
        return
    if worker in (None, "gw0"):
        _sweep_stale_vhosts()
    with contextlib.ExitStack() as stack:
        try:
            uri = stack.enter_context(
                broker_vhost(uri, prefix=f"{VHOST_PREFIX}.{_process_space()}.{os.getpid()}")
            )
        except subprocess.SubprocessError as exc:
            detail = (getattr(exc, "stderr", None) or b"").decode(errors="replace").strip()
            message = f"rabbitmqctl could not make a vhost ({exc}: {detail})"
            if worker is not None:
                pytest.fail(
                    f"{message}; run with `-n 0` to share {uri}, or as a user "
                    "that may run rabbitmqctl.",
                    pytrace=False,
                )
            warnings.warn(f"{message}: the tests run on {uri} itself", stacklevel=2)
        yield uri


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    if os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql":
        with postgres_databases(list(SERVICES)) as urls:
            yield urls
    else:
        folder = tmp_path_factory.mktemp("databases")
        yield {name: f"sqlite:///{folder}/{name}.db" for name in SERVICES}


@pytest.fixture(scope="session")
def test_mail_server(tmp_path_factory):
    """The SMTP server the test system's inbox sends to (the kit's catcher, writing .eml
    files): its e-mails go somewhere real, never to a developer's own catcher."""
    import subprocess
    import sys

    from microtache import mailcatcher

    port, folder = free_port(), str(tmp_path_factory.mktemp("mail"))
    # a process of its own: aiosmtpd's asyncio loop and a test's own server (test_email.py)
    # cannot share one eventlet-patched process
    server = subprocess.Popen(
        [sys.executable, "-m", "microtache.mailcatcher", "--port", str(port), "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: mailcatcher.listening("127.0.0.1", port), 10, "the test mail server")
    yield f"smtp://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="session")
def system_config(amqp_uri, database_urls, tmp_path_factory, test_mail_server):
    return {
        **REGISTRY,
        "SMTP_URL": test_mail_server,
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
        "LIVE_HEARTBEAT_SECONDS": 0.5,  # a closed live stream is found at once
        # 3 test workers x 7 services x (3 + 3) stays under PostgreSQL's 100 connections
        "DATABASE_POOL_SIZE": 3,
    }


def purge(config, service_classes):
    """Leftovers of an earlier, interrupted run must not leak into this one."""
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.default_channel
        for queue in topology.handler_queues(config, service_classes):
            for q in [
                queue,
                *retry_queues(queue.name, TEST_RETRY_DELAYS),
                dead_letter_queue(queue.name),
            ]:
                q(channel).purge()
        for service_cls in service_classes:
            try:
                channel.queue_purge(f"rpc-{service_cls.name}")
            except Exception:
                channel = connection.channel()  # the queue does not exist yet


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
def rpc_as(system):
    """`with rpc_as(user) as rpc:` a cluster proxy whose calls carry `user` (a dict with
    its id, username, role) as their caller, as the gateway's do (A2)."""

    @contextlib.contextmanager
    def proxy_as(user):
        with ClusterRpcProxy(system, timeout=10, context_data=caller_context(user)) as proxy:
            yield proxy

    return proxy_as


@pytest.fixture
def unique():
    """A fresh name, so that tests share the running system without clashing."""
    return lambda prefix="u": f"{prefix}{uuid.uuid4().hex[:10]}"
