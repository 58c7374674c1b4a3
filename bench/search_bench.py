"""make bench-search: search and autocomplete through the HTTP gateway over 100,000 gigs.

For each backend (SQLite, then PostgreSQL at BENCH_POSTGRES_URL): seeds a fresh
catalog database (`catalog.adapters.seeding`), starts the catalog service, the
gateway and a bare echo service (one `microtache.serve` process each, on the broker
at AMQP_URI), then sends, from 8 concurrent clients (BENCH_CLIENTS), three mixes of
searches (70%: text, filters, sorts) and autocomplete prefixes (30%):

* `fixed`: 10 searches and 12 prefixes, the mix of the first versions of this
  benchmark (every request after the first few a repeat);
* `zipf`: a heavy-headed stream, as real query logs are: queries drawn from
  ~20,000 distinct searches and ~2,500 prefixes with weights 1/rank^BENCH_ZIPF_S
  (1.0); a warm-up of the same stream first, not measured;
* `cold`: every query distinct, never asked before in the run: each one a miss;

then the fixed and the cold mix from one client alone (latency without queueing).
Each mix reports its latencies, its rate, its rate as a ratio of the bare Nameko
RPC rate measured in the same run, just before and just after it (their mean;
`bench/rpc_ceiling.py` against `bench/echo_service.py`, 8 calls in flight), the
catalog's cache hit ratio (read from its /metrics; none before the cache existed)
and the load average before it.
Then the same searches and prefixes are timed as bare database queries in this
process. Writes bench/results/search.json (BENCH_OUTPUT to write elsewhere). Not a
test.

BENCH_PROFILE=<folder>: `py-spy record` the catalog and the gateway during the zipf
and the cold mix (collapsed stacks, `<backend>-<mix>-<process>.txt`).

The machine's load average is recorded before each mix: other processes busy on
the same cores (another benchmark) change every number here.
"""

import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from rpc_ceiling import measure
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

import microtache  # noqa: F401
from microtache.cli import registry
from microtache.clock import utcnow
from microtache.database import driver_url, make_engine
from microtache.migrations import upgrade

from catalog.adapters.gig_search import GigSearch
from catalog.adapters.seeding import COUNTRIES, FOR, LANGUAGES, QUALITIES, VERBS, seed
from catalog.adapters.suggestions import Suggestions
from catalog.contract import SearchSchema, SuggestionsQuerySchema
from catalog.domain.categories import category_tree
from catalog.service_layer import search

GIGS = int(os.environ.get("BENCH_GIGS", 100_000))
SELLERS = GIGS // 5
CLIENTS, REQUESTS = (
    int(os.environ.get("BENCH_CLIENTS", 8)),
    int(os.environ.get("BENCH_REQUESTS", 2000)),
)
ZIPF_S = float(os.environ.get("BENCH_ZIPF_S", 1.0))
ZIPF_WARMUP = int(os.environ.get("BENCH_ZIPF_WARMUP", 2000))
ALONE = int(os.environ.get("BENCH_ALONE", 400))
RPC_SECONDS = float(os.environ.get("BENCH_RPC_SECONDS", 4))
BACKENDS = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
PROFILE = os.environ.get("BENCH_PROFILE")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.environ.get("BENCH_OUTPUT", os.path.join(ROOT, "bench", "results", "search.json"))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP_URI = os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")
SEARCH_PATH, SUGGEST_PATH = "/v1/search/gigs", "/v1/search/suggestions"

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
    if not values:
        return None
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
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# the query streams
def universe(rng):
    """~20,000 distinct searches and ~2,500 distinct prefixes, shuffled: what people
    type (words of the seeded titles), with and without filters and sorts."""
    tree = category_tree().as_list()
    subs = [(c["slug"], s) for c in tree for s in c["subcategories"]]
    names = sorted({s["name"].lower().replace("&", "").replace("  ", " ") for _, s in subs})
    name_words = sorted({w for n in names for w in n.split() if len(w) > 2})
    verbs = [v for v in VERBS if " " not in v]
    qualities = [q for q in QUALITIES if " " not in q]
    fors = [f.split()[-1] for f in FOR]
    texts = set(names) | set(name_words)
    texts |= {f"{q} {w}" for q in qualities for w in name_words}
    texts |= {f"{v} {w}" for v in verbs for w in name_words}
    texts |= {f"{w} {f}" for w in name_words for f in fors}
    texts = sorted(texts)
    filters = [
        {},
        {},
        {},
        {"sort": "price"},
        {"sort": "rating"},
        {"sort": "newest"},
        {"sort": "reviews"},
        {"max_price": "2500"},
        {"max_delivery_days": "3"},
        {"min_price": "1000", "max_price": "10000"},
        {"seller_level": "top_rated"},
        {"seller_level": "level_two"},
        {"online": "true"},
    ]
    filters += [{"country": c} for c in COUNTRIES[:6]]
    filters += [{"language": lang} for lang in LANGUAGES[:5]]
    searches = {json.dumps({"q": t, **f}, sort_keys=True) for t in texts for f in filters[:3]}
    extra = [{"q": t, **rng.choice(filters)} for t in texts for _ in range(3)]
    searches |= {json.dumps(e, sort_keys=True) for e in extra}
    for category, sub in subs:  # browsing
        searches.add(json.dumps({"subcategory": sub["slug"], "sort": "newest"}))
        searches.add(json.dumps({"category": category, "sort": "rating"}))
        searches.add(json.dumps({"subcategory": sub["slug"], "sort": "price"}))
    searches = [json.loads(s) for s in sorted(searches)]
    words = sorted(set(name_words) | set(verbs) | set(qualities) | set(fors))
    prefixes = {w[:n] for w in words for n in range(2, len(w) + 1)}
    prefixes |= {f"{a} {b[:n]}" for a in qualities for b in name_words for n in (1, 2, 3)}
    prefixes = sorted(prefixes)
    rng.shuffle(searches)
    rng.shuffle(prefixes)
    return searches, prefixes


def zipf_jobs(rng, searches, prefixes, count):
    search_weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(searches))]
    prefix_weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(prefixes))]
    jobs = []
    for _ in range(count):
        if rng.random() < 0.7:
            jobs.append(("search", SEARCH_PATH, rng.choices(searches, search_weights)[0]))
        else:
            jobs.append(("suggest", SUGGEST_PATH, {"q": rng.choices(prefixes, prefix_weights)[0]}))
    return jobs


def distinct_jobs(rng, searches, prefixes, count):
    """`count` jobs, each query asked once (taken from the end of each list)."""
    jobs = []
    for _ in range(count):
        if rng.random() < 0.7 and searches:
            jobs.append(("search", SEARCH_PATH, searches.pop()))
        elif prefixes:
            jobs.append(("suggest", SUGGEST_PATH, {"q": prefixes.pop()}))
    return jobs


def fixed_jobs(rng, count):
    return [
        ("search", SEARCH_PATH, rng.choice(SEARCHES))
        if rng.random() < 0.7
        else ("suggest", SUGGEST_PATH, {"q": rng.choice(PREFIXES)})
        for _ in range(count)
    ]


def hammer(base, jobs, clients=CLIENTS):
    latencies = {"search": [], "suggest": []}
    lock = threading.Lock()

    def client(my_jobs):
        session = requests.Session()
        for kind, path, params in my_jobs:
            started = time.perf_counter()
            response = session.get(base + path, params=params, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (params, response.text)
            with lock:
                latencies[kind].append(elapsed)

    threads = [threading.Thread(target=client, args=(jobs[n::clients],)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(jobs) / (time.perf_counter() - started)


# what the catalog process says of its cache
LOOKUP = re.compile(r"^microtache_search_cache_lookups_total\{([^}]*)\} ([0-9.e+]+)$", re.M)


def cache_lookups(metrics_url):
    """{(kind, outcome): count} from the catalog's /metrics; {} without a cache."""
    try:
        body = requests.get(metrics_url, timeout=5).text
    except requests.RequestException:
        return {}
    found = {}
    for labels, value in LOOKUP.findall(body):
        pairs = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        found[(pairs.get("kind"), pairs.get("outcome"))] = float(value)
    return found


def hit_ratios(before, after):
    if not after:
        return {"hit_ratio": None}
    moved = {key: after.get(key, 0) - before.get(key, 0) for key in after}

    def ratio(kinds):
        hits = sum(moved.get((k, "hit"), 0) for k in kinds)
        total = hits + sum(moved.get((k, "miss"), 0) for k in kinds)
        return round(hits / total, 3) if total else None

    return {
        "hit_ratio": ratio(["search", "suggestions"]),
        "search_hit_ratio": ratio(["search"]),
        "autocomplete_hit_ratio": ratio(["suggestions"]),
    }


def profiled(backend, mix, processes):
    """py-spy record each process while a mix runs (BENCH_PROFILE)."""
    if not PROFILE:
        return []
    os.makedirs(PROFILE, exist_ok=True)
    py_spy = os.path.join(os.path.dirname(sys.executable), "py-spy")
    return [
        subprocess.Popen(
            [
                py_spy,
                "record",
                "--pid",
                str(process.pid),
                "--format",
                "raw",
                "--rate",
                "200",
                "--output",
                os.path.join(PROFILE, f"{backend}-{mix}-{name}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, process in processes.items()
        if name in ("catalog", "gateway")
    ]


def stop_profiles(recorders):
    for recorder in recorders:
        recorder.send_signal(signal.SIGINT)
    for recorder in recorders:
        try:
            recorder.wait(timeout=60)
        except subprocess.TimeoutExpired:
            recorder.kill()


def run_mix(backend, name, base, metrics_url, jobs, processes, ceilings, clients=CLIENTS):
    """`ceilings`: the bare RPC rates measured so far; with 8 clients, one more is
    measured right after the mix, and the mix's ratio is to the mean of the one
    just before and that one (this machine's neighbours move it by half in minutes)."""
    load_before = os.getloadavg()[0]
    before = cache_lookups(metrics_url)
    recorders = profiled(backend, name, processes) if clients > 1 and name != "fixed" else []
    try:
        latencies, rate = hammer(base, jobs, clients)
    finally:
        stop_profiles(recorders)
    after = cache_lookups(metrics_url)
    result = {
        "requests": len(jobs),
        "clients": clients,
        "search_p50_ms": round(quantile(latencies["search"], 0.5), 1),
        "search_p95_ms": round(quantile(latencies["search"], 0.95), 1),
        "search_p99_ms": round(quantile(latencies["search"], 0.99), 1),
        "autocomplete_p50_ms": round(quantile(latencies["suggest"], 0.5), 1),
        "autocomplete_p95_ms": round(quantile(latencies["suggest"], 0.95), 1),
        "requests_per_s": round(rate, 1),
        **hit_ratios(before, after),
        "load_average_before": round(load_before, 2),
    }
    if clients > 1:
        ceilings.append(rpc_ceiling()["raw_rpc_per_s"])
        raw_rpc = (ceilings[-2] + ceilings[-1]) / 2
        result["raw_rpc_per_s_around"] = [ceilings[-2], ceilings[-1]]
        result["ratio_to_raw_rpc"] = round(rate / raw_rpc, 3)
    print(name, json.dumps(result), flush=True)
    return result


def rpc_ceiling():
    """The bare Nameko RPC rate on this broker, now (bench/rpc_ceiling.py)."""
    return {**measure(AMQP_URI, CLIENTS, RPC_SECONDS), "load_average_before": None}


class BareUnitOfWork:
    def __init__(self, session):
        self.session = session
        self.suggestions = Suggestions(session)


def bare_queries(url):
    """p50 and p95 of the fixed mix's searches and prefixes as bare database queries
    (no gateway, no RPC, no cache, one at a time): what the catalog's own work costs."""
    engine = make_engine(url)
    searches, suggestions = [], []
    with Session(engine) as session:
        gig_search = GigSearch(session)
        for _ in range(20):
            for params in SEARCHES:
                criteria = SearchSchema().load(params)
                started = time.perf_counter()
                search.search_gigs(BareSearch(session, gig_search), criteria)
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


class BareSearch:
    """What `search.search_gigs` reads of a unit of work."""

    def __init__(self, session, gig_search):
        self.session, self.search, self.now = session, gig_search, utcnow


def run_backend(name, url, folder):
    print(f"== {name}: seeding {GIGS:,} gigs from {SELLERS:,} sellers", flush=True)
    upgrade("catalog.migrations", url)
    engine = make_engine(url)
    seed(engine, GIGS, SELLERS)
    engine.dispose()
    port, metrics_port = free_port(), free_port()
    config = {
        **registry(),
        "AMQP_URI": AMQP_URI,
        "DATABASES": {"catalog": url},
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
        "max_workers": 10,
        "LOGGING": {"version": 1, "root": {"level": "WARNING"}},
    }
    files = {}
    for process, extra in (("catalog", {"METRICS_PORT": metrics_port}), ("other", {})):
        files[process] = os.path.join(folder, f"{name}-{process}.yaml")
        with open(files[process], "w") as f:
            json.dump({**config, **extra}, f)
    processes = {
        "catalog": start(files["catalog"], "catalog.service:CatalogService"),
        "gateway": start(files["other"], "gateway.service:GatewayService"),
        "bench_echo": start(files["other"], "bench.echo_service:BenchEcho"),
    }
    base = f"http://127.0.0.1:{port}"
    metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
    rng = random.Random(1)
    searches, prefixes = universe(random.Random(2))
    cold_searches, cold_prefixes = searches[:4000], prefixes[:1200]  # never in the zipf mix
    searches, prefixes = searches[4000:], prefixes[1200:]
    mixes = {}
    try:
        for _ in range(150):
            try:
                if requests.get(base + SEARCH_PATH, params={"q": "logo"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        ceiling = rpc_ceiling()
        ceilings = [ceiling["raw_rpc_per_s"]]
        print("raw rpc", json.dumps(ceiling), flush=True)
        fixed = fixed_jobs(rng, REQUESTS)
        hammer(base, fixed[:100])  # warm up
        mixes["fixed"] = run_mix(name, "fixed", base, metrics_url, fixed, processes, ceilings)
        hammer(base, zipf_jobs(rng, searches, prefixes, ZIPF_WARMUP))  # the head, warm
        zipf = zipf_jobs(rng, searches, prefixes, REQUESTS)
        mixes["zipf"] = run_mix(name, "zipf", base, metrics_url, zipf, processes, ceilings)
        cold = distinct_jobs(rng, cold_searches, cold_prefixes, REQUESTS)
        mixes["cold"] = run_mix(name, "cold", base, metrics_url, cold, processes, ceilings)
        mixes["fixed_one_client"] = run_mix(
            name, "fixed_one_client", base, metrics_url, fixed[:ALONE], processes, ceilings, 1
        )
        cold_alone = distinct_jobs(rng, cold_searches, cold_prefixes, ALONE)
        mixes["cold_one_client"] = run_mix(
            name, "cold_one_client", base, metrics_url, cold_alone, processes, ceilings, 1
        )
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    result = {
        "mixes": mixes,
        "raw_rpc_per_s": ceilings,  # at the start, then after each mix of 8 clients
        "raw_rpc_p50_ms": ceiling["p50_ms"],
        "raw_rpc_p99_ms": ceiling["p99_ms"],
        **bare_queries(url),
        "gigs": GIGS,
        "clients": CLIENTS,
        "zipf_s": ZIPF_S,
        "zipf_warmup_requests": ZIPF_WARMUP,
        "distinct_searches_and_prefixes": [len(searches), len(prefixes)],
    }
    print(json.dumps(result, indent=2), flush=True)
    return result


def main():
    folder = tempfile.mkdtemp(prefix="mt-search-")
    results = {}
    if "sqlite" in BACKENDS:
        results["sqlite"] = run_backend("sqlite", f"sqlite:///{folder}/catalog.db", folder)
    if "postgresql" in BACKENDS:
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
            admin.dispose()
    results["commit"] = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
