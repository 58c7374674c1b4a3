"""make bench-orders: buyers placing orders through the HTTP gateway, against the
machine's own ceiling (a bare Nameko RPC round trip on the same broker).

Starts the six services, the gateway and an echo service (one `microtache.serve`
process each) on fresh databases (SQLite in a temporary folder, or PostgreSQL
when BENCH_DATABASE=postgresql at BENCH_POSTGRES_URL) and the broker at
AMQP_URI; signs up one seller with a gig and BENCH_BUYERS buyers with cards;
then BENCH_CONCURRENCY buyers (asyncio + httpx) place BENCH_ORDERS orders, each
with its own Idempotency-Key. Prints orders/s and p50/p95/p99, then the bare
RPC rate with the same number of calls in flight, the CPU each process spent per order
and the load average, and writes bench/results/orders.json (orders-postgresql.json on
PostgreSQL; BENCH_RESULT names another file). Not a test.

BENCH_PROFILE=<folder>: py-spy records the orders, payments, gateway and inbox processes
during the measured orders (collapsed stacks, <folder>/<name>.txt); their CPU per order
is then inflated by py-spy beside them, so profile and measure in separate runs.
BENCH_LOGS=<folder>: each process's output there (else discarded). An inherited
PYTHONPATH comes after the repository's root: an A/B run may point it at another copy
of a service's package.
"""

import asyncio
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import httpx
from rpc_ceiling import measure

import microtache  # noqa: F401
from microtache.cli import declare, migrate, registry

REGISTRY = registry()
SERVICES, GATEWAY = REGISTRY["SERVICES"], REGISTRY["GATEWAY"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AMQP_URI = os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 16))
ORDERS = int(os.environ.get("BENCH_ORDERS", 2000))
BUYERS = int(os.environ.get("BENCH_BUYERS", 64))
DATABASE = os.environ.get("BENCH_DATABASE", "sqlite")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RPC_SECONDS = float(os.environ.get("BENCH_RPC_SECONDS", 10))
PASSWORD = "bench-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextlib.contextmanager
def databases(folder):
    if DATABASE != "postgresql":
        yield {name: f"sqlite:///{folder}/{name}.db" for name in SERVICES}
        return
    sys.path.insert(0, ROOT)
    from tests.support import postgres_databases

    os.environ.setdefault("MICROTACHE_TEST_POSTGRES_URL", POSTGRES)
    with postgres_databases(list(SERVICES)) as urls:
        yield urls


@contextlib.contextmanager
def system(folder, urls):
    port = free_port()
    config = {
        **REGISTRY,
        "AMQP_URI": AMQP_URI,
        "DATABASES": urls,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
        "MICROTACHE_ENV": "development",
        "MICROTACHE_ADMIN_PASSWORD": "admin",
        "JWT_SECRET": uuid.uuid4().hex,
        "FILES_DIR": f"{folder}/files",
        # the inbox queues each order's e-mails but sends none here (no mail server: it
        # would retry each one, burning the CPU the orders need); bench-notifications
        # and tests/test_email.py measure and test them
        "MAIL_POLL_INTERVAL": 3600,
        "max_workers": 10,
        "LOGGING": {"version": 1, "root": {"level": "WARNING"}},
    }
    config_file = os.path.join(folder, "config.yaml")
    with open(config_file, "w") as f:
        json.dump(config, f)
    migrate(config, SERVICES)
    declare(config)
    # An inherited PYTHONPATH comes after the root (an A/B run may point it at another
    # copy of a service's package).
    path = os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "MIGRATE_ON_START": "false", "PYTHONPATH": path}
    paths = {**SERVICES, "gateway": GATEWAY, "bench_echo": "bench.echo_service:BenchEcho"}
    logs = os.environ.get("BENCH_LOGS")  # a folder: each process's output there
    if logs:
        os.makedirs(logs, exist_ok=True)

    def output(name):
        return open(os.path.join(logs, f"{name}.log"), "w") if logs else subprocess.DEVNULL

    processes = {
        name: subprocess.Popen(
            [sys.executable, "-m", "microtache.serve", "--config", config_file, path],
            env=env,
            cwd=ROOT,
            stdout=output(name),
            stderr=subprocess.STDOUT,
        )
        for name, path in paths.items()
    }
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/ready", timeout=5).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit("the system did not become ready")
        yield base, processes
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # busy still: the error that matters is above
                process.kill()
                process.wait()


async def sign_up(client, name):
    response = await client.post(
        "/v1/auth/signup",
        json={"username": name, "email": f"{name}@bench.example", "password": PASSWORD},
    )
    response.raise_for_status()
    token = await client.post("/v1/auth/token", json={"username": name, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def buyer_with_card(client, name):
    headers = await sign_up(client, name)
    for _ in range(200):  # the ledger accounts open on `user_signed_up`
        if (await client.get("/v1/me/balance", headers=headers)).status_code == 200:
            break
        await asyncio.sleep(0.05)
    card = await client.post(
        "/v1/me/payment-methods", headers=headers, json={"card_number": "4242424242424242"}
    )
    card.raise_for_status()
    return headers, card.json()["id"]


async def setup(base):
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        seller = await sign_up(client, f"seller{uuid.uuid4().hex[:8]}")
        gig = await client.post(
            "/v1/gigs",
            headers=seller,
            json={
                "title": "I will design a minimalist logo for your brand",
                "description": "Clean, modern vector logos for startups and small businesses.",
                "category": "graphics-design",
                "subcategory": "logo-design",
                "packages": [
                    {
                        "tier": "basic",
                        "price": {"amount": 2500, "currency": "USD"},
                        "delivery_days": 3,
                        "revisions": 1,
                    }
                ],
            },
        )
        gig.raise_for_status()
        buyers = await asyncio.gather(
            *[buyer_with_card(client, f"buyer{uuid.uuid4().hex[:8]}") for _ in range(BUYERS)]
        )
        return gig.json()["id"], buyers


async def place_orders(base, gig_id, buyers):
    latencies, failures = [], []
    queue = asyncio.Queue()
    for n in range(ORDERS):
        queue.put_nowait(buyers[n % len(buyers)])

    async def buyer(client):
        while not queue.empty():
            headers, card = queue.get_nowait()
            started = time.perf_counter()
            response = await client.post(
                "/v1/orders",
                json={"gig_id": gig_id, "package": "basic", "payment_method_id": card},
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 201:
                failures.append(response.text)

    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*[buyer(client) for _ in range(CONCURRENCY)])
        elapsed = time.perf_counter() - started
    return latencies, failures, ORDERS / elapsed


@contextlib.contextmanager
def profiles(processes):
    """With BENCH_PROFILE=<folder>: `py-spy record` on the orders, payments, gateway and
    inbox processes meanwhile, as collapsed stacks (<folder>/<name>.txt, one line a stack and
    its samples) for reading where each process's CPU goes."""
    folder = os.environ.get("BENCH_PROFILE")
    if not folder:
        yield
        return
    os.makedirs(folder, exist_ok=True)
    spy = os.path.join(os.path.dirname(sys.executable), "py-spy")
    recorders = [
        subprocess.Popen(
            [spy, "record", "--format", "raw", "--rate", "200", "--nonblocking"]
            + ["-o", os.path.join(folder, f"{name}.txt"), "--pid", str(processes[name].pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("orders", "payments", "gateway", "inbox")
    ]
    try:
        yield
    finally:
        for recorder in recorders:
            recorder.send_signal(signal.SIGINT)
        for recorder in recorders:
            recorder.wait(timeout=60)


def alive(processes):
    """Stop at once if a process of the system is gone (its numbers would be wrong)."""
    gone = {name: p.returncode for name, p in processes.items() if p.poll() is not None}
    if gone:
        raise SystemExit(f"processes of the system ended: {gone}")


def cpu_seconds(pid):
    """User + system CPU time of a process (Linux /proc), to see where the time goes."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_process(processes):
    return {name: cpu_seconds(process.pid) for name, process in processes.items()}


def rpc_ceiling():
    return measure(AMQP_URI, CONCURRENCY, RPC_SECONDS)


def commit():
    with contextlib.suppress(Exception):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()


def main():
    with (
        tempfile.TemporaryDirectory() as folder,
        databases(folder) as urls,
        system(folder, urls) as (base, processes),
    ):
        print(f"== {DATABASE}: {BUYERS} buyers, {ORDERS} orders, {CONCURRENCY} in flight")
        gig_id, buyers = asyncio.run(asyncio.wait_for(setup(base), 300))
        alive(processes)
        asyncio.run(asyncio.wait_for(place_orders(base, gig_id, buyers[:4]), 600))  # warm up
        alive(processes)
        time.sleep(2)  # let the warm-up's events settle
        load_before = os.getloadavg()
        before = cpu_by_process(processes)
        with profiles(processes):
            latencies, failures, rate = asyncio.run(
                asyncio.wait_for(place_orders(base, gig_id, buyers), 600)
            )
        time.sleep(2)  # and the run's (order_placed etc.)
        after = cpu_by_process(processes)
        alive(processes)
        load_after = os.getloadavg()
        ceiling = rpc_ceiling()
    cpu_ms = {
        name: round((after[name] - before[name]) * 1000 / ORDERS, 2)
        for name in after
        if after[name] - before[name] > 0
    }
    result = {
        "database": DATABASE,
        "concurrency": CONCURRENCY,
        "orders": ORDERS,
        "orders_per_s": round(rate, 1),
        "raw_rpc_per_s": ceiling["raw_rpc_per_s"],
        "ratio_to_raw_rpc": round(rate / ceiling["raw_rpc_per_s"], 3),
        "p50_ms": round(quantile(latencies, 0.5), 1),
        "p95_ms": round(quantile(latencies, 0.95), 1),
        "p99_ms": round(quantile(latencies, 0.99), 1),
        "failures": len(failures),
        "raw_rpc_p50_ms": ceiling["p50_ms"],
        "raw_rpc_p99_ms": ceiling["p99_ms"],
        "cpu_ms_per_order": dict(sorted(cpu_ms.items(), key=lambda item: -item[1])),
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after],
        },
        "commit": commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    print(json.dumps(result, indent=2))
    if failures:
        print("first failure:", failures[0])
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    name = "orders.json" if DATABASE == "sqlite" else f"orders-{DATABASE}.json"
    with open(
        os.path.join(ROOT, "bench", "results", os.environ.get("BENCH_RESULT", name)), "w"
    ) as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
