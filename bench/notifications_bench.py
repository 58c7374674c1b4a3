"""make bench-notifications: how fast the inbox turns events into notifications (N1),
against the raw event rate in the same run, and the lag from event to notification.

Starts the inbox (one `microtache.serve` process, SQLite in a temporary folder, or
PostgreSQL when BENCH_DATABASE=postgresql at BENCH_POSTGRES_URL) on the broker at
AMQP_URI, and in this process a bare Nameko consumer of the same events. Then it
publishes orders' `order_placed` events, as orders' outbox relay does (each tells
its seller: one notification per event):

1. fan-out: BENCH_EVENTS events at once; the raw rate is events / (last received by
   the bare consumer - first published), the fan-out rate notifications stored /
   (last stored - first published);
2. lag: a steady BENCH_RATE events per second (200) for BENCH_SECONDS (20); lag is a
   notification's `created_at` - its event's `occurred_at` (p50, p99; the issue asks
   p99 under 1 s).

Writes bench/results/notifications.json. Not a test: numbers depend on the machine.
"""

from microtache import startup

startup.prepare()  # greened as the services are (microtache.serve)

import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import eventlet  # noqa: E402
from kombu import Connection, Producer  # noqa: E402
from nameko.containers import ServiceContainer  # noqa: E402
from nameko.events import event_handler, get_event_exchange  # noqa: E402
from sqlalchemy import select  # noqa: E402

import microtache  # noqa: E402,F401
from microtache.cli import declare, migrate, registry  # noqa: E402
from microtache.clock import utcnow  # noqa: E402
from microtache.database import make_engine  # noqa: E402
from microtache.envelopes import envelope  # noqa: E402
from microtache.money import Money  # noqa: E402

from inbox.adapters.notifications_orm import notifications  # noqa: E402
from orders.contract import EVENTS as ORDER_EVENTS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AMQP_URI = os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")
EVENTS_AT_ONCE = int(os.environ.get("BENCH_EVENTS", 5000))
RATE = int(os.environ.get("BENCH_RATE", 200))
SECONDS = int(os.environ.get("BENCH_SECONDS", 20))
DATABASE = os.environ.get("BENCH_DATABASE", "sqlite")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RECEIVED = []  # when the bare consumer got each event


class BareConsumer:
    """The raw rate: the same events, handled by doing nothing."""

    name = "bench_bare_consumer"

    @event_handler("orders", "order_placed")
    def on_order_placed(self, event):
        RECEIVED.append(time.time())


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def order_placed(seller_id):
    payload = ORDER_EVENTS.dump(
        "order_placed",
        {
            "order_id": str(uuid.uuid4()),
            "buyer_id": str(uuid.uuid4()),
            "seller_id": seller_id,
            "gig_id": str(uuid.uuid4()),
            "source": {"kind": "gig", "id": str(uuid.uuid4())},
            "price": Money(2500, "USD"),
            "delivery_days": 3,
            "placed_at": utcnow(),
        },
    )
    return envelope("order_placed", payload, utcnow())


@contextlib.contextmanager
def inbox_database(folder):
    if DATABASE != "postgresql":
        yield f"sqlite:///{folder}/inbox.db"
        return
    sys.path.insert(0, ROOT)
    from tests.support import postgres_databases

    os.environ.setdefault("MICROTACHE_TEST_POSTGRES_URL", POSTGRES)
    with postgres_databases(["inbox"]) as urls:
        yield urls["inbox"]


@contextlib.contextmanager
def inbox(folder, url):
    config = {
        **registry(),
        "AMQP_URI": AMQP_URI,
        "DATABASES": {"inbox": url},
        "MICROTACHE_ENV": "development",
        "FILES_DIR": f"{folder}/files",
        # e-mails are queued with each notification (same transaction) but not sent here:
        # this measures notifications; the sender is tested in tests/test_email.py
        "MAIL_POLL_INTERVAL": 3600,
        "max_workers": 10,
        "LOGGING": {"version": 1, "root": {"level": "ERROR"}},
    }
    config_file = os.path.join(folder, "config.json")
    with open(config_file, "w") as out:
        json.dump(config, out)
    migrate(config, ["inbox"])
    declare(config)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "microtache.serve",
            "--config",
            config_file,
            config["SERVICES"]["inbox"],
        ],
        env={**os.environ, "MIGRATE_ON_START": "false", "PYTHONPATH": ROOT},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    bare = ServiceContainer(BareConsumer, {"AMQP_URI": AMQP_URI})
    bare.start()
    try:
        yield config
    finally:
        bare.stop()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def stored(engine):
    with engine.connect() as conn:
        return {
            row.event_id: row.created_at
            for row in conn.execute(select(notifications.c.event_id, notifications.c.created_at))
        }


def wait_for(engine, count, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = stored(engine)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise SystemExit(f"only {len(stored(engine))} of {count} notifications after {timeout} s")


def as_epoch(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def main():
    with (
        tempfile.TemporaryDirectory() as folder,
        inbox_database(folder) as url,
        inbox(folder, url),
        Connection(AMQP_URI) as connection,
    ):
        engine = make_engine(url)
        producer = Producer(
            connection.channel(), exchange=get_event_exchange("orders", {}), serializer="json"
        )
        time.sleep(3)  # the inbox's consumers are up
        publish = lambda event: producer.publish(event, routing_key="order_placed")  # noqa: E731
        seller = str(uuid.uuid4())

        # 1. fan-out, all at once
        batch = [order_placed(seller) for _ in range(EVENTS_AT_ONCE)]
        started = time.time()
        for event in batch:
            publish(event)
        found = wait_for(engine, EVENTS_AT_ONCE)
        last_stored = time.time()
        while len(RECEIVED) < EVENTS_AT_ONCE:
            time.sleep(0.05)
        raw_rate = EVENTS_AT_ONCE / (max(RECEIVED) - started)
        fanout_rate = len(found) / (last_stored - started)

        # 2. lag at a steady rate
        occurred = {}
        begin = time.time()
        for i in range(RATE * SECONDS):
            eventlet.sleep(max(0.0, begin + i / RATE - time.time()))
            event = order_placed(seller)
            occurred[event["event_id"]] = as_epoch(event["occurred_at"])
            publish(event)
        found = wait_for(engine, EVENTS_AT_ONCE + len(occurred))
        lags = [as_epoch(found[event_id]) - at for event_id, at in occurred.items()]
        engine.dispose()

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "database": DATABASE,
        "fan_out": {
            "events": EVENTS_AT_ONCE,
            "raw_events_per_second": round(raw_rate, 1),
            "notifications_per_second": round(fanout_rate, 1),
            "share_of_raw": round(fanout_rate / raw_rate, 3),
        },
        "lag": {
            "rate_per_second": RATE,
            "seconds": SECONDS,
            "p50_ms": round(quantile(lags, 0.5) * 1000, 1),
            "p99_ms": round(quantile(lags, 0.99) * 1000, 1),
            "max_ms": round(max(lags) * 1000, 1),
            "p99_under_1_s": quantile(lags, 0.99) < 1.0,
        },
    }
    print(json.dumps(result, indent=2))
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    suffix = "" if DATABASE == "sqlite" else "-postgresql"
    with open(os.path.join(ROOT, "bench", "results", f"notifications{suffix}.json"), "w") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
