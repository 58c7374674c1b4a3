"""make bench-scheduler: how fast the scheduler fires deadlines, against raw Nameko events.

Starts a scheduler process (`python -m microtache.serve`, SQLite in a temporary
folder unless BENCH_SCHEDULER_DATABASE_URL says otherwise) and, in this process,
a bare consumer that counts what it receives. Then, on the broker at AMQP_URI:

1. raw: a second process publishes N Nameko events with confirms, one by one, as
   the scheduler does; rate = N / (last received - first published);
2. fire: N deadlines spread over 100 s of platform time are put in the
   scheduler's table, and the clock is advanced past them all; rate = N /
   (last received - advance started);
3. lag: deadlines falling due at a steady 500 per second for 10 s, fired in
   real time; lag = platform time at receipt - due time (p50, p99).

Writes bench/results/scheduler.json. Not a test: numbers depend on the machine.
"""

from microtache import startup

startup.prepare()  # greened as the services are (microtache.serve)

import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

from nameko.containers import ServiceContainer  # noqa: E402
from nameko.events import event_handler  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402
from sqlalchemy import insert  # noqa: E402

import microtache  # noqa: E402,F401
from microtache.cli import registry  # noqa: E402
from microtache.clock import utcnow  # noqa: E402
from microtache.database import make_engine  # noqa: E402
from microtache.migrations import upgrade  # noqa: E402

from scheduler.adapters.orm import deadlines  # noqa: E402

N = int(os.environ.get("BENCH_DEADLINES", 100_000))
STEADY_RATE, STEADY_SECONDS = 500, 10
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECEIVED = {"raw": [], "fire": [], "lag": []}


class BenchConsumer:
    """Counts deliveries: the same bare handler for raw events and fired deadlines."""

    name = "bench_consumer"

    @event_handler("bench_source", "bench_raw_happened")
    def on_raw(self, event):
        RECEIVED["raw"].append(time.time())

    @event_handler("scheduler", "bench_fell_due")
    def on_deadline(self, event):
        RECEIVED[event["phase"]].append((time.time(), event["due_at"]))


RAW_PRODUCER = """
import sys, time, microtache
from nameko.amqp.publish import Publisher
from nameko.standalone.events import get_event_exchange
n, uri = int(sys.argv[1]), sys.argv[2]
exchange = get_event_exchange("bench_source", {})
publisher = Publisher(uri, use_confirms=True, serializer="json", declare=[exchange])
print(time.time(), flush=True)
for i in range(n):
    publisher.publish({"n": i}, exchange=exchange, routing_key="bench_raw_happened")
"""


def wait_for(bucket, count, timeout):
    deadline = time.time() + timeout
    while len(RECEIVED[bucket]) < count:
        if time.time() > deadline:
            raise SystemExit(f"{bucket}: {len(RECEIVED[bucket])} of {count} after {timeout}s")
        time.sleep(0.05)


def insert_deadlines(url, phase, dues):
    engine = make_engine(url)
    now = utcnow()
    rows = [
        {
            "key": f"bench:{phase}:{i}",
            "due_at": due,
            "event_type": "bench_fell_due",
            "payload": {"phase": phase},
            "generation": 1,
            "requested_at": now,
        }
        for i, due in enumerate(dues)
    ]
    with engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(deadlines), rows[start : start + 5000])
    engine.dispose()


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    amqp = os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")
    folder = tempfile.mkdtemp(prefix="mt-bench-")
    url = os.environ.get("BENCH_SCHEDULER_DATABASE_URL", f"sqlite:///{folder}/scheduler.db")
    config = {
        **registry(),
        "AMQP_URI": amqp,
        "DATABASES": {"scheduler": url},
        "max_workers": 10,
        "SETTLE_SERVICES": ["scheduler", "bench_consumer"],
        "MICROTACHE_ENV": "development",
        "LOGGING": {"version": 1, "root": {"level": "WARNING"}},
    }
    upgrade("scheduler.migrations", url)
    consumer = ServiceContainer(BenchConsumer, {**config, "max_workers": 50})
    consumer.start()
    config_file = os.path.join(folder, "config.yaml")
    with open(config_file, "w") as f:
        json.dump(config, f)
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "microtache.serve",
            "--config",
            config_file,
            "scheduler.service:SchedulerService",
        ],
        env={**os.environ, "MIGRATE_ON_START": "false"},
    )
    try:
        with ClusterRpcProxy(config, timeout=900) as rpc:
            for _ in range(100):
                try:
                    rpc.scheduler.ping()
                    break
                except Exception:
                    time.sleep(0.2)

            print(f"raw: {N} Nameko events, published one by one with confirms...")
            producer = subprocess.Popen(
                [sys.executable, "-c", RAW_PRODUCER, str(N), amqp],
                stdout=subprocess.PIPE,
                text=True,
            )
            started = float(producer.stdout.readline())
            wait_for("raw", N, 900)
            raw_rate = N / (max(RECEIVED["raw"]) - started)
            producer.wait()
            print(f"  {raw_rate:,.0f} events/s")

            print(f"fire: {N} deadlines over 100 s of platform time, clock advanced past them...")
            base = utcnow() + timedelta(seconds=rpc.scheduler.clock_offset() + 3600)
            insert_deadlines(url, "fire", [base + timedelta(seconds=100 * i / N) for i in range(N)])
            started = time.time()
            rpc.scheduler.advance_clock({"seconds": 3600 + 101})
            wait_for("fire", N, 900)
            fire_rate = N / (max(t for t, _ in RECEIVED["fire"]) - started)
            print(f"  {fire_rate:,.0f} deadlines/s")

            print(
                f"lag: {STEADY_RATE} deadlines due per second for {STEADY_SECONDS} s, real time..."
            )
            offset = rpc.scheduler.clock_offset()
            first = utcnow() + timedelta(seconds=offset + 2)
            count = STEADY_RATE * STEADY_SECONDS
            insert_deadlines(
                url, "lag", [first + timedelta(seconds=i / STEADY_RATE) for i in range(count)]
            )
            wait_for("lag", count, STEADY_SECONDS + 60)
            lags = [(received + offset) - _epoch(due) for received, due in RECEIVED["lag"]]
            metrics = rpc.scheduler.firing_metrics()
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=30)
        consumer.stop()
    result = {
        "fire_rate_per_s": round(fire_rate, 1),
        "raw_event_rate_per_s": round(raw_rate, 1),
        "ratio": round(fire_rate / raw_rate, 3),
        "lag_p50_ms": round(quantile(lags, 0.5) * 1000, 1),
        "lag_p99_ms": round(quantile(lags, 0.99) * 1000, 1),
        "deadlines": N,
        "steady_rate_per_s": STEADY_RATE,
        "scheduler_reported_lag_p99_ms": metrics["lag_p99_ms"],
        "database": url.split(":")[0],
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "scheduler.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


def _epoch(iso):
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()


if __name__ == "__main__":
    main()
