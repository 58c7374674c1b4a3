"""`make fuzz`: schemathesis over every operation of the running API, with and
without a token, on a system of its own (SQLite, or PostgreSQL with --postgres).

    python fuzz/run.py [--postgres] [--max-examples N] [--max-time S]

Starts `microtache run` on a fresh RabbitMQ vhost and data folder, signs up a
user (and signs in the development admin), then runs schemathesis three times
(anonymous, a user, the admin) with every check, including the stateful phase
that follows the OpenAPI links from a created resource to the routes taking its
id. Exits non-zero when schemathesis reports any failure; the reports (JUnit)
are written under fuzz/reports/.

Its configuration is fuzz/schemathesis.toml: a schema-valid request may be answered
422 (a well-formed request a business rule or the server's state refuses: a withdrawal
above the balance, a cursor this API did not give, a card failing Luhn), besides
schemathesis' defaults (2xx, 3xx, 401, 403, 404, 409, 429); never 400, which the
gateway answers only to what the OpenAPI document itself forbids. See docs/fuzzing.md.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import uuid

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.support import broker_vhost, postgres_databases, running_system  # noqa: E402

SCHEMATHESIS = os.environ.get(
    "SCHEMATHESIS", os.path.join(ROOT, ".venv", "fuzz-tools", "bin", "schemathesis")
)
CONFIG = os.path.join(ROOT, "fuzz", "schemathesis.toml")
SERVICES = ["catalog", "requests", "orders", "reviews", "payments", "scheduler", "inbox"]
PASSWORD = "fuzz-Passw0rd-" + uuid.uuid4().hex[:6]


def token(url, username, password):
    response = requests.post(
        f"{url}/v1/auth/token", json={"username": username, "password": password}, timeout=30
    )
    response.raise_for_status()
    return response.json()["access_token"]


def a_user(url):
    username = "fuzz" + uuid.uuid4().hex[:8]
    response = requests.post(
        f"{url}/v1/auth/signup",
        timeout=30,
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    response.raise_for_status()
    return token(url, username, PASSWORD)


def schemathesis(url, label, header, args, reports):
    command = [
        SCHEMATHESIS,
        "--config-file",
        CONFIG,
        "run",
        f"{url}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(args.max_examples),
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-dir",
        os.path.join(reports, label),
        "--generation-database",
        "none",
        "--seed",
        str(args.seed),
    ]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    if header:
        command += ["--header", header]
    print(f"\n== schemathesis, {label}", flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--max-time", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--as", dest="who", default="anonymous,user,admin")
    args = parser.parse_args()
    amqp = os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    reports = os.path.join(ROOT, "fuzz", "reports", "postgresql" if args.postgres else "sqlite")
    databases = postgres_databases(SERVICES) if args.postgres else contextlib.nullcontext({})
    failed = []
    with (
        broker_vhost(amqp, prefix="mt-fuzz") as uri,
        databases as urls,
        running_system(uri, urls, "fuzz") as (url, admin_password, log),
    ):
        headers = {
            "anonymous": None,
            "user": f"Authorization: Bearer {a_user(url)}",
            "admin": f"Authorization: Bearer {token(url, 'admin', admin_password)}",
        }
        for label in args.who.split(","):
            if schemathesis(url, label, headers[label], args, reports) != 0:
                failed.append(label)
    print(
        f"\nschemathesis: {'failures as ' + ', '.join(failed) if failed else 'no failure'}"
        f"; reports in {reports}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
