"""The README's "Call the API" walkthrough, its shell block as written, run twice in a row
against the running test system, after another seller published a gig of the same title
(as `make demo` does): both runs go to the end (fresh usernames, no `KeyError`), each
orders the gig it has just published, and the only errors shown are the two it means to
show (issue 20)."""

import json
import os
import re
import shutil
import subprocess
import time

import pytest

from tests.support import gig_body

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


def walkthrough():
    """The first ```sh block after the '## Call the API' heading."""
    with open(README) as f:
        text = f.read()
    section = text[text.index("\n## Call the API\n") :]
    found = re.search(r"^```sh\n(.*?)^```$", section, re.S | re.M)
    assert found, "README.md's 'Call the API' section has no ```sh block"
    return found.group(1)


def run(script, base_url, cwd):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GATEWAY_PORT", "MICROTACHE_URL", "MICROTACHE_ADMIN_PASSWORD")
    }
    env.update(MICROTACHE_URL=base_url, MICROTACHE_ADMIN_PASSWORD="admin-password")
    # -e: a failed step ends it (a field missing from an answer fails its `json` call)
    return subprocess.run(
        ["bash", "-e", "-u", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not shutil.which("curl"), reason="the walkthrough needs curl")
def test_the_readme_walkthrough_runs_twice_after_another_logo_gig(system, api, unique, tmp_path):
    rival = api.sign_up(unique("rival"))
    gig = api.post("/v1/gigs", as_=rival, json=gig_body(price=500))
    assert gig.status_code == 201, gig.text

    script = walkthrough()
    base_url = f"http://{system['WEB_SERVER_ADDRESS']}"
    sellers = []
    for attempt in (1, 2):
        started = time.monotonic()
        done = run(script, base_url, tmp_path)
        print(f"run {attempt}: {time.monotonic() - started:.1f} s")
        report = f"run {attempt}:\n{done.stdout}\n{done.stderr}"
        assert done.returncode == 0, report
        assert done.stderr == "", report
        lines = done.stdout.splitlines()
        assert "completed" in lines, report  # the buyer's acceptance
        errors = [line for line in lines if '"error"' in line]
        # the two meant: bad input (422) and no token (401)
        assert len(errors) == 2, report
        assert [json.loads(line)["error"]["code"] for line in errors] == [
            "invalid_input",
            "unauthenticated",
        ], report
        seller = re.search(r'"username": ?"(marie_[0-9a-f]{6})"', done.stdout)
        assert seller, report
        sellers.append(seller.group(1))

    assert sellers[0] != sellers[1]
    for username in sellers:
        seller = api.sign_in(username, "correct-horse")
        orders = api.get("/v1/orders?role=seller", as_=seller).json()["results"]
        assert [order["status"] for order in orders] == ["completed"], orders
        order = api.get(f"/v1/orders/{orders[0]['id']}", as_=seller).json()
        own = api.get("/v1/me/gigs", as_=seller).json()["results"]
        assert [order["gig_id"]] == [g["id"] for g in own]
    rivals = api.get("/v1/orders?role=seller", as_=rival).json()["results"]
    assert rivals == []
