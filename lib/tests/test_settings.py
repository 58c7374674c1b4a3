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
