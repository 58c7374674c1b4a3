"""Test helpers: an HTTP client for the gateway, people, gigs, PostgreSQL databases."""

import contextlib
import os
import time
import uuid

import requests
from sqlalchemy import create_engine, text

from microtache.cli import registry
from microtache.database import driver_url

# The project's registry (config.yaml): the services, the gateway, the clock's keeper.
REGISTRY = registry()
SERVICES: dict[str, str] = REGISTRY["SERVICES"]
GATEWAY: str = REGISTRY["GATEWAY"]

POSTGRES_URL = os.environ.get(
    "MICROTACHE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


class Api:
    """`api.post("/v1/gigs", json=..., as_=alice)` with alice's bearer token."""

    # seconds to wait for an answer: the clock's fast-forward settles the whole system
    # after each deadline it fires, so the gateway gives it 600 s; a shared test system
    # has many deadlines pending (other tests' orders)
    TIMEOUTS = {"/v1/admin/clock/advance": 600}

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()

    def request(self, method, path, as_=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if as_ is not None:
            headers["Authorization"] = f"Bearer {as_.token}"
        return self.session.request(
            method,
            self.base_url + path,
            headers=headers,
            timeout=self.TIMEOUTS.get(path, 30),
            **kwargs,
        )

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def upload(self, person, use, data, name="file.bin", content_type="application/octet-stream"):
        """Declare an upload, send `data` (bytes, or a sized file object) where the answer
        says, as a client does (API.md "Files"); its id, once ready."""
        size = len(data)
        ticket = self.post(
            "/v1/uploads",
            as_=person,
            json={"use": use, "name": name, "content_type": content_type, "size": size},
        )
        assert ticket.status_code == 201, ticket.text
        ticket = ticket.json()
        sent = requests.request(
            ticket["method"],
            ticket["upload_url"],
            data=data,
            headers=ticket["headers"],
            timeout=600,
        )
        assert sent.status_code == 200, sent.text
        status = self.get(f"/v1/uploads/{ticket['id']}", as_=person)
        assert status.json()["state"] == "ready", status.text
        return ticket["id"]

    def sign_up(self, username, password="correct-horse", **profile):
        response = self.post(
            "/v1/auth/signup",
            json={
                "username": username,
                "email": f"{username}@example.com",
                "password": password,
                **profile,
            },
        )
        assert response.status_code == 201, response.text
        return self.sign_in(username, password, account=response.json())

    def sign_in(self, username, password, account=None):
        response = self.post("/v1/auth/token", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return Person(username, response.json()["access_token"], account)


class Person:
    def __init__(self, username, token, account=None):
        self.username, self.token, self.account = username, token, account

    @property
    def id(self):
        return self.account["id"]


def gig_body(title="I will design a minimalist logo for your brand", price=2500, **overrides):
    return {
        "title": title,
        "description": "Clean, modern vector logos for startups and small businesses.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {
                "tier": "basic",
                "price": {"amount": price, "currency": "USD"},
                "delivery_days": 3,
                "revisions": 1,
            },
            {
                "tier": "premium",
                "price": {"amount": price * 4, "currency": "USD"},
                "delivery_days": 7,
                "revisions": 5,
            },
        ],
        "extras": [{"name": "Source files", "price": {"amount": 1000, "currency": "USD"}}],
        "tags": ["logo", "branding"],
        **overrides,
    }


def eventually(check, timeout=10.0, interval=0.05):
    """Retry `check` until it stops raising AssertionError (events are asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(interval)


@contextlib.contextmanager
def postgres_databases(names):
    """A fresh PostgreSQL database per service, dropped afterwards."""
    admin = create_engine(driver_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    suffix = uuid.uuid4().hex[:8]
    databases = {name: f"mt_test_{name}_{suffix}" for name in names}
    try:
        with admin.connect() as conn:
            for database in databases.values():
                conn.execute(text(f'CREATE DATABASE "{database}"'))
    except Exception as exc:
        raise RuntimeError(
            f"PostgreSQL at {POSTGRES_URL} refused: {exc}. Set "
            "MICROTACHE_TEST_POSTGRES_URL to a server where the user may "
            "create databases."
        ) from exc
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield {name: f"{base}/{database}" for name, database in databases.items()}
    finally:
        with admin.connect() as conn:
            for database in databases.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def _vhost_uri(base_uri, vhost):
    return base_uri.rsplit("/", 1)[0] + "/" + vhost


@contextlib.contextmanager
def broker_vhost(base_uri, prefix="mt-test"):
    """A fresh RabbitMQ vhost on the broker of `base_uri`, deleted afterwards: runners
    and fault tests that share one broker never consume each other's messages.

    Made with `rabbitmqctl` (the broker is on this machine, as here and in CI); with
    no `rabbitmqctl` at hand (a broker in Docker), `base_uri` itself is yielded.
    """
    import shutil
    import subprocess

    if shutil.which("rabbitmqctl") is None:
        yield base_uri
        return
    vhost = f"{prefix}-{uuid.uuid4().hex[:8]}"
    user = base_uri.split("://", 1)[1].split(":", 1)[0] or "guest"

    def ctl(*args):
        subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)

    ctl("add_vhost", vhost)
    try:
        ctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
        yield _vhost_uri(base_uri, vhost)
    finally:
        subprocess.run(
            ["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True, timeout=60
        )


def free_port():
    """A TCP port nothing listens on now (the OS's choice)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, what, interval=0.05):
    """`predicate()`'s first true value within `timeout` seconds, else AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@contextlib.contextmanager
def running_system(amqp_uri, database_urls, label, **environment):
    """`microtache run` (what `make run` starts) in a process group of its own, on
    `amqp_uri` and the given databases (else SQLite in a fresh folder), in development
    mode with a random admin password; yields (base URL, admin password, log path) once
    /ready answers. For callers that must not share the tests' eventlet process (the
    fuzzer, the browser tests). The folder stays when the log shows a traceback."""
    import shutil
    import signal
    import subprocess
    import sys
    import tempfile

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = tempfile.mkdtemp(prefix=f"microtache-{label}-")
    port = free_port()
    admin_password = "admin-" + uuid.uuid4().hex
    env = {
        **os.environ,
        "AMQP_URI": amqp_uri,
        "MICROTACHE_DATA_DIR": folder,
        "GATEWAY_PORT": str(port),
        "GATEWAY_ADDRESS": "127.0.0.1",
        "MICROTACHE_ENV": "development",
        "MICROTACHE_ADMIN_PASSWORD": admin_password,
        "JWT_SECRET": f"{label}-{uuid.uuid4().hex}",
        "LOG_LEVEL": "WARNING",
        **{f"{name.upper()}_DATABASE_URL": url for name, url in database_urls.items()},
        **{key: str(value) for key, value in environment.items()},
    }
    log_path = os.path.join(folder, "system.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "microtache.cli", "run"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"the system exited; see {log_path}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/ready", timeout=3).status_code == 200:
                    break
            time.sleep(1)
        else:
            raise SystemExit(f"the system was not ready in 120 s; see {log_path}")
        yield url, admin_password, log_path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        with open(log_path) as log:
            if "Traceback" not in log.read():
                shutil.rmtree(folder, ignore_errors=True)
