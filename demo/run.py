"""make demo: the marketplace's day (demo/scenario.py) on the system `make run` started,
or on one started here for the occasion and stopped afterwards. The day moves the platform
clock three weeks forward; at its end the clock is put back to the system's time
(POST /v1/admin/clock/reset: what has fired stays fired), so the next demo, the README's
walkthrough or the web app start from today again.

    MICROTACHE_URL   the gateway (default http://127.0.0.1:$GATEWAY_PORT, 8000 unless set)
    MICROTACHE_ADMIN_PASSWORD   the admin's password (default: the one `make run`
                     generated for the data folder, MICROTACHE_DATA_DIR or data/)
"""

import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email import policy
from email.parser import BytesParser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from microtache.config import admin_password  # noqa: E402

from demo.scenario import play  # noqa: E402

URL = os.environ.get("MICROTACHE_URL", f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT') or 8000}")


def ready(url):
    try:
        with urllib.request.urlopen(url + "/ready", timeout=3) as response:
            return response.status == 200
    except Exception:
        return False


def reset_clock(url, password, say=print):
    """Put the shared development clock back to the system's time; a gateway without
    the route (older than issue 20) leaves it where the day left it, and says so."""

    def post(path, body=None, token=None):
        request = urllib.request.Request(
            url + path,
            data=json.dumps(body or {}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {token}"} if token else {}),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    token = post("/v1/auth/token", {"username": "admin", "password": password})["access_token"]
    try:
        clock = post("/v1/admin/clock/reset", token=token)
    except urllib.error.HTTPError as error:
        if error.code not in (404, 405):
            raise
        say(
            f"\nThe clock stays where the day left it: this gateway has no "
            f"POST /v1/admin/clock/reset ({error.code})."
        )
        return None
    say(f"\nThe clock is back at the system's time: {clock['now']} (offset 0).")
    return clock


def caught(folder, say=print, shown=3):
    """What the development mail catcher caught (`microtache run` writes each e-mail it
    takes under <DATA_DIR>/mail/): a line each, and the newest one's text."""
    files = sorted(glob.glob(os.path.join(folder, "*.eml")), key=os.path.getmtime)
    say(f"\n== E-mails caught ({len(files)} in {folder})")
    messages = []
    for path in files:
        with open(path, "rb") as source:
            messages.append(BytesParser(policy=policy.default).parse(source))
    for message in messages[-shown:]:
        say(f"  to {message['To']}: {message['Subject']}")
    if messages:
        body = messages[-1].get_body(preferencelist=("plain",))
        say("  --- the newest, as text ---")
        for line in (body.get_content() if body else "").strip().splitlines()[:12]:
            say(f"  | {line}")


def main():
    system = None
    data = os.environ.get("MICROTACHE_DATA_DIR", "data")
    password = admin_password({"DATA_DIR": data})
    if not ready(URL):
        print(f"No Microtache at {URL}: starting one (`microtache run`) for the demo...")
        data = tempfile.mkdtemp(prefix="microtache-demo-")
        password = os.environ.get("MICROTACHE_ADMIN_PASSWORD") or "demo-" + os.urandom(8).hex()
        env = {**os.environ, "MICROTACHE_DATA_DIR": data, "MICROTACHE_ADMIN_PASSWORD": password}
        system = subprocess.Popen(
            [sys.executable, "-m", "microtache.cli", "run"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(240):
            if ready(URL) or system.poll() is not None:
                break
            time.sleep(0.5)
        if not ready(URL):
            system.terminate()
            sys.exit("The system did not start; try `make run` in another terminal.")
    started = time.monotonic()
    try:
        try:
            result = play(URL, password)
            time.sleep(3)  # the inbox's sender polls every second; e-mails leave after their facts
            caught(os.path.join(data, "mail"))
        finally:
            if system is None:  # a system of the demo's own goes, its clock with it
                try:
                    reset_clock(URL, password)
                except Exception as error:  # the day's own failure, if any, matters more
                    print(f"\nThe clock could not be put back ({error}): reset it as the admin.")
    finally:
        if system is not None:
            system.terminate()
            system.wait(timeout=60)
    ok = result["ledger"]["balanced"] and not result["ledger"]["negative_balances"]
    print(
        f"\nDone in {time.monotonic() - started:.1f} s of wall time"
        f"{'' if ok else ' -- THE LEDGER CHECK FAILED'}."
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
