"""make bench-search: search and autocomplete through the HTTP gateway over 100,000 gigs.

For each backend (SQLite, then PostgreSQL at BENCH_POSTGRES_URL): seeds a fresh
catalog database (`catalog.adapters.seeding`), starts the catalog service and
the gateway (one `microtache.serve` process each, on the broker at AMQP_URI),
sends a mix of text + filter + sort searches and autocomplete prefixes from 8
concurrent clients (BENCH_CLIENTS), then from one client alone (latency without
queueing), and times the bare database query of the same searches and prefixes
in this process. Writes bench/results/search.json. Not a test.

The machine's load average is recorded before the run: other processes busy on
the same cores (another benchmark) change every number here.
"""

import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

import microtache  # noqa: F401
from microtache.cli import registry
from microtache.database import driver_url, make_engine
from microtache.migrations import upgrade

from catalog.adapters.repository import Catalog
from catalog.adapters.seeding import seed
from catalog.contract import SearchSchema, SuggestionsQuerySchema
from catalog.service_layer import search

GIGS = int(os.environ.get("BENCH_GIGS", 100_000))
SELLERS = GIGS // 5
CLIENTS, REQUESTS = (
    int(os.environ.get("BENCH_CLIENTS", 8)),
    int(os.environ.get("BENCH_REQUESTS", 2000)),
)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

SEARCHES = [
    {"q": "logo design"},
    {"q": "professional logo", "max_price": "3000", "sort": "price"},
    {"q": "website", "country": "FR", "sort": "rating"},
    {"category": "graphics-design", "sort": "newest"},
    {"q": "video editing", "max_delivery_days": "3"},
    {"q": "seo", "seller_level": "top_rated"},
    {"q": "translation", "language": "fr"},
    {"q": "voice over", "min_price": "1000", "max_price": "10000", "sort": "reviews"},
    {"subcategory": "logo-design", "attributes": "style:minimalist", "sort": "price"},
    {"q": "modern mobile app", "online": "true"},
]
PREFIXES = ["lo", "logo", "web", "webs", "vid", "seo", "tra", "voi", "mob", "data", "ill", "pod"]


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(config_file, path):
    return subprocess.Popen(
        [sys.executable, "-m", "microtache.serve", "--config", config_file, path],
        env={**os.environ, "MIGRATE_ON_START": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def hammer(base, jobs, clients=CLIENTS):
    latencies = {"search": [], "suggest": []}
    lock = threading.Lock()

    def client(my_jobs):
        session = requests.Session()
        for kind, path, params in my_jobs:
            started = time.perf_counter()
            response = session.get(base + path, params=params, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            with lock:
                latencies[kind].append(elapsed)

    threads = [threading.Thread(target=client, args=(jobs[n::clients],)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(jobs) / (time.perf_counter() - started)


class BareUnitOfWork:
    def __init__(self, session):
        self.session = session
        self.catalog = Catalog(session)


def bare_queries(url):
    """p50 and p95 of the same searches and prefixes as bare database queries (no
    gateway, no RPC, one at a time): what the catalog's own work costs."""
    engine = make_engine(url)
    searches, suggestions = [], []
    with Session(engine) as session:
        catalog = Catalog(session)
        for _ in range(20):
            for params in SEARCHES:
                criteria = SearchSchema().load(params)
                started = time.perf_counter()
                catalog.search_gigs(criteria, criteria["limit"], 0)
                searches.append((time.perf_counter() - started) * 1000)
            for prefix in PREFIXES:
                query = SuggestionsQuerySchema().load({"q": prefix})
                started = time.perf_counter()
                search.suggestions(BareUnitOfWork(session), query)
                suggestions.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {
        "bare_query_p50_ms": round(quantile(searches, 0.5), 1),
        "bare_query_p95_ms": round(quantile(searches, 0.95), 1),
        "bare_autocomplete_p95_ms": round(quantile(suggestions, 0.95), 1),
    }


def run_backend(name, url, folder):
    print(f"== {name}: seeding {GIGS:,} gigs from {SELLERS:,} sellers")
    upgrade("catalog.migrations", url)
    engine = make_engine(url)
    seed(engine, GIGS, SELLERS)
    engine.dispose()
    port = free_port()
    config = {
        **registry(),
        "AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/"),
        "DATABASES": {"catalog": url},
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
        "max_workers": 10,
        "LOGGING": {"version": 1, "root": {"level": "WARNING"}},
    }
    config_file = os.path.join(folder, f"{name}.yaml")
    with open(config_file, "w") as f:
        json.dump(config, f)
    processes = [
        start(config_file, "catalog.service:CatalogService"),
        start(config_file, "gateway.service:GatewayService"),
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(base + "/v1/search/gigs", params={"q": "logo"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        rng = random.Random(1)
        jobs = [
            ("search", "/v1/search/gigs", rng.choice(SEARCHES))
            if rng.random() < 0.7
            else ("suggest", "/v1/search/suggestions", {"q": rng.choice(PREFIXES)})
            for _ in range(REQUESTS)
        ]
        hammer(base, jobs[:100])  # warm up
        load_before = os.getloadavg()[0]
        latencies, rate = hammer(base, jobs)
        alone, _ = hammer(base, jobs[:400], clients=1)  # no queueing: the hop and the work
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    result = {
        "search_p50_ms": round(quantile(latencies["search"], 0.5), 1),
        "search_p95_ms": round(quantile(latencies["search"], 0.95), 1),
        "search_p99_ms": round(quantile(latencies["search"], 0.99), 1),
        "autocomplete_p50_ms": round(quantile(latencies["suggest"], 0.5), 1),
        "autocomplete_p95_ms": round(quantile(latencies["suggest"], 0.95), 1),
        "one_client_search_p95_ms": round(quantile(alone["search"], 0.95), 1),
        "one_client_autocomplete_p95_ms": round(quantile(alone["suggest"], 0.95), 1),
        **bare_queries(url),
        "queries_per_s": round(rate, 1),
        "gigs": GIGS,
        "clients": CLIENTS,
        "load_average_before": round(load_before, 2),  # others busy on the machine?
    }
    print(json.dumps(result, indent=2))
    return result


def main():
    folder = tempfile.mkdtemp(prefix="mt-search-")
    results = {"sqlite": run_backend("sqlite", f"sqlite:///{folder}/catalog.db", folder)}
    database = f"mt_bench_catalog_{uuid.uuid4().hex[:6]}"
    admin = create_engine(driver_url(POSTGRES), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        results["postgresql"] = run_backend(
            "postgresql", POSTGRES.rsplit("/", 1)[0] + f"/{database}", folder
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    results["commit"] = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "search.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
