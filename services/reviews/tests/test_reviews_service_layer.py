"""The service layer on in-memory fakes (fakes.FakeStore): no database, no broker, each
test in milliseconds. The same rules as the entrypoint tests, from the handlers' side."""

import uuid
from datetime import timedelta

import pytest
from reviews_fakes import FakeStore
from reviews_support import BUYER, SELLER, FakeCaller, FakeOrders, FakePayments, order_completed

from microtache.errors import Conflict, PaymentFailed, RuleViolation
from microtache.events import payload_of
from microtache.money import Money

from orders.contract import OrderCompleted
from reviews.service_layer import invitations, moderation, posting, tips, windows

SCORES = {"communication": 5, "service_as_described": 4, "recommend": 3, "text": "Good."}


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def orders(store):
    caller = FakeCaller()
    caller.become(BUYER)
    return FakeOrders(store.clock, caller)


def completion(store, page):
    """orders' `order_completed` as the service loads it (orders.contract)."""
    return payload_of(OrderCompleted(), order_completed(store.clock, page))


def completed(store, orders, **terms):
    """A completed order whose `order_completed` reviews handled."""
    order_id = orders.add(status="completed", **terms)
    store.handle_once(
        completion(store, orders.pages[order_id]), windows.order_completed, "order_completed"
    )
    return order_id


def post(store, orders, who, order_id, data):
    orders.caller.become(who)
    return posting.post_review(store, orders, None, who, order_id, data)


def test_v2_completion_opens_the_window_once_with_its_deadline(store, orders):
    order_id = completed(store, orders)
    store.handle_once(
        completion(store, orders.pages[order_id]), windows.order_completed, "order_completed"
    )
    [asked] = store.uow.of_type("deadline_requested")
    assert (asked["key"], asked["fires"]) == (f"reviews:{order_id}:window", "review_window_ended")
    assert store.uow.invitations.past_client(SELLER["id"], BUYER["id"]).last_order_id == order_id


def test_v4_v6_the_sellers_review_publishes_the_buyers_and_rates_the_seller(store, orders):
    order_id = completed(store, orders)
    review = post(store, orders, BUYER, order_id, SCORES)
    assert review.status == "hidden" and not store.uow.of_type("seller_rating_changed")
    post(store, orders, SELLER, order_id, {"rating": 5, "text": "Thanks"})
    [published] = store.uow.of_type("review_published")
    assert (published["review_id"], published["because"]) == (review.id, "seller_reviewed")
    [rating] = store.uow.of_type("seller_rating_changed")
    assert (rating["rating"], rating["review_count"]) == (4.0, 1)


def test_s3_a_window_deadline_for_another_end_changes_nothing(store, orders):
    order_id = completed(store, orders)
    post(store, orders, BUYER, order_id, SCORES)
    window = store.uow.reviews.window(order_id)
    stale = {
        "event_id": str(uuid.uuid4()),
        "order_id": order_id,
        "ends_at": window.ends_at - timedelta(days=1),
    }
    assert store.handle_once(stale, windows.window_ended, "window_ended") is None
    fired = {**stale, "event_id": str(uuid.uuid4()), "ends_at": window.ends_at}
    assert store.handle_once(fired, windows.window_ended, "window_ended") is window
    assert store.uow.of_type("review_published")[0]["because"] == "window_closed"
    with pytest.raises(Conflict):  # V2: the window is closed
        post(store, orders, SELLER, order_id, {"rating": 5, "text": "Late"})


def test_v7_a_removed_review_leaves_the_rating(store, orders):
    order_id = completed(store, orders)
    review = post(store, orders, BUYER, order_id, SCORES)
    post(store, orders, SELLER, order_id, {"rating": 5, "text": "Thanks"})
    uow = store.uow
    report = moderation.report_review(uow, SELLER, review.id, {"reason": "abuse", "details": None})
    admin = {"id": "admin-1", "role": "admin"}
    resolved = moderation.resolve_report(
        uow, admin, report.id, {"action": "remove_review", "note": None}
    )
    assert (resolved.resolution, resolved.review.status) == ("removed", "removed")
    assert uow.of_type("review_removed")[0]["report_id"] == report.id
    assert uow.of_type("seller_rating_changed")[-1]["rating"] is None


def test_v8_a_withdrawal_frees_the_credit_and_asks_for_the_block_deadline(store, orders):
    completed(store, orders)
    uow = store.uow
    sent = invitations.invite(uow, SELLER, {"client_id": BUYER["id"], "message": None})
    assert sent.credits_left == 19
    withdrawn = invitations.withdraw(uow, SELLER, sent.id)
    assert (withdrawn.status, withdrawn.credits_left) == ("withdrawn", 20)
    assert uow.of_type("deadline_requested")[-1]["fires"] == "invitation_block_ended"
    with pytest.raises(Conflict):  # blocked for 3 weeks
        invitations.invite(uow, SELLER, {"client_id": BUYER["id"], "message": None})


def test_t3_a_refused_payment_forgets_the_pending_tip_and_a_retry_pays(store, orders):
    order_id = completed(store, orders)
    payments = FakePayments(store.clock)
    payments.refuse = PaymentFailed("declined")
    data = {"amount": Money(1000), "message": "", "payment_method_id": None}
    with pytest.raises(PaymentFailed):
        tips.send_tip(store, orders, payments, BUYER, order_id, data, "key")
    assert store.uow.tips.tips == []
    payments.refuse = None
    receipt = tips.send_tip(store, orders, payments, BUYER, order_id, data, "key")
    assert receipt["amount"] == Money(1000) and len(store.uow.of_type("tip_sent")) == 1
    with pytest.raises(RuleViolation):  # T2, before payments is asked
        tips.send_tip(
            store,
            orders,
            payments,
            BUYER,
            completed(store, orders),
            {**data, "amount": Money(400)},
            None,
        )
