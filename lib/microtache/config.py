"""Settings read from the Nameko config (itself built from environment variables).

One place knows the names of the settings and their defaults, so services and
tests never spell them twice.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Mapping
from typing import Any

DEVELOPMENT = "development"
PRODUCTION = "production"

DEFAULTS = {
    "AMQP_URI": "amqp://guest:guest@localhost:5672/",
    "MICROTACHE_ENV": DEVELOPMENT,
    "RPC_TIMEOUT": 10.0,  # seconds a service waits for another's answer
    "EVENT_RETRY_DELAYS": [1, 10, 60],  # seconds between attempts of a failed handler
    "OUTBOX_POLL_INTERVAL": 1.0,  # seconds between sweeps for unsent events
    "DATA_DIR": "data",  # where the embedded SQLite databases live
    # PostgreSQL connections a process keeps per database (as many again in a burst):
    # replicas x services x 2 x this must stay under the server's max_connections
    "DATABASE_POOL_SIZE": 10,
    "FILES_DIR": "",  # where uploaded files live (default <DATA_DIR>/files)
    "STORAGE_URL": "",  # s3://<bucket> for object storage; empty: FILES_DIR on local disk
    "S3_ENDPOINT_URL": "",  # MinIO, Ceph ... (empty: AWS)
    "S3_REGION": "",
    "PUBLIC_URL": "",  # the gateway's address as clients see it (empty: the request's host)
    "LIVE_HEARTBEAT_SECONDS": 15.0,  # a live stream's keep-alive (gateway/live.py)
    # the clock's fast-forward (S4): whom it waits on (empty: every service of the
    # registry), and how close deadlines fire together
    "SETTLE_SERVICES": [],
    "CLOCK_STEP_SECONDS": 1.0,
    "PRESENCE_EVERY_SECONDS": 60.0,  # the gateway tells catalog a user is online at most this often
    "TRUSTED_PROXY_HOPS": 0,  # proxies before the gateway whose X-Forwarded-For is true
    "WEB_DIR": "",  # the web app's files (empty: web/ of the repository)
    # origins whose pages may call the API from a browser (CORS), e.g.
    # https://app.example.com,https://admin.example.com; empty: none (the app at / needs none)
    "CORS_ORIGINS": "",
}


class MissingSetting(KeyError):
    """A setting the configuration must give (it has no default)."""

    def __str__(self) -> str:
        return (
            f"the configuration has no {self.args[0]} (config.yaml holds it: "
            "every process of the system reads the same file)"
        )


def setting(config: Mapping[str, Any], key: str) -> Any:
    """A setting from the Nameko config, else the environment, else the default."""
    if config.get(key) not in (None, ""):
        return config[key]
    if os.environ.get(key):
        return os.environ[key]
    try:
        return DEFAULTS[key]
    except KeyError:
        raise MissingSetting(key) from None


def seconds_list(config: Mapping[str, Any], key: str) -> list[float]:
    """A list of seconds: a list in the configuration, or `1,10,60` (spaces allowed)
    from the environment; a value that is not one stops the process with its name."""
    return parse_seconds(setting(config, key), key)


def parse_seconds(value: Any, key: str) -> list[float]:
    """`seconds_list`'s reading of a value already found (a list, a number, `1,10,60`)."""
    if isinstance(value, str):
        value = [part for part in value.replace(" ", "").split(",") if part]
    elif isinstance(value, int | float):
        value = [value]
    try:
        found = [float(part) for part in value]
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be seconds separated by commas, not {value!r}") from None
    if not found or any(part < 0 for part in found):
        raise ValueError(f"{key} must be one or more seconds, none negative, not {value!r}")
    return found


# The registry (config.yaml): the shared kit learns the system's services from the
# configuration, never from an import.


def services(config: Mapping[str, Any]) -> dict[str, str]:
    """Every service's name and the Nameko class that runs it (`module:Class`)."""
    return dict(setting(config, "SERVICES"))


def gateway(config: Mapping[str, Any]) -> str:
    """The gateway's Nameko class (`module:Class`)."""
    return str(setting(config, "GATEWAY"))


def clock_service(config: Mapping[str, Any]) -> str:
    """The service that keeps the platform clock (S4) and answers `clock_offset`."""
    return str(setting(config, "CLOCK_SERVICE"))


def settle_services(config: Mapping[str, Any]) -> list[str]:
    """Whom the clock's fast-forward waits on: `SETTLE_SERVICES`, else every service."""
    return list(setting(config, "SETTLE_SERVICES") or services(config))


def is_production(config: Mapping[str, Any]) -> bool:
    return setting(config, "MICROTACHE_ENV") == PRODUCTION


def database_url(service_name: str, config: Mapping[str, Any]) -> str:
    """The SQLAlchemy URL of one service's own database.

    `DATABASES: {catalog: ...}` in the config wins, then `CATALOG_DATABASE_URL`
    in the environment, then a SQLite file under the data folder.
    """
    url = (config.get("DATABASES") or {}).get(service_name)
    url = url or os.environ.get(f"{service_name.upper()}_DATABASE_URL")
    if url:
        return url
    data_dir = setting(config, "DATA_DIR")
    os.makedirs(data_dir, exist_ok=True)
    return f"sqlite:///{os.path.abspath(os.path.join(data_dir, service_name + '.db'))}"


# Development secrets (issue 15, item 1): no signing key and no admin password live in
# the source. The first development start generates both, once per data folder, into
# `<DATA_DIR>/secrets.json` (mode 0600), and every later start reuses them.
# Production never generates anything: it must be given `JWT_SECRET`.
SECRETS_FILE = "secrets.json"


class MissingSecret(RuntimeError):
    """A setting production cannot run without (the message is one line to print)."""


def development_secrets(data_dir: str) -> dict[str, str]:
    """{"jwt_secret", "admin_password"} of this data folder, generated the first time
    (created with O_EXCL and mode 0600: two processes starting at once agree)."""
    os.makedirs(data_dir, exist_ok=True)
    path = os.path.join(data_dir, SECRETS_FILE)
    fresh = {"jwt_secret": secrets.token_urlsafe(48), "admin_password": secrets.token_urlsafe(12)}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it right now
            with open(path) as f:
                text = f.read()
            if text.strip():
                stored = json.loads(text)
                if set(fresh) - set(stored):
                    raise MissingSecret(
                        f"{path} lacks {', '.join(sorted(set(fresh) - set(stored)))}:"
                        " delete it to generate new development secrets"
                    ) from None
                return stored
            time.sleep(0.1)
        raise MissingSecret(
            f"{path} is empty: delete it to generate new development secrets"
        ) from None
    with os.fdopen(fd, "w") as f:
        json.dump(fresh, f)
        f.write("\n")
    return fresh


def jwt_secret(config: Mapping[str, Any]) -> str:
    """The key that signs access tokens: `JWT_SECRET` (config, then environment); in
    development, else this data folder's generated one; in production, else MissingSecret."""
    key = config.get("JWT_SECRET") or os.environ.get("JWT_SECRET")
    if key:
        return key
    if is_production(config):
        raise MissingSecret(
            "JWT_SECRET must be set in production (MICROTACHE_ENV=production): refusing to start."
        )
    return development_secrets(setting(config, "DATA_DIR"))["jwt_secret"]


def admin_password(config: Mapping[str, Any]) -> str:
    """The development `admin` account's password: `MICROTACHE_ADMIN_PASSWORD` (config,
    then environment), else this data folder's generated one. Never `admin` by default."""
    password = config.get("MICROTACHE_ADMIN_PASSWORD") or os.environ.get(
        "MICROTACHE_ADMIN_PASSWORD"
    )
    return password or development_secrets(setting(config, "DATA_DIR"))["admin_password"]
