"""Seller-added paid extras (O7) paid by the buyer like the order (P2), and settled with
it on completion, cancellation and support cancellation (P3-P5, P7)."""

import pytest
from nameko.testing.services import worker_factory
from test_payments_orders import (
    OK_CARD,
    USD,
    FakeCards,
    acting,
    balances,
    card_of,
    check,
    escrow,
    pay,
    run,
)

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, PaymentFailed

from payments.adapters.cards import DECLINED
from payments.service import PaymentsService
from payments.service_layer import earnings, escrow as paying, payment_methods, settlement


def extra(store, cards, amount, method=None, extra_id="x1", order_id="o1", buyer="b1"):
    return run(
        store,
        paying.pay_for_order_extra,
        cards,
        {
            "extra_id": extra_id,
            "order_id": order_id,
            "buyer_id": buyer,
            "amount": USD(amount),
            "payment_method_id": method,
        },
    )


def test_o7_p2_extra_pays_amount_and_fee_into_the_orders_escrow(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)  # 2938 by card
    receipt = extra(store, cards, 1000, method)  # 1000 + 55 + 300
    assert receipt == {
        "extra_id": "x1",
        "order_id": "o1",
        "price": USD(1000),
        "fee": USD(355),
        "total": USD(1355),
        "from_balance": USD(0),
        "from_card": USD(1355),
    }
    assert cards.charges[-1] == (OK_CARD, USD(1355))
    assert escrow(store, "o1") == 2938 + 1355
    check(store)


def test_o7_p2_extra_from_the_balance_first_then_the_card(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, "o0", 1000, method)
    run(store, settlement.cancel_order, "o0")  # balance 1355
    pay(store, cards, "o1", 10000, method)  # 1355 + 9195 by card
    receipt = extra(store, cards, 10000, method)  # 10550
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(0), USD(10550))
    run(store, settlement.cancel_order, "o1")  # balance 21100
    pay(store, cards, "o2", 2500, None)  # 2938 from balance
    receipt = extra(store, cards, 500, None, extra_id="x2", order_id="o2")  # 500 + 28 + 300
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(828), USD(0))
    assert balances(store, "b1")["buyer_balance"] == 21100 - 2938 - 828
    check(store)


def test_o7_p7_extra_paid_twice_books_once_and_other_terms_conflict(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    first = extra(store, cards, 1000, method)
    assert extra(store, cards, 1000, method) == first
    assert len(cards.charges) == 2 and escrow(store, "o1") == 2938 + 1355
    with pytest.raises(Conflict, match="other terms"):
        extra(store, cards, 2000, method)
    pay(store, cards, "o2", 2500, method)
    with pytest.raises(Conflict, match="other terms"):
        extra(store, cards, 1000, method, order_id="o2")
    assert check(store)["transactions"] == 3
    run(store, settlement.complete_order, "o1", None)
    assert extra(store, cards, 1000, method) == first  # still answers after completion


def test_o7_extra_needs_the_order_paid_and_active(store, cards):
    method = card_of(store, cards, "b1")
    with pytest.raises(NotFound):
        extra(store, cards, 1000, method)
    pay(store, cards, "o1", 2500, method)
    run(store, settlement.complete_order, "o1", None)
    with pytest.raises(Conflict, match="completed"):
        extra(store, cards, 1000, method)
    pay(store, cards, "o2", 2500, method)
    run(store, settlement.cancel_order, "o2")
    with pytest.raises(Conflict, match="cancelled"):
        extra(store, cards, 1000, method, order_id="o2")
    assert not any(amount == USD(1355) for _, amount in cards.charges)


def test_o7_only_the_orders_buyer_pays_its_extras(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    with pytest.raises(Forbidden):
        extra(store, cards, 1000, card_of(store, cards, "b2"), buyer="b2")


def test_o7_p2_declined_card_books_nothing(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    declined = card_of(store, cards, "b1", DECLINED)
    with pytest.raises(PaymentFailed, match="declined"):
        extra(store, cards, 1000, declined)
    run(store, payment_methods.set_default_payment_method, "b1", declined)
    with pytest.raises(PaymentFailed, match="declined"):  # none named: the default (T3)
        extra(store, cards, 1000, None)
    assert escrow(store, "o1") == 2938 and check(store)["transactions"] == 1
    done = run(store, settlement.complete_order, "o1", None)  # the order's price unchanged
    assert done["earnings"] == USD(2000)


def test_o7_p3_completion_pays_the_seller_for_the_extras_too(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    extra(store, cards, 1000, method, "x1")
    extra(store, cards, 500, method, "x2")  # 500 + 28 + 300
    done = run(store, settlement.complete_order, "o1", None)
    assert (done["earnings"], done["commission"], done["fee"]) == (
        USD(3200),
        USD(800),
        USD(438 + 355 + 328),
    )
    assert escrow(store, "o1") == 0
    assert balances(store, "s1")["pending_clearance"] == 3200
    store.handle_once(
        {"event_id": "c", "order_id": "o1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    assert balances(store, "s1")["available"] == 3200
    check(store)


def test_o7_p4_cancellation_refunds_the_extras_too(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    extra(store, cards, 1000, method)
    assert run(store, settlement.cancel_order, "o1")["refunded"] == USD(2938 + 1355)
    assert balances(store, "b1")["buyer_balance"] == 2938 + 1355
    check(store)


def test_o7_p5_support_cancellation_takes_back_the_extras_earnings(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    extra(store, cards, 1000, method)
    run(store, settlement.complete_order, "o1", None)
    result = run(store, settlement.support_cancel_completed_order, "o1")
    assert (result["refunded"], result["clawed_back"]) == (USD(2938 + 1355), USD(2800))
    assert balances(store, "s1")["pending_clearance"] == 0
    assert balances(store, "b1")["buyer_balance"] == 2938 + 1355
    check(store)


def test_o7_p7_paying_for_the_order_again_after_an_extra_answers_the_first_receipt(store, cards):
    method = card_of(store, cards, "b1")
    first = pay(store, cards, price=2500, method=method)
    extra(store, cards, 1000, method)
    assert pay(store, cards, price=2500, method=method) == first


def test_o7_service_pays_an_extra_and_validates(store):
    service = worker_factory(PaymentsService, db=store, cards=FakeCards())
    service.on_user_signed_up(
        {"event_id": "signed-up-b1", "user_id": "b1", "username": "b1", "country": None}
    )
    method = acting(service, {"id": "b1"}).add_payment_method({"card_number": OK_CARD})
    service.pay_for_order(
        {
            "order_id": "o1",
            "buyer_id": "b1",
            "seller_id": "s1",
            "price": {"amount": 2500},
            "payment_method_id": method["id"],
        }
    )
    payment = {
        "extra_id": "x1",
        "order_id": "o1",
        "buyer_id": "b1",
        "amount": {"amount": 1000, "currency": "USD"},
        "payment_method_id": method["id"],
    }
    money = lambda cents: {"amount": cents, "currency": "USD"}  # noqa: E731
    assert service.pay_for_order_extra(payment) == {
        "extra_id": "x1",
        "order_id": "o1",
        "price": money(1000),
        "fee": money(355),
        "total": money(1355),
        "from_balance": money(0),
        "from_card": money(1355),
    }
    with pytest.raises(InvalidInput):
        service.pay_for_order_extra({**payment, "amount": {"amount": 0}})
    with pytest.raises(InvalidInput):
        service.pay_for_order_extra({"extra_id": "x2", "order_id": "o1"})
    assert service.complete_order("o1")["earnings"] == money(2800)
