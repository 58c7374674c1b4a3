"""Settings read from the configuration or the environment (microtache.config)."""

import pytest

from microtache.config import seconds_list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, 10, 60], [1.0, 10.0, 60.0]),  # config.yaml's list
        ("10", [10.0]),  # the environment: once read one character at a time ([1.0, 0.0])
        ("1,10,60", [1.0, 10.0, 60.0]),  # once a ValueError
        (" 0.5, 2 ", [0.5, 2.0]),
        (30, [30.0]),
    ],
)
def test_event_retry_delays_from_the_config_or_the_environment(value, expected, monkeypatch):
    monkeypatch.delenv("EVENT_RETRY_DELAYS", raising=False)
    assert seconds_list({"EVENT_RETRY_DELAYS": value}, "EVENT_RETRY_DELAYS") == expected
    monkeypatch.setenv("EVENT_RETRY_DELAYS", value if isinstance(value, str) else "")
    if isinstance(value, str):
        assert seconds_list({}, "EVENT_RETRY_DELAYS") == expected


@pytest.mark.parametrize("value", ["soon", "1,,x", "-5", ","])
def test_a_wrong_delay_names_the_setting(value):
    with pytest.raises(ValueError, match="EVENT_RETRY_DELAYS"):
        seconds_list({"EVENT_RETRY_DELAYS": value}, "EVENT_RETRY_DELAYS")


def test_without_a_value_the_default_delays(monkeypatch):
    monkeypatch.delenv("EVENT_RETRY_DELAYS", raising=False)
    assert seconds_list({}, "EVENT_RETRY_DELAYS") == [1.0, 10.0, 60.0]


# --- every setting, typed and checked at start (microtache.settings) ---------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from microtache.cli import load_config  # noqa: E402
from microtache.config import setting  # noqa: E402
from microtache.settings import FIELDS, ConfigurationError, check, markdown  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_config_yaml_as_shipped_is_valid_and_typed():
    settings = check(load_config(str(ROOT / "config.yaml")))
    assert settings.RPC_TIMEOUT > 0 and settings.EVENT_RETRY_DELAYS == [1.0, 10.0, 60.0]
    assert set(settings.SERVICES) >= {"catalog", "orders", "payments", "inbox"}


def test_values_come_typed_whatever_their_source(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "2")
    assert setting({}, "TRUSTED_PROXY_HOPS") == 2
    assert setting({"RPC_TIMEOUT": "2.5"}, "RPC_TIMEOUT") == 2.5
    assert setting({"MIGRATE_ON_START": "false"}, "MIGRATE_ON_START") is False
    assert setting({}, "SETTLE_SERVICES") == []
    assert setting({"SETTLE_SERVICES": "orders, payments"}, "SETTLE_SERVICES") == [
        "orders",
        "payments",
    ]


@pytest.mark.parametrize(
    ("key", "wrong"),
    [
        ("RPC_TIMEOUT", "soon"),
        ("RPC_TIMEOUT", "-1"),
        ("DATABASE_POOL_SIZE", "0"),
        ("MICROTACHE_ENV", "staging"),
        ("LOG_FORMAT", "xml"),
        ("AMQP_URI", "http://broker"),
        ("STORAGE_URL", "bucket"),
        ("SMTP_URL", "mail.example.com"),
        ("WEB_SERVER_ADDRESS", "8000"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_setting(key, wrong):
    config = {**load_config(str(ROOT / "config.yaml")), key: wrong}
    with pytest.raises(ConfigurationError, match=f"^{key}"):
        check(config)
    with pytest.raises(ConfigurationError, match=f"^{key}"):
        setting(config, key)


def test_a_config_without_the_registry_is_refused():
    with pytest.raises(ConfigurationError, match="SERVICES: the configuration file must give it"):
        check(
            {"GATEWAY": "gateway.service:GatewayService", "CLOCK_SERVICE": "scheduler"},
            registry=True,
        )
    check({"AMQP_URI": "amqp://broker/"})  # one service process runs without it


def test_a_process_with_a_wrong_value_stops_at_once_with_a_clear_line():
    started = subprocess.run(
        [sys.executable, "-m", "microtache.serve", "--config", "config.yaml", "x:Y"],
        cwd=ROOT,
        env={**os.environ, "RPC_TIMEOUT": "abc", "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 2
    assert "the configuration is not valid" in started.stderr
    assert "RPC_TIMEOUT: Input should be a valid number" in started.stderr
    assert "LOG_FORMAT: Input should be 'plain' or 'json' (got 'xml')" in started.stderr
    assert "Traceback" not in started.stderr


def test_every_setting_is_documented_from_the_code():
    assert all(field.description for field in FIELDS.values())
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert documented == markdown(), "run: python -m microtache.settings > docs/configuration.md"
