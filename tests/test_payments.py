"""Money through the real system: pay into escrow, complete, clear 14 days later on the
moved clock, withdraw; refunds; concurrent withdrawals and tips never overdraw (P1-P7, T2, T3)."""

import json
import uuid

import pytest
from kombu import Connection
from nameko.standalone.events import event_dispatcher

from microtache.errors import Conflict, PaymentFailed, RuleViolation
from microtache.events import ATTEMPT_HEADER, ERROR_HEADER, dead_letter_queue, handler_queue_name

from tests.support import eventually

DAY = 86400


def usd(amount):
    return {"amount": amount, "currency": "USD"}


@pytest.fixture
def people(api, unique):
    seller, buyer = api.sign_up(unique("seller")), api.sign_up(unique("buyer"))
    for person in (seller, buyer):  # their ledger accounts open on `user_signed_up`
        eventually(lambda p=person: _assert(api.get("/v1/me/balance", as_=p).status_code == 200))
    return seller, buyer


def card(api, person, number="4242424242424242"):
    response = api.post("/v1/me/payment-methods", as_=person, json={"card_number": number})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def pay(rpc, seller, buyer, price, method):
    order_id = str(uuid.uuid4())
    receipt = rpc.payments.pay_for_order(
        {
            "order_id": order_id,
            "buyer_id": buyer.id,
            "seller_id": seller.id,
            "price": usd(price),
            "payment_method_id": method,
        }
    )
    return order_id, receipt


def balance(api, person):
    return {k: v["amount"] for k, v in api.get("/v1/me/balance", as_=person).json().items()}


def test_p2_p3_p6_paid_completed_cleared_after_14_days_then_withdrawn(api, rpc, people, system):
    seller, buyer = people
    order_id, receipt = pay(rpc, seller, buyer, 2500, card(api, buyer))
    assert receipt["fee"] == usd(138 + 300) and receipt["from_card"] == usd(2938)  # 5.5% + $3
    assert (
        rpc.payments.pay_for_order(
            {
                "order_id": order_id,
                "buyer_id": buyer.id,  # P7
                "seller_id": seller.id,
                "price": usd(2500),
                "payment_method_id": None,
            }
        )
        == receipt
    )

    completed = rpc.payments.complete_order(order_id, "level_one")
    assert completed["earnings"] == usd(2000)  # 20% commission
    assert balance(api, seller)["pending_clearance"] == 2000

    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    moved = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 15 * DAY})
    assert moved.status_code == 200, moved.text
    assert balance(api, seller)["available"] == 2000  # cleared by the scheduler (P3)

    withdrawn = api.post(
        "/v1/me/withdrawals",
        as_=seller,
        json={"amount": usd(1500)},
        headers={"Idempotency-Key": f"w-{order_id}"},
    )
    assert withdrawn.status_code == 201, withdrawn.text
    again = api.post(
        "/v1/me/withdrawals",
        as_=seller,
        json={"amount": usd(1500)},
        headers={"Idempotency-Key": f"w-{order_id}"},
    )
    assert again.json() == withdrawn.json()  # the same request books once
    assert balance(api, seller) == {
        "buyer_balance": 0,
        "pending_clearance": 0,
        "available": 500,
        "withdrawn": 1500,
    }

    causes = [t["cause_type"] for t in api.get("/v1/me/transactions", as_=seller).json()["results"]]
    assert {"order_completion", "clearance", "withdrawal"} <= set(causes)
    check = api.get("/v1/admin/ledger/check", as_=admin).json()
    assert check["balanced"] and check["negative_balances"] == []


def test_p4_a_cancelled_order_returns_everything_to_the_buyers_balance(api, rpc, people):
    seller, buyer = people
    order_id, receipt = pay(rpc, seller, buyer, 12000, card(api, buyer))
    assert receipt["total"] == usd(12000 + 660)  # no $3 at $100 and above
    rpc.payments.cancel_order(order_id)
    assert balance(api, buyer)["buyer_balance"] == 12660
    with pytest.raises(Conflict):
        rpc.payments.complete_order(order_id, "new")
    # the balance pays first next time (P2)
    _, second = pay(rpc, seller, buyer, 5000, None)
    assert second["from_balance"] == usd(5000 + 275 + 300) and second["from_card"] == usd(0)


def test_p2_a_declined_card_books_nothing(api, rpc, people):
    seller, buyer = people
    with pytest.raises(PaymentFailed) as refused:
        pay(rpc, seller, buyer, 2500, card(api, buyer, "4000000000000002"))
    assert "declined" in refused.value.message
    assert balance(api, buyer)["buyer_balance"] == 0
    assert api.get("/v1/me/transactions", as_=buyer).json()["results"] == []


def test_p6_simultaneous_withdrawals_never_overdraw(api, rpc, rpc_as, people, system):
    seller, buyer = people
    order_id, _ = pay(rpc, seller, buyer, 10000, card(api, buyer))
    rpc.payments.complete_order(order_id, "top_rated")  # clears in 7 days
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 8 * DAY})
    assert balance(api, seller)["available"] == 8000

    outcomes = []
    with rpc_as({"id": seller.id}) as as_seller:
        calls = [
            as_seller.payments.withdraw.call_async({"amount": usd(5000), "request_id": f"r{n}"})
            for n in range(8)
        ]
        for call in calls:
            try:
                outcomes.append(call.result()["amount"]["amount"])
            except (Conflict, RuleViolation) as refused:
                outcomes.append(type(refused).__name__)
    assert outcomes.count(5000) == 1, outcomes  # one a day, never two
    assert balance(api, seller)["available"] == 3000


def test_t2_t3_simultaneous_tips_from_a_balance_never_overdraw_it(api, rpc, people):
    seller, buyer = people
    refunded, _ = pay(rpc, seller, buyer, 2000, card(api, buyer))
    rpc.payments.cancel_order(refunded)  # the buyer now holds 2000+110+300
    order_id, _ = pay(rpc, seller, buyer, 100000, card(api, buyer))
    rpc.payments.complete_order(order_id, "new")
    before = balance(api, buyer)["buyer_balance"]
    tips = [
        rpc.payments.pay_tip.call_async(
            {
                "tip_id": str(uuid.uuid4()),
                "order_id": order_id,
                "buyer_id": buyer.id,
                "seller_id": seller.id,
                "order_price": usd(100000),
                "amount": usd(1000),
                "payment_method_id": None,
                "seller_level": "new",
            }
        )
        for _ in range(6)
    ]
    paid = 0
    for tip in tips:
        try:
            paid += tip.result()["from_balance"]["amount"]
        except PaymentFailed:
            pass
    assert balance(api, buyer)["buyer_balance"] == before - paid >= 0
    with pytest.raises(RuleViolation):  # T2: at least $5
        rpc.payments.pay_tip(
            {
                "tip_id": str(uuid.uuid4()),
                "order_id": order_id,
                "buyer_id": buyer.id,
                "seller_id": seller.id,
                "order_price": usd(100000),
                "amount": usd(400),
                "payment_method_id": None,
                "seller_level": "new",
            }
        )


def parked(config, queue_name, event_id):
    """The headers of the event `event_id` parked in the queue's dead letters (taken out of
    it), or None."""
    with Connection(config["AMQP_URI"]) as connection:
        queue = dead_letter_queue(queue_name)(connection.default_channel)
        seen = []
        try:
            while (message := queue.get(no_ack=False)) is not None:
                if json.loads(message.body).get("event_id") == event_id:
                    message.ack()
                    return message.headers
                seen.append(message)
        finally:
            for message in seen:
                message.requeue()
    return None


def test_p3_a_malformed_earnings_cleared_is_parked_at_once(system):
    """Issue 14, item 9: a payload payments' schema refuses is a PermanentFailure, parked
    in the dead-letter queue on its first attempt, never retried."""
    event_id = str(uuid.uuid4())
    event_dispatcher(system)(
        "scheduler",
        "earnings_cleared",
        {
            "event_id": event_id,
            "event_type": "earnings_cleared",
            "occurred_at": "2026-01-01T00:00:00+00:00",
            "version": 1,
            "key": "payments:nothing:clearance",
        },
    )  # no order_id, no tip_id
    queue = handler_queue_name("scheduler", "earnings_cleared", "payments", "on_earnings_cleared")
    headers = eventually(lambda: _assert(parked(system, queue, event_id)))
    assert headers[ATTEMPT_HEADER] == 2  # failed once, then parked
    assert "PermanentFailure" in headers[ERROR_HEADER] and "malformed" in headers[ERROR_HEADER]


def _assert(value):
    assert value
    return value
