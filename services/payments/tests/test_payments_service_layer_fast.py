"""Payments' use cases on the in-memory unit of work (payments_fakes): no database, no
broker, each test in milliseconds. The replies are the entrypoints' (service_layer.views),
the events what the contract dumps. Locks, races and rollbacks stay with the tests on a
real store (test_payments_orders, test_payments_postgres)."""

import inspect
from datetime import timedelta

import pytest
from payments_fakes import T0, FakeLedger, FakePayments, FakeStore, RecordingCards

from microtache.errors import Conflict, PaymentFailed, RuleViolation
from microtache.money import Money

from payments.adapters.cards import DECLINED, SUCCEEDS
from payments.adapters.repository import Ledger, Payments
from payments.domain import ledger
from payments.service_layer import (
    accounts,
    earnings,
    escrow,
    payment_methods,
    settlement,
    views,
    withdrawals,
)

USD = lambda cents: Money(cents, "USD")  # noqa: E731
DAY = timedelta(days=1)


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def uow(store):
    for user in ("b1", "s1"):
        accounts.open_user_accounts(store.uow, {"user_id": user})
    store.uow.published.clear()
    return store.uow


@pytest.fixture
def cards():
    return RecordingCards()


def card(uow, cards, owner="b1", number=SUCCEEDS):
    return payment_methods.add_payment_method(uow, cards, owner, number).id


def pay(uow, cards, order_id="o1", price=2500, method=None):
    terms = {"order_id": order_id, "buyer_id": "b1", "seller_id": "s1", "price": USD(price)}
    return escrow.pay_for_order(uow, cards, {**terms, "payment_method_id": method})


def amounts(uow, user):
    return {name: money.amount for name, money in views.balance(uow, user).items()}


def escrow_of(uow, order_id):
    return uow.ledger.balance_of(uow.ledger.account(order_id, ledger.ESCROW, "USD")).amount


def revenue(uow):
    return uow.ledger.balance_of(uow.ledger.platform_account(ledger.PLATFORM_REVENUE, "USD"))


def whole(uow):
    """P1's audit, as the admin's ledger check answers it."""
    report = views.check_ledger(uow)
    assert report["balanced"] and not report["negative_balances"], report
    assert not report["finished_escrows_not_empty"], report
    return report


def completed(uow, cards, level=None, price=2500):
    pay(uow, cards, price=price, method=card(uow, cards))
    return settlement.complete_order(uow, "o1", level)


def cleared(store, **cause):
    return store.handle_once(
        {"event_id": f"cleared-{cause}", **cause}, earnings.clear_earnings, "clear_earnings"
    )


def test_fakes_answer_every_method_of_the_real_repositories():
    """The fake is faithful by construction: the same public methods, the same arguments."""
    for real, fake in ((Ledger, FakeLedger), (Payments, FakePayments)):
        for name, method in inspect.getmembers(real, inspect.isfunction):
            if name.startswith("_"):
                continue
            assert hasattr(fake, name), (fake.__name__, name)
            real_args = list(inspect.signature(method).parameters)
            assert list(inspect.signature(getattr(fake, name)).parameters) == real_args, name


def test_p1_signing_up_opens_the_users_accounts_once(store):
    accounts.open_user_accounts(store.uow, {"user_id": "u1"})
    accounts.open_user_accounts(store.uow, {"user_id": "u1"})
    assert sorted(a.kind for a in store.uow.ledger.accounts_of("u1")) == sorted(ledger.USER_KINDS)
    assert [m["user_id"] for m in store.uow.of_type("accounts_opened")] == ["u1"]
    assert amounts(store.uow, "u1") == {
        "buyer_balance": 0,
        "pending_clearance": 0,
        "available": 0,
        "withdrawn": 0,
    }


def test_p2_pay_for_order_holds_price_and_fee_in_escrow(uow, cards):
    method = card(uow, cards)
    receipt = views.order_receipt(pay(uow, cards, method=method))
    assert receipt == {
        "order_id": "o1",
        "price": USD(2500),
        "fee": USD(438),  # 5.5% + $3 under $100
        "total": USD(2938),
        "from_balance": USD(0),
        "from_card": USD(2938),
    }
    assert cards.charges == [(SUCCEEDS, USD(2938))]
    assert escrow_of(uow, "o1") == 2938
    assert [t.cause_type for t in uow.ledger.transactions] == ["order_payment"]
    whole(uow)


def test_p2_t3_balance_first_then_the_default_card(uow, cards):
    card(uow, cards)
    pay(uow, cards, "o0", price=1000, method=None)
    settlement.cancel_order(uow, "o0")  # P4: 1355 back on the balance
    receipt = views.order_receipt(pay(uow, cards, "o1", price=2500))
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(1355), USD(2938 - 1355))
    assert amounts(uow, "b1")["buyer_balance"] == 0
    whole(uow)


def test_p2_without_a_card_a_short_balance_is_refused_and_books_nothing(uow, cards):
    with pytest.raises(PaymentFailed):
        pay(uow, cards)
    assert uow.ledger.transactions == [] and uow.payments.order("o1") is None


def test_p2_a_declined_card_books_nothing(uow, cards):
    with pytest.raises(PaymentFailed) as refused:
        pay(uow, cards, method=card(uow, cards, number=DECLINED))
    assert refused.value.details["reason"] == "declined"
    assert uow.ledger.transactions == [] and cards.charges == []


def test_p7_paying_twice_books_and_charges_once_and_other_terms_conflict(uow, cards):
    method = card(uow, cards)
    first = views.order_receipt(pay(uow, cards, method=method))
    assert views.order_receipt(pay(uow, cards, method=method)) == first
    assert len(cards.charges) == 1 and len(uow.ledger.transactions) == 1
    with pytest.raises(Conflict):
        pay(uow, cards, price=2600, method=method)
    assert views.order_payment(uow, "o1") == first
    assert views.order_payment(uow, "unknown") is None


def test_o7_p2_an_extra_grows_what_completion_settles(uow, cards):
    method = card(uow, cards)
    pay(uow, cards, method=method)
    extra = escrow.pay_for_order_extra(
        uow,
        cards,
        {"extra_id": "x1", "order_id": "o1", "buyer_id": "b1", "amount": USD(1000)},
    )
    assert views.extra_receipt(extra)["total"] == USD(1000 + 355)
    assert escrow_of(uow, "o1") == 2938 + 1355
    done = views.completion(settlement.complete_order(uow, "o1"))
    assert done["earnings"] == USD((2500 + 1000) * 80 // 100)
    assert escrow_of(uow, "o1") == 0
    whole(uow)


def test_p3_completion_splits_the_escrow_and_asks_for_clearance_in_14_days(uow, cards):
    order = completed(uow, cards)
    assert views.completion(order) == {
        "order_id": "o1",
        "earnings": USD(2000),
        "commission": USD(500),
        "fee": USD(438),
        "completed_at": T0,
        "clears_at": T0 + 14 * DAY,
    }
    assert escrow_of(uow, "o1") == 0
    assert amounts(uow, "s1")["pending_clearance"] == 2000
    assert revenue(uow) == USD(500 + 438)
    [deadline] = uow.of_type("deadline_requested")
    assert (deadline["key"], deadline["fires"]) == ("payments:o1:clearance", "earnings_cleared")
    assert deadline["due"] == (T0 + 14 * DAY).isoformat()
    [pending] = uow.of_type("earnings_pending")
    assert (pending["order_id"], pending["earnings"]) == ("o1", USD(2000).to_dict())
    whole(uow)


def test_p3_p7_completing_again_books_nothing_more(uow, cards):
    first = views.completion(completed(uow, cards))
    assert views.completion(settlement.complete_order(uow, "o1", "top_rated")) == first
    assert len(uow.of_type("earnings_pending")) == 1
    assert [t.cause_type for t in uow.ledger.transactions].count("order_completion") == 1


def test_p3_a_top_rated_seller_kept_from_catalog_clears_in_seven_days(uow, cards):
    accounts.record_seller_level(
        uow, {"user_id": "s1", "level": "Top Rated", "occurred_at": T0 - DAY}
    )
    assert completed(uow, cards).clears_at == T0 + 7 * DAY


def test_p3_clearance_moves_earnings_to_available_once(store, uow, cards):
    completed(uow, cards)
    store.clock.advance(days=14)
    booked = cleared(store, order_id="o1")
    assert booked.cause_type == "clearance" and booked.cause_id == "o1"
    assert cleared(store, order_id="o1") is None  # redelivered: handled once
    assert cleared(store, order_id="o1", key="again") == booked  # fired again: P7
    balances = amounts(uow, "s1")
    assert (balances["pending_clearance"], balances["available"]) == (0, 2000)
    [available] = uow.of_type("earnings_available")
    assert (available["order_id"], available["amount"]) == ("o1", USD(2000).to_dict())
    whole(uow)


def test_p4_cancellation_refunds_the_whole_payment_to_the_balance_once(uow, cards):
    pay(uow, cards, method=card(uow, cards))
    refund = views.refund(settlement.cancel_order(uow, "o1"))
    assert refund == {"order_id": "o1", "refunded": USD(2938)}
    assert views.refund(settlement.cancel_order(uow, "o1")) == refund
    assert amounts(uow, "b1")["buyer_balance"] == 2938 and escrow_of(uow, "o1") == 0
    assert len(uow.of_type("order_refunded")) == 1
    whole(uow)


def test_p4_o11_a_completed_order_is_not_cancelled_but_by_support(uow, cards):
    completed(uow, cards)
    with pytest.raises(Conflict, match="O11"):
        settlement.cancel_order(uow, "o1")


def test_p5_support_cancellation_takes_back_pending_earnings(uow, cards):
    completed(uow, cards)
    refund = views.refund(settlement.support_cancel_completed_order(uow, "o1"))
    assert refund == {
        "order_id": "o1",
        "refunded": USD(2938),
        "clawed_back": USD(2000),
        "from": "pending_clearance",
    }
    assert amounts(uow, "s1")["pending_clearance"] == 0
    assert amounts(uow, "b1")["buyer_balance"] == 2938
    assert revenue(uow) == USD(0)
    assert [m["key"] for m in uow.of_type("deadline_cancelled")] == ["payments:o1:clearance"]
    repeat = views.refund(settlement.support_cancel_completed_order(uow, "o1"))
    assert repeat == {"order_id": "o1", "refunded": USD(2938)}
    whole(uow)


def test_t2_t3_tip_from_the_card_into_the_sellers_clearance(store, uow, cards):
    completed(uow, cards)
    tip = {
        "tip_id": "t1",
        "order_id": "o1",
        "buyer_id": "b1",
        "seller_id": "s1",
        "amount": USD(1000),
        "order_price": USD(2500),
    }
    receipt = views.tip_receipt(earnings.pay_tip(uow, cards, tip))
    assert receipt["total"] == USD(1000 + 355) and receipt["seller_earnings"] == USD(800)
    assert receipt["clears_at"] == T0 + 14 * DAY
    assert amounts(uow, "s1")["pending_clearance"] == 2000 + 800
    assert views.tip_receipt(earnings.pay_tip(uow, cards, tip)) == receipt  # P7
    store.clock.advance(days=14)
    cleared(store, tip_id="t1")
    assert amounts(uow, "s1")["available"] == 800
    whole(uow)


def test_t2_a_tip_out_of_bounds_is_refused_before_anything_moves(uow, cards):
    completed(uow, cards)
    booked = len(uow.ledger.transactions)
    tip = {"tip_id": "t1", "order_id": "o1", "buyer_id": "b1", "seller_id": "s1"}
    with pytest.raises(RuleViolation):
        earnings.pay_tip(uow, cards, {**tip, "amount": USD(400), "order_price": USD(2500)})
    assert len(uow.ledger.transactions) == booked and uow.payments.tip("t1") is None


def _available(store, uow, cards):
    """The seller holds $20.00 of cleared earnings (P3)."""
    completed(uow, cards)
    store.clock.advance(days=14)
    cleared(store, order_id="o1")


def test_p6_withdraw_available_earnings_once_a_day(store, uow, cards):
    _available(store, uow, cards)
    receipt = views.withdrawal_receipt(withdrawals.withdraw(uow, "s1", USD(1500), "r1"))
    assert (receipt["request_id"], receipt["amount"]) == ("r1", USD(1500))
    again = views.withdrawal_receipt(withdrawals.withdraw(uow, "s1", USD(1500), "r1"))
    assert again == receipt  # the same request answers the first (P7)
    balances = amounts(uow, "s1")
    assert (balances["available"], balances["withdrawn"]) == (500, 1500)
    with pytest.raises(Conflict):
        withdrawals.withdraw(uow, "s1", USD(500), "r2")  # one a platform day
    store.clock.advance(days=1)
    withdrawals.withdraw(uow, "s1", USD(500), "r2")
    assert amounts(uow, "s1")["available"] == 0
    whole(uow)


def test_p6_an_overdraw_is_refused_and_books_nothing(store, uow, cards):
    _available(store, uow, cards)
    booked = len(uow.ledger.transactions)
    with pytest.raises(RuleViolation):
        withdrawals.withdraw(uow, "s1", USD(2001), "r1")
    assert len(uow.ledger.transactions) == booked
    assert uow.payments.withdrawal("s1", "r1") is None
    assert amounts(uow, "s1")["available"] == 2000


def test_t3_the_first_card_is_the_default_and_a_removed_default_passes_on(store, uow, cards):
    first = card(uow, cards)
    store.clock.advance(seconds=1)
    second = card(uow, cards)
    listed = views.payment_methods(uow, "b1")["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [(second, False), (first, True)]
    assert views.payment_method(payment_methods.set_default_payment_method(uow, "b1", second))[
        "is_default"
    ]
    payment_methods.remove_payment_method(uow, "b1", second)
    assert [m["is_default"] for m in views.payment_methods(uow, "b1")["results"]] == [True]


def test_p7_history_names_each_cause_newest_first_with_only_the_users_entries(store, uow, cards):
    _available(store, uow, cards)  # completion at T0, clearance 14 days later
    first = views.transactions(uow, "s1", limit=1)
    assert [(t["cause_type"], t["cause_id"]) for t in first["results"]] == [("clearance", "o1")]
    assert first["results"][0]["entries"] == [
        {"account": ledger.SELLER_PENDING, "amount": USD(-2000)},
        {"account": ledger.SELLER_AVAILABLE, "amount": USD(2000)},
    ]
    second = views.transactions(uow, "s1", limit=1, cursor=first["next_cursor"])
    assert [t["cause_type"] for t in second["results"]] == ["order_completion"]
    assert second["results"][0]["entries"] == [
        {"account": ledger.SELLER_PENDING, "amount": USD(2000)}
    ]  # not the escrow's, nor the platform's
    assert second["next_cursor"] is None


def test_p1_the_audit_names_unbalanced_transactions_negative_balances_and_full_escrows():
    report = ledger.audit(
        [("t1", [USD(100), USD(-100)]), ("t2", [USD(100), USD(-99)])],
        [
            ("b1", ledger.BUYER_BALANCE, USD(-1)),
            ("o1", ledger.ESCROW, USD(5)),
            ("o2", ledger.ESCROW, USD(0)),
            ("o3", ledger.ESCROW, USD(7)),  # still paid: its escrow holds the money
            (None, ledger.EXTERNAL_CARDS, USD(-500)),  # money coming in: negative by design
        ],
        finished_orders=["o1", "o2"],
    )
    assert (report.balanced, report.transactions, report.unbalanced) == (False, 2, ["t2"])
    assert report.negative_balances == [["b1", ledger.BUYER_BALANCE]]
    assert report.finished_escrows_not_empty == ["o1"]
