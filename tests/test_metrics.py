"""Prometheus metrics and the cheap probes (issue 20), on the running system.

Each container's metrics port is opened here on a free port (`Metrics.serve`, what a
process does at start with `METRICS_PORT`); the system of the other tests runs with
none. The gateway's `GET /metrics` is the same text for an admin.
"""

import json
import uuid

import amqp
import pytest
import requests as http
from kombu import Connection
from prometheus_client.parser import text_string_to_metric_families

from microtache import metrics
from microtache.cli import service_class
from microtache.events import dead_letter_queue, handler_queues

from tests.support import SERVICES, eventually, gig_body


@pytest.fixture(scope="module")
def ports(runner):
    return {
        container.service_name: metrics.dependency(container, "metrics").serve(0, "127.0.0.1")
        for container in runner.containers
    }


def scrape(port):
    response = http.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return samples(response.text)


def samples(text):
    """{(name, frozenset(labels)): value} of a Prometheus text exposition."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found, name, **labels):
    wanted = set(labels.items())
    return sum(v for (n, ls), v in found.items() if n == name and wanted <= ls)


def names(found, **labels):
    wanted = set(labels.items())
    return {n for (n, ls) in found if wanted <= ls}


def _assert(condition, message=""):
    assert condition, message


def test_each_service_s_metrics_port_exposes_its_series(ports):
    for service in SERVICES:
        found = scrape(ports[service])
        own = names(found, service=service)
        assert {
            "microtache_outbox_unsent",
            "microtache_outbox_oldest_unsent_age_seconds",
        } <= own, (service, sorted(own))
        assert "process_cpu_seconds_total" in names(found), service
        assert names(found) >= {"microtache_orders_placed_total"}  # every process: 0 or more
        assert not {ls for (n, ls) in found if ("service", service) not in ls} & {
            frozenset({("service", other)}) for other in SERVICES if other != service
        }
        if any(handler_queues({"AMQP_URI": "amqp://"}, service_class(SERVICES[service]))):
            assert "microtache_dead_letters" in own, service
    scheduler = names(scrape(ports["scheduler"]), service="scheduler")
    assert {
        "microtache_scheduler_deadlines_pending",
        "microtache_scheduler_deadlines_overdue",
        "microtache_scheduler_deadlines_fired_total",
    } <= scheduler
    assert http.get(f"http://127.0.0.1:{ports['gateway']}/metrics", timeout=10).status_code == 200


def test_placing_an_order_moves_the_orders_counter_the_money_and_the_latencies(
    api, unique, ports, system
):
    seller, buyer = api.sign_up(unique("seller")), api.sign_up(unique("buyer"))
    gig = api.post("/v1/gigs", as_=seller, json=gig_body(price=2500)).json()
    card = api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"})
    before_orders, before_payments = scrape(ports["orders"]), scrape(ports["payments"])
    before_gateway = scrape(ports["gateway"])

    placed = api.post(
        "/v1/orders",
        as_=buyer,
        json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card.json()["id"]},
    )
    assert placed.status_code == 201, placed.text

    after_orders, after_payments = scrape(ports["orders"]), scrape(ports["payments"])
    after_gateway = scrape(ports["gateway"])
    moved = {
        name: value(after, name, **labels) - value(before, name, **labels)
        for name, labels, before, after in [
            ("microtache_orders_placed_total", {}, before_orders, after_orders),
            (
                "microtache_rpc_duration_seconds_count",
                {"service": "orders", "method": "place_order"},
                before_orders,
                after_orders,
            ),
            (
                "microtache_money_escrowed_minor_units_total",
                {"currency": "USD"},
                before_payments,
                after_payments,
            ),
            (
                "microtache_http_request_duration_seconds_count",
                {"service": "gateway", "route": "place_order"},
                before_gateway,
                after_gateway,
            ),
            (
                "microtache_http_requests_total",
                {"service": "gateway", "route": "place_order", "status": "201"},
                before_gateway,
                after_gateway,
            ),
        ]
    }
    assert moved["microtache_orders_placed_total"] >= 1, moved
    assert moved["microtache_rpc_duration_seconds_count"] >= 1, moved
    assert moved["microtache_money_escrowed_minor_units_total"] >= 2500, moved
    assert moved["microtache_http_request_duration_seconds_count"] >= 1, moved
    assert moved["microtache_http_requests_total"] >= 1, moved

    # the gateway's GET /metrics: the same text, for an admin only
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    assert api.get("/metrics").status_code == 401
    assert api.get("/metrics", as_=buyer).status_code == 403
    answer = api.get("/metrics", as_=admin)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    assert value(samples(answer.text), "microtache_orders_placed_total") >= 1
    assert "/metrics" not in api.get("/openapi.json").json()["paths"]


def test_a_parked_event_shows_in_the_dead_letter_gauge(ports, system):
    queue = next(handler_queues(system, service_class(SERVICES["orders"]))).name
    parked = {"service": "orders", "queue": queue}
    before = value(scrape(ports["orders"]), "microtache_dead_letters", **parked)
    before_outcome = value(
        scrape(ports["orders"]), "microtache_events_handled_total", outcome="parked", queue=queue
    )
    with Connection(system["AMQP_URI"]) as connection:  # malformed: parked at once
        connection.Producer().publish(
            json.dumps({"event_id": str(uuid.uuid4()), "event_type": "nonsense"}),
            exchange="",
            routing_key=queue,
            content_type="application/json",
        )
    try:
        eventually(
            lambda: _assert(
                value(scrape(ports["orders"]), "microtache_dead_letters", **parked) == before + 1
            ),
            timeout=15,
        )
        found = scrape(ports["orders"])
        assert (
            value(found, "microtache_events_handled_total", outcome="parked", queue=queue)
            == before_outcome + 1
        )
    finally:
        with Connection(system["AMQP_URI"]) as connection:
            dead_letter_queue(queue)(connection.default_channel).purge()


@pytest.fixture
def amqp_connects(monkeypatch):
    """How many AMQP connections this process opens meanwhile."""
    opened = []
    connect = amqp.Connection.connect

    def counting(self, *args, **kwargs):
        opened.append(self)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(amqp.Connection, "connect", counting)
    return opened


def test_readyz_answers_from_the_container_s_own_connection_and_opens_none(
    ports, amqp_connects, system, api
):
    assert api.get("/ready").status_code == 200  # its publishers' pool, warmed once
    amqp_connects.clear()
    for service, port in ports.items():
        for _ in range(5):
            ready = http.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
            assert ready.status_code == 200, (service, ready.text)
        assert "broker ok" in ready.text, service
        if service != "gateway":
            assert "database ok" in ready.text, service
        else:
            assert "http ok" in ready.text
        alive = http.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert alive.status_code == 200, service
    ready = api.get("/ready")  # the gateway's own: every service pinged over the bus
    assert ready.status_code == 200 and ready.json()["checks"]["broker"] == "ok", ready.text
    assert amqp_connects == []
    with Connection(system["AMQP_URI"]) as connection:  # the count counts
        connection.connect()
    assert len(amqp_connects) == 1
    assert http.get(f"http://127.0.0.1:{ports['orders']}/nothing", timeout=10).status_code == 404
