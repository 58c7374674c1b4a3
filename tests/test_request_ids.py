"""One request's id on every line of work it caused (issue 20; microtache.logs): the
gateway's, each service's RPCs and event handlers', the events' own envelope, and the
deadlines it asked for."""

import json
import logging
import uuid

import pytest
from sqlalchemy import create_engine, text

from microtache.database import driver_url
from microtache.logs import RequestIdFilter

from tests.support import eventually, gig_body


class Lines(logging.Handler):
    """The records the system logs meanwhile, with their request id."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.addFilter(RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def of(self, request_id):
        return [r for r in self.records if r.request_id == request_id]


@pytest.fixture
def lines():
    handler, logger = Lines(), logging.getLogger("microtache.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_an_order_placements_id_reaches_every_service_and_event(api, unique, lines, database_urls):
    seller, buyer = api.sign_up(unique("seller")), api.sign_up(unique("buyer"))
    gig = api.post("/v1/gigs", as_=seller, json=gig_body()).json()
    card = api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"})
    request_id = f"checkout-{uuid.uuid4().hex}"

    placed = api.post(
        "/v1/orders",
        as_=buyer,
        headers={"X-Request-Id": request_id},
        json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card.json()["id"]},
    )

    assert placed.status_code == 201, placed.text
    assert placed.headers["X-Request-Id"] == request_id
    order_id = placed.json()["id"]

    # the gateway's route, the RPCs it made, and the handlers of the events they caused
    expect_lines(lines, request_id, [("gateway", "http"), ("orders", "rpc"), ("payments", "rpc")])
    expect_lines(lines, request_id, [("inbox", "event")])  # the seller's notification (N1)

    orders_db = create_engine(driver_url(database_urls["orders"]))
    with orders_db.connect() as conn:
        payloads = [
            json.loads(row.payload)
            for row in conn.execute(text("SELECT payload FROM outbox_messages"))
        ]
    caused = [p for p in payloads if p.get("order_id") == order_id]
    assert caused and all(p["correlation_id"] == request_id for p in caused)

    # the requirements start the clock: the deadlines they ask for keep their request's id
    started_by = f"requirements-{uuid.uuid4().hex}"
    sent = api.post(
        f"/v1/orders/{order_id}/requirements",
        as_=buyer,
        headers={"X-Request-Id": started_by},
        json={"text": "A fox, in green."},
    )
    assert sent.status_code == 200, sent.text
    expect_lines(lines, started_by, [("scheduler", "event")])
    scheduler_db = create_engine(driver_url(database_urls["scheduler"]))
    with scheduler_db.connect() as conn:
        asked = conn.execute(
            text("SELECT request_id FROM deadlines WHERE key LIKE :key"),
            {"key": f"%{order_id}%"},
        ).all()
    assert asked and {row.request_id for row in asked} == {started_by}


def expect_lines(lines, request_id, where):
    """Eventually, a line of each (service, kind) with the request's id."""

    def reached(service, kind):
        found = [r.getMessage() for r in lines.of(request_id)]
        assert any(line.startswith(f"{kind} {service}.") for line in found), (
            f"no {kind} line in {service} for {request_id}: {found}"
        )

    for service, kind in where:
        eventually(lambda s=service, k=kind: reached(s, k))


def test_a_request_without_a_sane_id_gets_a_new_one(api):
    made = api.get("/health")
    assert len(made.headers["X-Request-Id"]) == 32
    for unsafe in ("two words", "x" * 129, "line\tbreak"):
        answered = api.get("/health", headers={"X-Request-Id": unsafe})
        assert answered.headers["X-Request-Id"] != unsafe
    assert api.get("/nowhere").headers["X-Request-Id"]  # a 404 says it too
