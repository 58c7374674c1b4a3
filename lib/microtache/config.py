"""Settings read from the Nameko config (itself built from environment variables).

`microtache.settings` knows every setting's name, type, default and meaning, so services
and tests never spell them twice; `setting(config, "KEY")` reads one.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Mapping
from typing import Any

from microtache import settings

DEVELOPMENT = "development"
PRODUCTION = "production"


class MissingSetting(KeyError):
    """A setting the configuration must give (it has no default)."""

    def __str__(self) -> str:
        return (
            f"the configuration has no {self.args[0]} (config.yaml holds it: "
            "every process of the system reads the same file)"
        )


def setting(config: Mapping[str, Any], key: str) -> Any:
    """A setting from the Nameko config, else the environment, else the default, as the
    type `microtache.settings` gives it (a wrong value: `ConfigurationError`, naming it)."""
    if config.get(key) not in (None, ""):
        return settings.value(key, config[key])
    if key in settings.REGISTRY_KEYS or key not in settings.FIELDS:
        raise MissingSetting(key)
    if os.environ.get(key):
        return settings.value(key, os.environ[key])
    return settings.default(key)


def seconds_list(config: Mapping[str, Any], key: str) -> list[float]:
    """A list of seconds: a list in the configuration, or `1,10,60` (spaces allowed)
    from the environment; a value that is not one stops the process with its name."""
    return list(setting(config, key))  # microtache.settings gives them as floats


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
