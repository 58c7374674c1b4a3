"""make bench-footprint: the memory of the whole system as `make run` starts it.

Starts `microtache run` (tests.support.running_system: a RabbitMQ vhost of its own,
SQLite in a fresh folder), waits for /ready, lets it settle, then reads every
process's memory from Linux's /proc: RSS, and from /proc/<pid>/smaps_rollup its
PSS (shared pages divided among the processes that share them) and USS (private
pages: what stopping that process would give back). Then places BENCH_ORDERS
(1,000) orders through the gateway (bench/orders_bench.py's buyers and orders),
lets the events settle, and reads them again. Prints a table and writes
bench/results/footprint.json. Not a test.
"""

import asyncio
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # tests.support, below
os.environ.setdefault("BENCH_ORDERS", "1000")

import orders_bench  # noqa: E402  (this folder, bench/, is the script's first path)

from tests.support import broker_vhost, running_system  # noqa: E402

AMQP_URI = os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
SETTLE = float(os.environ.get("BENCH_SETTLE", 5))


def children(pid):
    """Every descendant of `pid` (the supervisor's children run in sessions of their own)."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for task in os.listdir(f"/proc/{parent}/task"):
            try:
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    kids = [int(kid) for kid in f.read().split()]
            except FileNotFoundError:
                continue
            found += kids
            frontier += kids
    return found


def name_of(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        argv = f.read().decode().split("\0")[:-1]
    if "microtache.cli" in argv or "microtache.supervisor" in argv:
        return "supervisor (microtache run)"
    if "microtache.mailcatcher" in argv:
        return "mail catcher"
    last = argv[-1] if argv else "?"
    return last.split(".")[0] if ":" in last else last  # catalog.service:Catalog -> catalog


def memory(pid):
    """RSS, PSS and USS in MiB (smaps_rollup: Linux 4.14 and later)."""
    figures = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
                figures[key] = int(rest.split()[0]) / 1024
    return {
        "rss": round(figures["Rss"], 1),
        "pss": round(figures["Pss"], 1),
        "uss": round(figures["Private_Clean"] + figures["Private_Dirty"], 1),
    }


def supervisor_pid(log_path):
    """The `microtache run` process of this system (once ready, it has become
    `python -m microtache.supervisor`): the one whose environment names its data folder
    (running_system keeps the Popen to itself)."""
    folder = os.path.dirname(log_path)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read().split(b"\0")
        except OSError:
            continue
        if (
            b"microtache.cli" in argv or b"microtache.supervisor" in argv
        ) and f"MICROTACHE_DATA_DIR={folder}".encode() in env:
            return int(entry)
    raise SystemExit("could not find the supervisor's process")


def snapshot(root):
    pids = [root, *children(root)]
    table = {}
    for pid in pids:
        try:
            table[name_of(pid)] = {"pid": pid, **memory(pid)}
        except OSError:
            continue
    total = {
        key: round(sum(row[key] for row in table.values()), 1) for key in ("rss", "pss", "uss")
    }
    return {"processes": table, "total": total}


def show(label, shot):
    print(f"\n== {label}")
    print(f"{'process':<30} {'RSS MiB':>9} {'PSS MiB':>9} {'USS MiB':>9}")
    for name, row in sorted(shot["processes"].items()):
        print(f"{name:<30} {row['rss']:>9.1f} {row['pss']:>9.1f} {row['uss']:>9.1f}")
    total = shot["total"]
    print(f"{'total':<30} {total['rss']:>9.1f} {total['pss']:>9.1f} {total['uss']:>9.1f}")


def main():
    with (
        broker_vhost(AMQP_URI, prefix="mt-footprint") as uri,
        running_system(uri, {}, "footprint") as (url, _admin_password, log_path),
    ):
        root = supervisor_pid(log_path)
        time.sleep(SETTLE)
        idle = snapshot(root)
        show("idle, after start", idle)
        gig_id, buyers = asyncio.run(orders_bench.setup(url))
        started = time.perf_counter()
        latencies, failures, rate = asyncio.run(orders_bench.place_orders(url, gig_id, buyers))
        elapsed = time.perf_counter() - started
        time.sleep(SETTLE)
        loaded = snapshot(root)
        show(f"after {orders_bench.ORDERS} orders ({rate:.0f}/s, {len(failures)} failed)", loaded)
    result = {
        "orders": orders_bench.ORDERS,
        "orders_seconds": round(elapsed, 1),
        "order_failures": len(failures),
        "idle": idle,
        "after_orders": loaded,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "load_average": os.getloadavg(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "footprint.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    if failures:
        print("first failure:", failures[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
