"""Every setting of Microtache: its name, type, default and meaning, in one place.

A process reads its settings from the Nameko config (config.yaml, whose `${ENV:default}`
values come from the environment), else from the environment by the setting's own name,
else the default here. `Settings` (pydantic-settings) states them all; at start each
process checks its whole configuration against it (`check`, called by
`microtache.serve` and `microtache run`) and a wrong value stops it with one clear line
naming the setting. Afterwards `microtache.config.setting(config, "KEY")` reads one
value, checked against its type here. docs/configuration.md is written from this
module (`python -m microtache.settings > docs/configuration.md`; a test keeps it so).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _comma_list(value: Any) -> Any:
    """`1,10,60` or `a, b` from the environment as a list; a single number as one."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int | float):
        return [value]
    return value


Seconds = Annotated[
    list[Annotated[float, Field(ge=0)]],
    NoDecode,
    BeforeValidator(_comma_list),
    Field(min_length=1),
]
SecondsOrNone = Annotated[
    list[Annotated[float, Field(ge=0)]], NoDecode, BeforeValidator(_comma_list)
]
Names = Annotated[list[str], NoDecode, BeforeValidator(_comma_list)]
Positive = Annotated[float, Field(gt=0)]


class Settings(BaseSettings):
    """The settings, grouped as an operator meets them."""

    model_config = SettingsConfigDict(
        case_sensitive=True, extra="ignore", validate_default=True, populate_by_name=True
    )

    # the platform
    MICROTACHE_ENV: Literal["development", "production"] = Field(
        "development",
        description="`production` refuses development defaults (generated secrets, the "
        "movable clock, the admin account).",
    )
    AMQP_URI: str = Field(
        "amqp://guest:guest@localhost:5672/",
        pattern=r"^(py)?amqps?://",
        description="The RabbitMQ every process talks through.",
    )
    SERVICES: dict[str, str] = Field(
        default_factory=dict,
        description="The registry: each service's name and the Nameko class that runs it "
        "(config.yaml holds it).",
    )
    GATEWAY: str = Field("", description="The gateway's Nameko class (config.yaml).")
    CLOCK_SERVICE: str = Field(
        "", description="The service that keeps the platform clock (S4; config.yaml)."
    )
    max_workers: int = Field(
        10, ge=1, description="Workers a process runs at once (Nameko's; env MAX_WORKERS)."
    )
    WEB_SERVER_ADDRESS: str = Field(
        "127.0.0.1:8000",
        pattern=r"^\S+:\d{1,5}$",
        description="Where the gateway listens (env GATEWAY_ADDRESS and GATEWAY_PORT).",
    )

    # storage
    DATA_DIR: str = Field(
        "data", description="Where SQLite databases live in development (env MICROTACHE_DATA_DIR)."
    )
    DATABASES: dict[str, str | None] = Field(
        default_factory=dict,
        description="Each service's database URL (env `<SERVICE>_DATABASE_URL`); none: "
        "SQLite under DATA_DIR.",
    )
    DATABASE_POOL_SIZE: int = Field(
        10,
        ge=1,
        description="PostgreSQL connections a process keeps per database (as many again in a "
        "burst): replicas x services x 2 x this must stay under max_connections.",
    )
    MIGRATE_ON_START: bool = Field(
        True, description="Each service brings its schema to the latest revision as it starts."
    )
    FILES_DIR: str = Field(
        "",
        description="Uploaded files on local disk (empty: DATA_DIR/files; env "
        "MICROTACHE_FILES_DIR).",
    )
    STORAGE_URL: str = Field(
        "",
        pattern=r"^(s3://.+)?$",
        description="`s3://<bucket>` for object storage; empty: FILES_DIR on local disk.",
    )
    S3_ENDPOINT_URL: str = Field("", description="MinIO, Ceph... (empty: AWS).")
    S3_REGION: str = Field("", description="The bucket's region.")

    # messaging
    RPC_TIMEOUT: Positive = Field(10.0, description="Seconds a service waits for another's answer.")
    EVENT_RETRY_DELAYS: Seconds = Field(
        [1.0, 10.0, 60.0],
        description="Seconds between the attempts of a failing event handler, e.g. `1,10,60`; "
        "after the last, the event is parked as a dead letter.",
    )
    OUTBOX_POLL_INTERVAL: Positive = Field(
        1.0, description="Seconds between the outbox relay's sweeps for unsent events."
    )

    # the gateway and the web
    PUBLIC_URL: str = Field(
        "",
        description="The gateway's address as clients see it (links in uploads, downloads and "
        "e-mails); empty: the request's host.",
    )
    TRUSTED_PROXY_HOPS: int = Field(
        0, ge=0, description="Proxies before the gateway whose X-Forwarded-For is true."
    )
    JWT_SECRET: str = Field(
        "",
        description="The tokens' signing key; empty: generated once per data folder in "
        "development, refused in production.",
    )
    TOKEN_TTL_SECONDS: int = Field(3600, ge=60, description="How long a sign-in lasts.")
    MICROTACHE_ADMIN_PASSWORD: str = Field(
        "", description="The development admin's password (empty: generated and printed)."
    )
    PRESENCE_EVERY_SECONDS: Positive = Field(
        60.0, description="The gateway tells catalog a user is online at most this often."
    )
    LIVE_HEARTBEAT_SECONDS: Positive = Field(
        15.0, description="A live stream's keep-alive (GET /v1/me/events)."
    )
    WEB_DIR: str = Field("", description="The web app's files (empty: web/ of the repository).")
    CORS_ORIGINS: str = Field(
        "",
        description="Origins whose pages may call the API from a browser, comma-separated, or "
        "`*`; empty: none (the app at / needs none).",
    )

    # the clock (S4)
    SETTLE_SERVICES: Names = Field(
        [], description="Whom the clock's fast-forward waits on (empty: every service)."
    )
    CLOCK_STEP_SECONDS: Positive = Field(
        1.0, description="How close together the fast-forward fires deadlines."
    )

    # e-mail (the inbox)
    SMTP_URL: str = Field(
        "smtp://127.0.0.1:1025",
        pattern=r"^smtps?://",
        description="Where e-mails go (`smtp[s]://user:password@host:port`); the default is "
        "make run's mail catcher.",
    )
    MAIL_FROM: str = Field("Microtache <no-reply@microtache.local>", description="The sender.")
    MAIL_POLL_INTERVAL: Positive = Field(
        1.0, description="Seconds between the sender's looks for due e-mails."
    )
    MAIL_BATCH: int = Field(20, ge=1, description="E-mails one look takes at most.")
    MAIL_RETRY_DELAYS: SecondsOrNone = Field(
        [],
        description="Seconds between the attempts of an e-mail the server refused, the last "
        "repeating (empty: the inbox's own schedule, N3).",
    )

    # metrics and probes (microtache.metrics)
    METRICS_PORT: Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v))] = Field(
        "",
        pattern=r"^\d{0,5}$",
        description="Each process's own port for /metrics, /healthz and /readyz, a number "
        "(0: any free one; empty: none, as under make run); the containers use 9100.",
    )

    # logs
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="The least severe lines written."
    )
    OTEL_EXPORTER_OTLP_ENDPOINT: str = Field(
        "",
        description="Where traces go over OTLP/HTTP (OpenTelemetry's own variable, read from "
        "the environment with its siblings); empty: no tracing.",
    )
    LOG_FORMAT: Literal["plain", "json"] = Field(
        "plain", description="`json`: a JSON object a line, for a collector (the image's)."
    )


FIELDS = Settings.model_fields
REGISTRY_KEYS = ("SERVICES", "GATEWAY", "CLOCK_SERVICE")  # from the config file alone


class ConfigurationError(ValueError):
    """A setting with a wrong value: its message names the setting and what is wrong."""


def given(config: Mapping[str, Any]) -> dict[str, Any]:
    """What the config sets (an empty value means 'not set': the environment or the default)."""
    return {
        key: value
        for key, value in config.items()
        if key in FIELDS and value not in (None, "", [], {})
    }


def check(config: Mapping[str, Any], registry: bool = False) -> Settings:
    """The whole configuration, checked (the config, else the environment, else the
    defaults); `ConfigurationError` names every wrong setting, one a line. `registry`:
    the config must also name the system's services (what the `microtache` tools read;
    one service process runs without)."""
    missing = [key for key in REGISTRY_KEYS if registry and not config.get(key)]
    if missing:
        raise ConfigurationError(
            "\n".join(f"{key}: the configuration file must give it" for key in missing)
        )
    try:
        return Settings(**given(config))
    except ValidationError as exc:
        raise ConfigurationError(describe(exc)) from None


def describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        lines.append(f"{where}: {problem['msg']} (got {problem.get('input')!r})")
    return "\n".join(lines)


@cache
def _adapter(key: str) -> TypeAdapter[Any]:
    field = FIELDS[key]
    kind: Any = field.annotation
    if field.metadata:
        kind = Annotated[kind, *field.metadata]
    return TypeAdapter(kind)


def value(key: str, raw: Any) -> Any:
    """One setting's raw value (from the config or the environment) as its type."""
    if key not in FIELDS:
        return raw
    try:
        return _adapter(key).validate_python(raw)
    except ValidationError as exc:
        raise ConfigurationError(f"{key}: {exc.errors()[0]['msg']} (got {raw!r})") from None


def default(key: str) -> Any:
    return FIELDS[key].get_default(call_default_factory=True)


def markdown() -> str:
    """docs/configuration.md: every setting, its type, default and meaning."""
    lines = [
        "# Configuration",
        "",
        "Written from `lib/microtache/settings.py` (`python -m microtache.settings > "
        "docs/configuration.md`). Each process reads a setting from its Nameko config "
        "(config.yaml, whose values come from the environment), else from the environment "
        "by the same name, else the default. Every process checks its whole configuration "
        "as it starts: a wrong value stops it with a line naming the setting.",
        "",
        "| setting | type | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for name, field in FIELDS.items():
        kind = _type_name(field.annotation)
        shown = default(name)
        shown = "" if shown in ("", [], {}) else f"`{shown}`"
        lines.append(f"| `{name}` | {kind} | {shown} | {field.description or ''} |")
    return "\n".join(lines) + "\n"


def _type_name(annotation: Any) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return " or ".join(f"`{choice}`" for choice in args)
    if origin is list:
        inner = get_origin(args[0]) and get_args(args[0])[0] or args[0]
        return "seconds, comma-separated" if inner is float else "names, comma-separated"
    if origin is dict:
        return "mapping"
    return {bool: "true or false", float: "number", int: "integer", str: "text"}[annotation]


if __name__ == "__main__":
    sys.stdout.write(markdown())
