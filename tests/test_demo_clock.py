"""`make demo` puts the shared development clock back at its end (demo/run.py's
reset_clock, POST /v1/admin/clock/reset; issue 20), and says so when the gateway has no
such route (S4)."""

import io
import urllib.error

from demo import run

DAY = 24 * 3600


def test_s4_the_demo_puts_the_clock_back(system, api):
    admin = api.sign_in("admin", "admin-password")
    moved = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 3 * DAY})
    assert moved.status_code == 200, moved.text
    assert moved.json()["offset_seconds"] > 2 * DAY  # three days on, less the time moving took

    said = []
    clock = run.reset_clock(api.base_url, "admin-password", say=said.append)
    assert clock is not None and clock["offset_seconds"] == 0
    assert "back at the system's time" in said[0]


def test_s4_a_gateway_without_the_reset_leaves_the_clock_and_says_so(system, api, monkeypatch):
    real = run.urllib.request.urlopen

    def urlopen(request, timeout):
        if request.full_url.endswith("/v1/admin/clock/reset"):
            raise urllib.error.HTTPError(request.full_url, 404, "Not Found", {}, io.BytesIO())
        return real(request, timeout=timeout)

    monkeypatch.setattr(run.urllib.request, "urlopen", urlopen)
    said = []
    assert run.reset_clock(api.base_url, "admin-password", say=said.append) is None
    assert "no POST /v1/admin/clock/reset (404)" in said[0]
