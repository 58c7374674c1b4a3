"""Bare Nameko RPC round trips to `bench_echo.echo`, `concurrency` calls in flight at
once, for `seconds`: prints {"raw_rpc_per_s", "p50_ms", "p99_ms"} as JSON.
Run by bench/orders_bench.py in its own process (eventlet, like a service)."""

import eventlet

eventlet.monkey_patch()  # noqa: E402

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import deque  # noqa: E402

from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402


def main(amqp_uri, concurrency, seconds):
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
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
