"""Bare Nameko RPC round trips to `bench_echo.echo`, `concurrency` calls in flight at
once, for `seconds`: prints {"raw_rpc_per_s", "p50_ms", "p99_ms"} as JSON. Runs in a
process of its own (eventlet, like a service): `measure()` starts it, for
bench/orders_bench.py and bench/search_bench.py."""

import json
import os
import subprocess
import sys
import time
from collections import deque


def measure(amqp_uri, concurrency, seconds):
    """This file run in a process of its own: what it prints, as a dict."""
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), amqp_uri, str(concurrency), str(seconds)],
        check=True,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(amqp_uri, concurrency, seconds):
    from nameko.standalone.rpc import ClusterRpcProxy

    latencies = []
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as proxy:
        for n in range(200):  # warm up
            proxy.bench_echo.echo(n)
        in_flight = deque()
        started = time.perf_counter()
        stop = started + seconds
        calls = 0
        while True:
            now = time.perf_counter()
            while len(in_flight) < concurrency and now < stop:
                in_flight.append((now, proxy.bench_echo.echo.call_async(calls)))
                calls += 1
            if not in_flight:
                break
            sent, reply = in_flight.popleft()
            reply.result()
            latencies.append((time.perf_counter() - sent) * 1000)
        elapsed = time.perf_counter() - started
    latencies.sort()
    print(
        json.dumps(
            {
                "raw_rpc_per_s": round(len(latencies) / elapsed, 1),
                "p50_ms": round(latencies[len(latencies) // 2], 2),
                "p99_ms": round(latencies[int(len(latencies) * 0.99)], 2),
            }
        )
    )


if __name__ == "__main__":
    import eventlet

    eventlet.monkey_patch()  # before nameko and kombu are imported (in main)
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
