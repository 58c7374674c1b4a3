"""make demo: the marketplace's day (demo/scenario.py) on the system `make run` started,
or on one started here for the occasion and stopped afterwards.

    MICROTACHE_URL   the gateway (default http://127.0.0.1:8000)
    MICROTACHE_ADMIN_PASSWORD   the admin's password (default: the one `make run`
                     generated for the data folder, MICROTACHE_DATA_DIR or data/)
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from microtache.config import admin_password  # noqa: E402

from demo.scenario import play  # noqa: E402

URL = os.environ.get("MICROTACHE_URL", "http://127.0.0.1:8000")


def ready(url):
    try:
        with urllib.request.urlopen(url + "/ready", timeout=3) as response:
            return response.status == 200
    except Exception:
        return False


def main():
    system = None
    password = admin_password({"DATA_DIR": os.environ.get("MICROTACHE_DATA_DIR", "data")})
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
        result = play(URL, password)
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
