"""The marketplace through faults an operator meets (issue 14), measured.

One system of OS processes (tests/fault_system.py) on a RabbitMQ node of its
own (tests/broker_node.py) and PostgreSQL databases of its own, with two
replicas of orders and of payments:

* the broker restarts (10 s down) while buyers place orders: no process exits,
  no answer is a 500 or slower than the RPC timeout, every Idempotency-Key the
  buyers used has exactly one order, and the ledger balances;
* the payments database refuses connections for 90 s (longer than the whole
  retry schedule) while an order completes: the API answers 503 with
  Retry-After meanwhile, and the seller's earnings arrive by themselves soon
  after the database is back, from no operator's replay.

The figures (requests refused during the outage, time to recover) are printed,
and written to bench/results/faults.json by `make bench-faults`;
docs/operations.md quotes them.
"""

import json
import os
import threading
import time
import uuid

import pytest
import requests

from tests.broker_node import rabbit_node
from tests.fault_system import DatabaseOutage, FaultSystem
from tests.support import SERVICES, Api, eventually, free_port, postgres_databases
from tests.test_orders import Market

RPC_TIMEOUT = 4.0
RETRY_DELAYS = [0.5, 2, 10]  # the schedule's last delay: how often an outage is retried
BROKER_DOWN_SECONDS = 10
DATABASE_DOWN_SECONDS = 90
BUYERS = 4
# The gateway gives up after RPC_TIMEOUT; the margin is the HTTP round trip on a 2-core
# CI machine that also runs two other test workers. What this guards against took 12
# to 15 s: a process frozen by an ungreened sleep, retries outside the deadline.
SLOWEST_ALLOWED = RPC_TIMEOUT + 5.0
# `make bench-faults` sets this to bench/results/faults.json; `make test` only prints them
RESULTS = os.environ.get("MICROTACHE_FAULT_FIGURES")

# The system runs on PostgreSQL whatever the suite's database: run once, in `make test`.
pytestmark = pytest.mark.skipif(
    os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql",
    reason="runs its own PostgreSQL system, once, in `make test`",
)


@pytest.fixture(scope="module")
def figures():
    found = {}
    yield found
    if not RESULTS:
        return
    if os.path.exists(RESULTS):  # a run of one test keeps the other's figures
        with open(RESULTS) as f:
            found = {**json.load(f), **found}
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        json.dump(found, f, indent=2, sort_keys=True)


@pytest.fixture(scope="module")
def node():
    with rabbit_node() as node:
        yield node


@pytest.fixture(scope="module")
def system(node, tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    with postgres_databases(list(SERVICES)) as urls:
        system = FaultSystem(
            folder,
            node.uri,
            urls,
            free_port(),
            replicas={"orders": 2, "payments": 2},
            RPC_TIMEOUT=RPC_TIMEOUT,
            EVENT_RETRY_DELAYS=RETRY_DELAYS,
            OUTBOX_POLL_INTERVAL=0.5,
            PRESENCE_EVERY_SECONDS=1,
        )  # presence publishes during the outage too
        try:
            yield system.start()
        finally:
            system.stop()


@pytest.fixture(scope="module")
def market(system):
    api = Api(system.url)
    return Market(
        api,
        lambda prefix: f"{prefix}{uuid.uuid4().hex[:10]}",
        {"MICROTACHE_ADMIN_PASSWORD": system.admin_password},
    )


class Buyer(threading.Thread):
    """Places orders one Idempotency-Key after another, retrying each key until it
    is accepted, as a client that honours 503 and Retry-After does."""

    def __init__(self, market, stop):
        super().__init__(daemon=True)
        self.api = Api(market.api.base_url)
        self.person = self.api.sign_up(f"buyer{uuid.uuid4().hex[:10]}")
        eventually(
            lambda: _assert(self.api.get("/v1/me/balance", as_=self.person).status_code == 200)
        )
        self.card = self.api.post(
            "/v1/me/payment-methods", as_=self.person, json={"card_number": "4242424242424242"}
        ).json()["id"]
        self.gig = market.gig["id"]
        self.stop = stop
        self.answers = []  # (time sent, seconds taken, status)
        self.orders = {}  # Idempotency-Key -> order id

    def run(self):
        while not self.stop.is_set():
            key = uuid.uuid4().hex
            give_up = time.monotonic() + 90
            while key not in self.orders and time.monotonic() < give_up:
                self.orders.update(self.attempt(key))

    def attempt(self, key):
        sent = time.monotonic()
        try:
            response = self.api.post(
                "/v1/orders",
                as_=self.person,
                headers={"Idempotency-Key": key},
                json={"gig_id": self.gig, "package": "basic", "payment_method_id": self.card},
            )
        except requests.RequestException as exc:
            self.answers.append((sent, time.monotonic() - sent, exc.__class__.__name__))
            time.sleep(0.5)
            return {}
        self.answers.append((sent, time.monotonic() - sent, response.status_code))
        if response.status_code in (200, 201):
            return {key: response.json()["id"]}
        if response.status_code == 503:
            assert response.headers.get("Retry-After"), response.text
            time.sleep(0.5)  # sooner than Retry-After: the test wants to see recovery
        return {}

    def orders_listed(self):
        ids, cursor = [], None
        while True:
            query = {"role": "buyer", "limit": 100, **({"cursor": cursor} if cursor else {})}
            page = self.api.get("/v1/orders", as_=self.person, params=query).json()
            ids += [order["id"] for order in page["results"]]
            cursor = page.get("next_cursor")
            if not cursor:
                return ids


def _assert(condition):
    assert condition


def test_a_broker_restart_under_load_loses_no_process_and_no_order(system, node, market, figures):
    stop = threading.Event()
    buyers = [Buyer(market, stop) for _ in range(BUYERS)]
    for buyer in buyers:
        buyer.start()
    time.sleep(3)  # load before the fault
    down_at = time.monotonic()
    node.stop_app()
    time.sleep(BROKER_DOWN_SECONDS)
    node.start_app()
    up_at = time.monotonic()
    time.sleep(8)  # load after it
    stop.set()
    for buyer in buyers:
        buyer.join(120)
    assert not any(buyer.is_alive() for buyer in buyers)

    assert system.exited() == {}, "a process exited: " + ", ".join(system.exited())
    answers = [answer for buyer in buyers for answer in buyer.answers]
    statuses = {status for _, _, status in answers}
    assert 500 not in statuses, [a for a in answers if a[2] == 500]
    slowest = max(taken for _, taken, _ in answers)
    assert slowest <= SLOWEST_ALLOWED, [
        (round(sent - down_at, 1), round(taken, 1), status)
        for sent, taken, status in answers
        if taken > SLOWEST_ALLOWED
    ]
    for buyer in buyers:
        listed = buyer.orders_listed()
        assert len(listed) == len(set(listed))
        assert set(listed) == set(buyer.orders.values()), "an order no key accounts for"
        assert len(set(buyer.orders.values())) == len(buyer.orders)
    check = market.api.get("/v1/admin/ledger/check", as_=market.admin).json()
    assert check["balanced"] and check["negative_balances"] == [], check

    refused = [a for a in answers if a[2] not in (200, 201)]
    recovered = min(
        (sent for sent, _, status in answers if sent > up_at and status in (200, 201)), default=None
    )
    figures["broker_restart"] = {
        "broker_down_seconds": BROKER_DOWN_SECONDS,
        "orders_placed": sum(len(buyer.orders) for buyer in buyers),
        "requests": len(answers),
        "requests_refused": len(refused),
        "refused_by_status": {
            str(s): sum(1 for a in refused if a[2] == s) for s in {a[2] for a in refused}
        },
        "slowest_answer_seconds": round(slowest, 2),
        "first_order_after_broker_back_seconds": None
        if recovered is None
        else round(recovered - up_at, 2),
    }
    print(json.dumps(figures["broker_restart"], indent=2))
    assert recovered is not None and recovered - up_at < 30


def test_a_90s_database_outage_delays_earnings_and_loses_none(system, market, figures):
    order = market.delivered()
    seller_before = market.balance(market.seller)
    outage = DatabaseOutage(system.database_urls["payments"])
    outage.begin()
    try:
        completed = market.post(order, "/acceptance", market.buyer)  # orders' own database
        assert completed["status"] == "completed"
        answer = market.api.get("/v1/me/balance", as_=market.seller)  # payments' database
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "service_unavailable"
        assert int(answer.headers["Retry-After"]) > 0
        time.sleep(DATABASE_DOWN_SECONDS)
    finally:
        outage.end()
    back_at = time.monotonic()

    def earnings_arrived():
        balance = market.balance(market.seller)
        assert balance["pending_clearance"] > seller_before["pending_clearance"], balance

    eventually(earnings_arrived, timeout=60, interval=0.5)
    arrived_after = time.monotonic() - back_at
    assert system.exited() == {}
    figures["database_outage"] = {
        "database_down_seconds": DATABASE_DOWN_SECONDS,
        "retry_delays": RETRY_DELAYS,
        "earnings_arrived_after_return_seconds": round(arrived_after, 2),
    }
    print(json.dumps(figures["database_outage"], indent=2))
    assert arrived_after < 60
