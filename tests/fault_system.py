"""The whole system as an operator runs it, for fault tests: one OS process per
service replica (`python -m microtache.serve`, as in the image), PostgreSQL
databases of its own, a broker of the test's choosing, and handles to hurt it.
"""

import os
import subprocess
import sys
import time
import uuid

import requests
import yaml
from sqlalchemy import create_engine, text

from microtache.database import driver_url

from tests.support import GATEWAY, POSTGRES_URL, REGISTRY, SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FaultSystem:
    """`replicas={"orders": 2}` runs two processes of orders; every other service one."""

    def __init__(self, folder, amqp_uri, database_urls, port, replicas=None, **settings):
        self.folder, self.amqp_uri, self.database_urls = folder, amqp_uri, database_urls
        self.port = port
        self.replicas = {name: 1 for name in SERVICES} | (replicas or {})
        self.admin_password = "admin-" + uuid.uuid4().hex[:8]
        self.config = {
            **REGISTRY,
            "AMQP_URI": amqp_uri,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
            "MICROTACHE_ENV": "development",
            "MICROTACHE_ADMIN_PASSWORD": self.admin_password,
            "JWT_SECRET": "fault-secret-" + uuid.uuid4().hex,
            "DATABASES": database_urls,
            "DATA_DIR": str(folder / "data"),
            "FILES_DIR": str(folder / "files"),
            "MIGRATE_ON_START": False,
            "max_workers": 10,
            "LOGGING": {
                "version": 1,
                "formatters": {
                    "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
                },
                "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
                "root": {"level": "INFO", "handlers": ["console"]},
            },
            **settings,
        }
        self.config_path = str(folder / "config.yaml")
        with open(self.config_path, "w") as f:
            yaml.safe_dump(self.config, f)
        self.processes = {}  # "orders-2" -> Popen
        self.url = f"http://127.0.0.1:{port}"

    def _cli(self, *args):
        subprocess.run(
            [sys.executable, "-m", "microtache.cli", "--config", self.config_path, *args],
            check=True,
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )

    def start(self, ready_within=90):
        self._cli("migrate")
        self._cli("declare")
        for name, path in SERVICES.items():
            for replica in range(1, self.replicas[name] + 1):
                self._spawn(f"{name}-{replica}", path)
        self._spawn("gateway-1", GATEWAY)
        self.wait_ready(ready_within)
        return self

    def _spawn(self, label, path):
        log = open(self.log_path(label), "a")
        self.processes[label] = subprocess.Popen(
            [sys.executable, "-m", "microtache.serve", "--config", self.config_path, path],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": ROOT},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def log_path(self, label):
        return str(self.folder / f"{label}.log")

    def log(self, label):
        with open(self.log_path(label)) as f:
            return f.read()

    def exited(self):
        """{label: return code} of every process that is no longer running."""
        return {label: p.returncode for label, p in self.processes.items() if p.poll() is not None}

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert not self.exited(), f"exited while starting: {self.exited()}"
            try:
                if requests.get(f"{self.url}/ready", timeout=3).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise AssertionError(
            f"not ready after {timeout}s: {requests.get(f'{self.url}/ready', timeout=5).text}"
        )

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


class DatabaseOutage:
    """A service's PostgreSQL database refusing every connection, as when its
    server is down: new connections are refused, open ones are cut."""

    def __init__(self, url):
        self.database = url.rsplit("/", 1)[1]
        self.admin = create_engine(driver_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")

    def _run(self, sql):
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def begin(self):
        self._run(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false')
        self._run(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.database}'"
        )

    def end(self):
        self._run(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true')
        self.admin.dispose()
