"""Tips (T1-T3): the buyer of a completed order, within 7 days, within T2's bounds; paid by
payments (balance first, then the card, T3) once; the message goes to the seller."""

import pytest
from reviews_support import (
    BUYER,
    SELLER,
    advance,
    as_,
    completed_order,
    make_service,
    published,
    usd,
)

from microtache.errors import Conflict, Forbidden, PaymentFailed, RuleViolation, ServiceUnavailable
from microtache.money import Money

from reviews.domain.tips import suggestions


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files")


def tip(amount=1000, message="Thank you!", **body):
    return {"amount": usd(amount), "message": message, **body}


def test_t1_only_the_buyer_of_a_completed_order_tips(service):
    delivered = service.orders.add(status="delivered")
    with pytest.raises(Conflict):
        as_(service, BUYER).send_tip(delivered, tip())
    order_id = completed_order(service)
    with pytest.raises(Forbidden):
        as_(service, SELLER).send_tip(order_id, tip())
    receipt = as_(service, BUYER).send_tip(order_id, tip(payment_method_id="card-1"))
    assert receipt["amount"] == usd(1000) and receipt["message_posted"]
    paid = service.payments.calls[-1]
    assert (paid["order_price"], paid["payment_method_id"], paid["seller_id"]) == (
        usd(2500),
        "card-1",
        SELLER["id"],
    )  # T3: payments takes it
    assert service.orders.messages == [(BUYER["id"], order_id, "Tip of $10.00: Thank you!")]
    sent = published(service, "tip_sent")
    assert [(e["tip_id"], e["amount"], e["message"]) for e in sent] == [
        (receipt["tip_id"], usd(1000), "Thank you!")
    ]


def test_t1_tips_close_7_days_after_completion(service):
    on_time, late = completed_order(service), completed_order(service)
    advance(service, 6.9)
    as_(service, BUYER).send_tip(on_time, tip())
    advance(service, 0.2)
    with pytest.raises(Conflict) as refused:
        as_(service, BUYER).send_tip(late, tip())
    assert "7 days" in refused.value.message
    assert not as_(service, BUYER).get_tip_options(late)["can_tip"]


def test_t1_three_suggested_amounts_from_the_price_within_the_bounds(service):
    order_id = completed_order(service, price=10_000)
    options = as_(service, BUYER).get_tip_options(order_id)
    assert [a["amount"] for a in options["suggested_amounts"]] == [1000, 1500, 2000]
    assert (options["minimum"], options["maximum"], options["can_tip"]) == (
        usd(500),
        usd(10_000),
        True,
    )
    for price in (500, 1000, 2400, 2500, 3000, 9999, 100_000):
        amounts = [m.amount for m in suggestions(Money(price))]
        assert len(set(amounts)) == 3 and amounts == sorted(amounts), price
        assert all(500 <= a <= max(price, 2500) for a in amounts), price


def test_t2_a_tip_is_at_least_5_dollars_and_at_most_the_cap(service):
    small, large = completed_order(service, price=1000), completed_order(service, price=4000)
    for order_id, amount in ((small, 400), (small, 2501), (large, 4001)):
        with pytest.raises(RuleViolation):
            as_(service, BUYER).send_tip(order_id, tip(amount))
    assert service.payments.calls == []
    assert as_(service, BUYER).send_tip(small, tip(2500))["amount"] == usd(2500)
    assert as_(service, BUYER).send_tip(large, tip(4000))["amount"] == usd(4000)


def test_t1_an_order_is_tipped_once_and_a_retry_pays_once(service):
    order_id = completed_order(service)
    first = as_(service, BUYER).send_tip(order_id, tip(), "key-1")
    again = as_(service, BUYER).send_tip(order_id, tip(), "key-1")
    assert again["tip_id"] == first["tip_id"] and len(service.payments.paid) == 1
    assert len(service.orders.messages) == 1
    with pytest.raises(Conflict):
        as_(service, BUYER).send_tip(order_id, tip(), "key-2")
    assert as_(service, BUYER).get_tip_options(order_id)["tip"]["tip_id"] == first["tip_id"]


def test_t3_a_refused_payment_leaves_no_tip(service):
    order_id = completed_order(service)
    service.payments.refuse = PaymentFailed("declined")
    with pytest.raises(PaymentFailed):
        as_(service, BUYER).send_tip(order_id, tip())
    service.payments.refuse = None
    assert as_(service, BUYER).send_tip(order_id, tip(1500))["amount"] == usd(1500)


def test_t3_a_payment_that_did_not_answer_is_finished_by_the_next_request(service):
    order_id = completed_order(service)
    service.payments.refuse = ServiceUnavailable("timeout")
    with pytest.raises(ServiceUnavailable):
        as_(service, BUYER).send_tip(order_id, tip())
    service.payments.refuse = None
    with pytest.raises(Conflict):
        as_(service, BUYER).send_tip(order_id, tip(2000))  # another amount: not this tip
    receipt = as_(service, BUYER).send_tip(order_id, tip())  # the same one, resumed
    assert {c["tip_id"] for c in service.payments.calls} == {receipt["tip_id"]}


def test_t1_the_message_waits_when_orders_does_not_answer(service):
    order_id = completed_order(service)
    service.orders.post_message = lambda *a: (_ for _ in ()).throw(ServiceUnavailable("busy"))
    assert not as_(service, BUYER).send_tip(order_id, tip(), "k")["message_posted"]
    del service.orders.post_message
    assert as_(service, BUYER).send_tip(order_id, tip(), "k")["message_posted"]
