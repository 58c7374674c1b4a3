"""Payments following orders and catalog through their events (P3-P5, P7): completion at
the seller's kept level, refunds on cancellation, each once however often an event comes;
and the facts payments publishes (`earnings_pending`, `earnings_available`,
`earnings_reversed`, `order_refunded`)."""

import json
from datetime import datetime, timedelta

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select
from test_payments_orders import (
    USD,
    FakeCards,
    acting,
    balances,
    card_of,
    check,
    escrow,
    outbox,
    pay,
    run,
)

from microtache.events import PermanentFailure, retry_delay

from payments.adapters.orm import metadata
from payments.service import PaymentsService
from payments.service_layer import accounts, earnings, settlement


def published(store, event_type):
    return [json.loads(payload) for kind, payload in outbox(store) if kind == event_type]


def completed(event_id="oc-1", order_id="o1", **extra):
    return {
        "event_id": event_id,
        "event_type": "order_completed",
        "order_id": order_id,
        "buyer_id": "b1",
        "seller_id": "s1",
        "gig_id": "g1",
        "price": USD(2500).to_dict(),
        "completed_at": "2026-01-01T00:00:00+00:00",
        "delivered_on_time": True,
        "status": "completed",
        "previous_status": "delivered",
        "action": "accept",
        "actor": "buyer",
        **extra,
    }


def cancelled(event_id="ca-1", order_id="o1", reason="very_late", by="buyer"):
    return {
        "event_id": event_id,
        "event_type": "order_cancelled",
        "order_id": order_id,
        "buyer_id": "b1",
        "seller_id": "s1",
        "price": USD(2500).to_dict(),
        "cancelled_at": "2026-01-01T00:00:00+00:00",
        "reason": reason,
        "by": by,
        "gig_id": "g1",
        "status": "cancelled",
        "previous_status": "in_progress",
        "action": "cancel",
        "actor": by,
    }


def level_changed(event_id, level, occurred_at, user_id="s1"):
    return {
        "event_id": event_id,
        "event_type": "seller_level_changed",
        "user_id": user_id,
        "level": level,
        "previous_level": "new",
        "occurred_at": occurred_at.isoformat(),
    }


def change_level(store, *args, **kwargs):
    """catalog's `seller_level_changed`, through the service's entrypoint (loaded by its schema)."""
    worker_factory(PaymentsService, db=store).on_seller_level_changed(
        level_changed(*args, **kwargs)
    )


def completion_count(store):
    return sum(1 for kind, _ in outbox(store) if kind == "earnings_pending")


# --- order_completed --------------------------------------------------------------------


def test_p3_p7_order_completed_books_once_however_often_it_comes(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    store.handle_once(
        completed(), settlement.order_completed, consumer="settlement.order_completed"
    )
    store.handle_once(
        completed(), settlement.order_completed, consumer="settlement.order_completed"
    )  # redelivered
    store.handle_once(
        completed(event_id="oc-2"),
        settlement.order_completed,
        consumer="settlement.order_completed",
    )  # sent twice
    assert balances(store, "s1")["pending_clearance"] == 2000
    assert escrow(store, "o1") == 0
    assert check(store)["transactions"] == 2  # payment, completion
    [fact] = published(store, "earnings_pending")
    assert fact["order_id"] == "o1" and "tip_id" not in fact
    assert (fact["seller_id"], fact["buyer_id"], fact["earnings"]) == (
        "s1",
        "b1",
        {"amount": 2000, "currency": "USD"},
    )
    completed_at = datetime.fromisoformat(fact["completed_at"])
    assert datetime.fromisoformat(fact["clears_at"]) - completed_at == timedelta(days=14)


def test_p3_unknown_seller_clears_at_the_default_level_and_top_rated_in_seven_days(
    store, cards, clock
):
    method = card_of(store, cards, "b1")
    pay(store, cards, "o1", 2500, method)
    pay(store, cards, "o2", 2500, method, seller="s2")
    change_level(store, "lv-1", "top_rated", clock.now())
    store.handle_once(
        completed(order_id="o1"), settlement.order_completed, consumer="settlement.order_completed"
    )
    store.handle_once(
        completed(event_id="oc-2", order_id="o2", seller_id="s2"),
        settlement.order_completed,
        consumer="settlement.order_completed",
    )
    periods = {
        f["order_id"]: datetime.fromisoformat(f["clears_at"])
        - datetime.fromisoformat(f["completed_at"])
        for f in published(store, "earnings_pending")
    }
    assert periods == {"o1": timedelta(days=7), "o2": timedelta(days=14)}


def test_p3_an_older_level_change_never_overrides_a_newer_one(store, clock):
    now = clock.now()
    change_level(store, "lv-2", "top_rated", now)
    change_level(store, "lv-1", "level_two", now - timedelta(hours=1))  # late
    assert run(store, accounts.seller_level_of, "s1") == "top_rated"
    change_level(store, "lv-3", "level_two", now + timedelta(hours=1))
    assert run(store, accounts.seller_level_of, "s1") == "level_two"
    assert run(store, accounts.seller_level_of, "nobody") == "new"


def test_p3_the_rpcs_seller_level_wins_over_the_kept_one(store, cards, clock):
    method = card_of(store, cards, "b1")
    pay(store, cards, "o1", 2500, method)
    pay(store, cards, "o2", 2500, method)
    change_level(store, "lv-1", "pro", clock.now())
    given = run(store, settlement.complete_order, "o1", "level_one")
    kept = run(store, settlement.complete_order, "o2", None)
    assert given["clears_at"] - given["completed_at"] == timedelta(days=14)
    assert kept["clears_at"] - kept["completed_at"] == timedelta(days=7)
    # the RPC then the event: the event finds the completion booked and changes nothing
    store.handle_once(
        completed(order_id="o1"), settlement.order_completed, consumer="settlement.order_completed"
    )
    assert completion_count(store) == 2 and balances(store, "s1")["pending_clearance"] == 4000


@pytest.mark.parametrize("state", ["unknown", "cancelled"])
def test_p3_completion_payments_cannot_book_is_parked_not_lost(store, cards, state):
    if state == "cancelled":
        pay(store, cards, method=card_of(store, cards, "b1"))
        run(store, settlement.cancel_order, "o1")
    with pytest.raises(PermanentFailure, match=state):
        store.handle_once(
            completed(), settlement.order_completed, consumer="settlement.order_completed"
        )
    with store.unit_of_work() as uow:  # not marked handled: a replay applies it again
        assert not uow.handled_before("oc-1", "settlement.order_completed")
    assert completion_count(store) == 0


# --- order_cancelled --------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["very_late", "mutual"])
def test_p4_p7_order_cancelled_refunds_once_however_often_it_comes(store, cards, reason):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    store.handle_once(
        cancelled(reason=reason), settlement.order_cancelled, consumer="settlement.order_cancelled"
    )
    store.handle_once(
        cancelled(reason=reason), settlement.order_cancelled, consumer="settlement.order_cancelled"
    )  # redelivered
    store.handle_once(
        cancelled("ca-2", reason=reason),
        settlement.order_cancelled,
        consumer="settlement.order_cancelled",
    )  # sent twice
    assert balances(store, "b1")["buyer_balance"] == 2938
    assert escrow(store, "o1") == 0
    [refunded] = published(store, "order_refunded")
    assert (refunded["order_id"], refunded["buyer_id"], refunded["amount"]) == (
        "o1",
        "b1",
        {"amount": 2938, "currency": "USD"},
    )
    assert {"event_id", "occurred_at", "version"} <= set(refunded)
    assert check(store)["transactions"] == 2  # payment, refund


def test_p4_cancellation_of_an_unknown_or_refunded_order_changes_nothing(store, cards):
    store.handle_once(
        cancelled(order_id="nowhere"),
        settlement.order_cancelled,
        consumer="settlement.order_cancelled",
    )
    pay(store, cards, method=card_of(store, cards, "b1"))
    run(store, settlement.cancel_order, "o1")  # the RPC refunded it already
    store.handle_once(
        cancelled(), settlement.order_cancelled, consumer="settlement.order_cancelled"
    )
    assert len(published(store, "order_refunded")) == 1
    assert balances(store, "b1")["buyer_balance"] == 2938
    check(store)


def test_p5_o11_support_cancellation_refunds_by_rpc_and_its_event_changes_nothing(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    store.handle_once(
        completed(), settlement.order_completed, consumer="settlement.order_completed"
    )
    run(store, settlement.support_cancel_completed_order, "o1")
    store.handle_once(
        cancelled(reason="support", by="admin"),
        settlement.order_cancelled,
        consumer="settlement.order_cancelled",
    )
    store.handle_once(
        cancelled("ca-2", reason="support", by="admin"),
        settlement.order_cancelled,
        consumer="settlement.order_cancelled",
    )
    [reversed_] = published(store, "earnings_reversed")
    assert (reversed_["order_id"], reversed_["seller_id"], reversed_["amount"]) == (
        "o1",
        "s1",
        {"amount": 2000, "currency": "USD"},
    )
    [refunded] = published(store, "order_refunded")
    assert refunded["amount"] == {"amount": 2938, "currency": "USD"}
    assert balances(store, "b1")["buyer_balance"] == 2938
    assert balances(store, "s1")["pending_clearance"] == 0
    check(store)


@pytest.mark.parametrize("reason", ["mutual", "support"])
def test_p4_o10_completed_order_cancelled_without_support_refund_is_parked(store, cards, reason):
    pay(store, cards, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    with pytest.raises(PermanentFailure, match="support_cancel_completed_order"):
        store.handle_once(
            cancelled(reason=reason),
            settlement.order_cancelled,
            consumer="settlement.order_cancelled",
        )
    assert balances(store, "s1")["pending_clearance"] == 2000 and not published(
        store, "order_refunded"
    )


# --- clearance and tips -----------------------------------------------------------------


def test_p3_clearance_publishes_earnings_available_once(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
    run(
        store,
        earnings.pay_tip,
        cards,
        {
            "tip_id": "t1",
            "order_id": "o1",
            "buyer_id": "b1",
            "seller_id": "s1",
            "order_price": USD(2500),
            "amount": USD(1000),
            "payment_method_id": method,
            "seller_level": None,
        },
    )
    for event_id in ("c1", "c2"):  # each deadline fired twice
        store.handle_once(
            {"event_id": event_id, "order_id": "o1"},
            earnings.clear_earnings,
            consumer="earnings.clear_earnings",
        )
        store.handle_once(
            {"event_id": f"t{event_id}", "tip_id": "t1"},
            earnings.clear_earnings,
            consumer="earnings.clear_earnings",
        )
    available = published(store, "earnings_available")
    assert [
        {k: f[k] for k in ("order_id", "tip_id", "seller_id", "amount") if k in f}
        for f in available
    ] == [
        {"order_id": "o1", "seller_id": "s1", "amount": {"amount": 2000, "currency": "USD"}},
        {"tip_id": "t1", "seller_id": "s1", "amount": {"amount": 800, "currency": "USD"}},
    ]
    check(store)


def test_t3_p3_tip_publishes_earnings_pending_and_clears_at_the_kept_level(store, cards, clock):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
    change_level(store, "lv-1", "top_rated", clock.now())
    receipt = run(
        store,
        earnings.pay_tip,
        cards,
        {
            "tip_id": "t1",
            "order_id": "o1",
            "buyer_id": "b1",
            "seller_id": "s1",
            "order_price": USD(2500),
            "amount": USD(1000),
            "payment_method_id": method,
            "seller_level": None,
        },
    )
    fact = published(store, "earnings_pending")[-1]
    assert fact["tip_id"] == "t1" and "order_id" not in fact
    assert fact["earnings"] == {"amount": 800, "currency": "USD"} and fact["buyer_id"] == "b1"
    paid_at = datetime.fromisoformat(fact["paid_at"])
    assert (
        datetime.fromisoformat(fact["clears_at"])
        == receipt["clears_at"]
        == paid_at + timedelta(days=7)
    )


# --- entrypoints ------------------------------------------------------------------------


def test_p3_p4_p7_service_follows_orders_and_catalog_events(store, clock):
    service = worker_factory(PaymentsService, db=store, cards=FakeCards())
    service.on_user_signed_up(
        {"event_id": "signed-up-b1", "user_id": "b1", "username": "b1", "country": None}
    )
    method = acting(service, {"id": "b1"}).add_payment_method({"card_number": "4242424242424242"})
    for order_id in ("o1", "o2"):
        service.pay_for_order(
            {
                "order_id": order_id,
                "buyer_id": "b1",
                "seller_id": "s1",
                "price": {"amount": 2500},
                "payment_method_id": method["id"],
            }
        )
    service.on_seller_level_changed(level_changed("lv-1", "pro", clock.now()))
    for _ in range(2):  # every event delivered twice
        service.on_order_completed(completed(order_id="o1"))
        service.on_order_cancelled(cancelled(order_id="o2"))
    assert acting(service, {"id": "s1"}).get_balance()["pending_clearance"] == {
        "amount": 2000,
        "currency": "USD",
    }
    assert acting(service, {"id": "b1"}).get_balance()["buyer_balance"] == {
        "amount": 2938,
        "currency": "USD",
    }
    assert service.check_ledger()["finished_escrows_not_empty"] == []
    [fact] = published(store, "earnings_pending")
    assert datetime.fromisoformat(fact["clears_at"]) - datetime.fromisoformat(
        fact["completed_at"]
    ) == timedelta(days=7)


# --- malformed events (issue 14, item 9) ------------------------------------------------


def everything(store):
    """Every row of every table of payments."""
    with store.engine.connect() as conn:
        return {
            name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
            for name, table in metadata.tables.items()
        }


def cleared(event_id="cl-1", **cause):
    return {
        "event_id": event_id,
        "event_type": "earnings_cleared",
        "key": "payments:o1:clearance",
        "due_at": "2026-01-15T00:00:00+00:00",
        **cause,
    }


def without(event, *keys):
    return {k: v for k, v in event.items() if k not in keys}


MALFORMED = {  # (entrypoint, payload): each lacks or garbles what its handler needs
    "user_signed_up without user_id": (
        "on_user_signed_up",
        {"event_id": "e-1", "event_type": "user_signed_up"},
    ),
    "user_signed_up with a number for user_id": (
        "on_user_signed_up",
        {"event_id": "e-1", "user_id": 42, "username": "ada"},
    ),
    "user_signed_up without event_id": ("on_user_signed_up", {"user_id": "u1", "username": "ada"}),
    "seller_level_changed without level": (
        "on_seller_level_changed",
        {"event_id": "lv-1", "user_id": "s1", "occurred_at": "2026-01-01T00:00:00+00:00"},
    ),
    "seller_level_changed without occurred_at": (
        "on_seller_level_changed",
        {"event_id": "lv-1", "user_id": "s1", "level": "pro"},
    ),
    "seller_level_changed with a garbled occurred_at": (
        "on_seller_level_changed",
        {"event_id": "lv-1", "user_id": "s1", "level": "pro", "occurred_at": "yesterday"},
    ),
    "order_completed without order_id": ("on_order_completed", without(completed(), "order_id")),
    "order_completed with a null order_id": ("on_order_completed", completed(order_id=None)),
    "order_cancelled without order_id": ("on_order_cancelled", without(cancelled(), "order_id")),
    "order_cancelled with an object for order_id": (
        "on_order_cancelled",
        {**cancelled(), "order_id": {"id": "o1"}},
    ),
    "earnings_cleared with neither order_id nor tip_id": ("on_earnings_cleared", cleared()),
    "earnings_cleared with both order_id and tip_id": (
        "on_earnings_cleared",
        cleared(order_id="o1", tip_id="t1"),
    ),
}


@pytest.mark.parametrize("entrypoint, payload", MALFORMED.values(), ids=MALFORMED.keys())
def test_p1_p3_p4_a_malformed_event_is_parked_at_once_and_changes_nothing(
    store, clock, entrypoint, payload
):
    """Every event payments handles is loaded by its schema: one that lacks or garbles a
    field is a PermanentFailure (parked in the dead-letter queue at once, not retried as
    a KeyError would be), and neither the ledger, the orders' money, the seller levels,
    the outbox nor the record of handled events changes."""
    service = worker_factory(PaymentsService, db=store, cards=FakeCards())
    service.on_user_signed_up(
        {"event_id": "signed-up-b1", "user_id": "b1", "username": "b1", "country": None}
    )
    method = acting(service, {"id": "b1"}).add_payment_method({"card_number": "4242424242424242"})
    for order_id in ("o1", "o2"):
        service.pay_for_order(
            {
                "order_id": order_id,
                "buyer_id": "b1",
                "seller_id": "s1",
                "price": {"amount": 2500},
                "payment_method_id": method["id"],
            }
        )
    service.complete_order("o2")  # clearance could apply to it
    before = everything(store)
    with pytest.raises(PermanentFailure, match="malformed") as failure:
        getattr(service, entrypoint)(payload)
    assert retry_delay([0.2, 0.5], 1, failure.value) is None  # parked, not retried
    assert everything(store) == before
