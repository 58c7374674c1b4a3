"""Orders', tips' and withdrawals' money through the handlers, on a real SQLite store
(P2-P7, T2, T3), and the service's entrypoints for the new commands."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from nameko.exceptions import deserialize, serialize
from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.caller import CallerOf, caller_context
from microtache.clock import Clock
from microtache.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PaymentFailed,
    RuleViolation,
)
from microtache.money import Money

from payments.adapters.cards import DECLINED, PROCESSOR_ERROR, SandboxCards
from payments.adapters.orm import metadata
from payments.adapters.repository import Ledger
from payments.domain import ledger
from payments.domain.cards import CardDeclined, ProcessorUnavailable
from payments.service import PaymentsService
from payments.service_layer import (
    accounts,
    earnings,
    escrow as paying,
    payment_methods,
    settlement,
    views,
    withdrawals,
)

USD = lambda cents: Money(cents, "USD")  # noqa: E731
OK_CARD = "4242424242424242"


class FakeCards(SandboxCards):
    """The sandbox's numbers, with every charge recorded."""

    def __init__(self):
        self.charges = []

    def charge(self, card_token, amount):
        if card_token == DECLINED:
            raise CardDeclined("declined")
        if card_token == PROCESSOR_ERROR:
            raise ProcessorUnavailable("down")
        self.charges.append((card_token, amount))
        return f"ch_{len(self.charges)}"


class MovableClock(Clock):
    def advance(self, **delta):
        self.offset_seconds += timedelta(**delta).total_seconds()


def acting(service, caller):
    """The worker `service` (nameko's worker_factory) as called by `caller`: the caller
    rides in the call's context data, as the gateway sets it (A2)."""
    service.caller = CallerOf(SimpleNamespace(data=caller_context(caller)))
    return service


# What each use case's entrypoint answers: the view (service_layer.views) of the domain
# object it returns, as payments.service builds the reply.
REPLIES = {
    paying.pay_for_order: views.order_receipt,
    paying.pay_for_order_extra: views.extra_receipt,
    earnings.pay_tip: views.tip_receipt,
    withdrawals.withdraw: views.withdrawal_receipt,
    payment_methods.add_payment_method: views.payment_method,
    payment_methods.set_default_payment_method: views.payment_method,
    settlement.complete_order: views.completion,
    settlement.cancel_order: views.refund,
    settlement.support_cancel_completed_order: views.refund,
}


def run(store, handler, *args):
    """`handler` in a unit of work, answered as its entrypoint answers (REPLIES)."""
    with store.unit_of_work() as uow:
        result = handler(uow, *args)
        present = REPLIES.get(handler)
        return result if present is None else present(result)


def signed_up(store, *users):
    """catalog's `user_signed_up` opened these users' accounts: payments knows them."""
    for user in users:
        run(store, accounts.open_user_accounts, {"user_id": user})


def card_of(store, cards, owner, number=OK_CARD):
    signed_up(store, owner)
    return run(store, payment_methods.add_payment_method, cards, owner, number)["id"]


def pay(store, cards, order_id="o1", price=2500, method=None, buyer="b1", seller="s1"):
    return run(
        store,
        paying.pay_for_order,
        cards,
        {
            "order_id": order_id,
            "buyer_id": buyer,
            "seller_id": seller,
            "price": USD(price),
            "payment_method_id": method,
        },
    )


def balances(store, user):
    return {k: v.amount for k, v in run(store, views.balance, user).items()}


def escrow(store, order_id):
    with store.unit_of_work() as uow:
        repository = Ledger(uow.session)
        return repository.balance_of(repository.account(order_id, ledger.ESCROW, "USD")).amount


def outbox(store):
    with store.engine.connect() as conn:
        table = metadata.tables["outbox_messages"]
        return [
            (r.event_type, r.payload)
            for r in conn.execute(
                select(table.c.event_type, table.c.payload).order_by(table.c.created_at)
            )
        ]


def check(store):
    report = run(store, views.check_ledger)
    assert (
        report["balanced"]
        and not report["negative_balances"]
        and not report["finished_escrows_not_empty"]
    ), report
    return report


def test_p2_order_paid_by_card_holds_price_and_fee_in_escrow(store, cards):
    method = card_of(store, cards, "b1")
    receipt = pay(store, cards, price=2500, method=method)
    assert receipt == {
        "order_id": "o1",
        "price": USD(2500),
        "fee": USD(438),
        "total": USD(2938),
        "from_balance": USD(0),
        "from_card": USD(2938),
    }
    assert cards.charges == [(OK_CARD, USD(2938))]
    assert escrow(store, "o1") == 2938
    check(store)


def test_p7_paying_twice_books_and_charges_once(store, cards):
    method = card_of(store, cards, "b1")
    first = pay(store, cards, method=method)
    assert pay(store, cards, method=method) == first
    assert len(cards.charges) == 1 and escrow(store, "o1") == first["total"].amount
    assert check(store)["transactions"] == 1


def test_p2_balance_first_then_card(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, "o1", 10000, method)  # 10550 by card
    run(store, settlement.cancel_order, "o1")  # P4: 10550 to the balance
    receipt = pay(store, cards, "o2", 20000, method)  # 21100: 10550 + 10550
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(10550), USD(10550))
    assert balances(store, "b1")["buyer_balance"] == 0
    receipt = pay(store, cards, "o3", 500, method)  # balance empty: all by card
    assert receipt["from_balance"] == USD(0)
    run(store, settlement.cancel_order, "o3")
    receipt = pay(store, cards, "o4", 100, None)  # balance covers: no card needed
    assert receipt["from_card"] == USD(0) and receipt["total"] == USD(406)
    check(store)


@pytest.mark.parametrize(
    "number, message", [(DECLINED, "declined"), (PROCESSOR_ERROR, "try again")]
)
def test_p2_refused_card_books_nothing(store, cards, number, message):
    method = card_of(store, cards, "b1", number)
    with pytest.raises(PaymentFailed, match=message):
        pay(store, cards, method=method)
    assert check(store)["transactions"] == 0
    with pytest.raises(NotFound):
        run(store, settlement.cancel_order, "o1")


def test_p2_a_refused_payment_states_its_money_as_integer_minor_units(store, cards):
    """The 402's details carry money as every other money value: an integer amount."""
    method = card_of(store, cards, "b1", DECLINED)
    with pytest.raises(PaymentFailed) as refused:
        pay(store, cards, price=3993, method=method)
    charged = refused.value.details["amount"]  # the price and the buyer's fee (P2)
    assert type(charged["amount"]) is int and charged["currency"] == "USD"
    assert charged["amount"] > 3993
    signed_up(store, "b2")  # no card, no balance
    with pytest.raises(PaymentFailed) as uncovered:
        pay(store, cards, order_id="o2", price=3993, method=None, buyer="b2")
    assert uncovered.value.details == {
        "from_balance": {"amount": 0, "currency": "USD"},
        "to_charge": charged,
    }


def test_p2_a_refused_payment_keeps_integer_amounts_across_rpc(store, cards):
    method = card_of(store, cards, "b1", DECLINED)
    with pytest.raises(PaymentFailed) as refused:
        pay(store, cards, price=3993, method=method)
    received = deserialize(serialize(refused.value))  # what orders and the gateway get
    assert received.details == refused.value.details


def test_p2_someone_elses_card_is_forbidden(store, cards):
    method = card_of(store, cards, "other")
    with pytest.raises(Forbidden):
        pay(store, cards, method=method)


def test_p2_no_card_and_no_balance_fails(store, cards):
    with pytest.raises(PaymentFailed, match="payment method"):
        pay(store, cards, method=None)


def test_p2_sandbox_rejects_a_non_luhn_number(store, cards):
    with pytest.raises(RuleViolation):  # well-formed, bad check digit: 422 (issue 15, item 8)
        card_of(store, cards, "b1", "4242424242424241")
    signed_up(store, "b1")
    added = run(store, payment_methods.add_payment_method, cards, "b1", "4242 4242 4242 4242")
    assert (added["brand"], added["last4"]) == ("visa", "4242")


def test_p3_completion_splits_escrow_and_asks_for_clearance(store, cards, clock):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    done = run(store, settlement.complete_order, "o1", "level_1")
    assert (done["earnings"], done["commission"]) == (USD(2000), USD(500))
    assert done["clears_at"] == done["completed_at"] + timedelta(days=14)
    assert escrow(store, "o1") == 0
    assert balances(store, "s1")["pending_clearance"] == 2000
    requested = [p for t, p in outbox(store) if t == "deadline_requested"]
    assert (
        len(requested) == 1
        and '"payments:o1:clearance"' in requested[0]
        and '"earnings_cleared"' in requested[0]
    )
    assert run(store, settlement.complete_order, "o1", "level_1") == done  # P7
    check(store)


def test_p3_top_rated_clears_in_seven_days(store, cards):
    pay(store, cards, method=card_of(store, cards, "b1"))
    done = run(store, settlement.complete_order, "o1", "top_rated")
    assert done["clears_at"] - done["completed_at"] == timedelta(days=7)


def test_p3_s3_clearance_event_delivered_twice_books_once(store, cards):
    pay(store, cards, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    event = {
        "event_id": "ev-1",
        "event_type": "earnings_cleared",
        "order_id": "o1",
        "key": "payments:o1:clearance",
    }
    store.handle_once(event, earnings.clear_earnings, consumer="earnings.clear_earnings")
    store.handle_once(
        event, earnings.clear_earnings, consumer="earnings.clear_earnings"
    )  # redelivered
    store.handle_once(
        {**event, "event_id": "ev-2"}, earnings.clear_earnings, consumer="earnings.clear_earnings"
    )  # fired again
    assert balances(store, "s1") == {
        "buyer_balance": 0,
        "pending_clearance": 0,
        "available": 2000,
        "withdrawn": 0,
    }
    check(store)


def test_p4_cancel_returns_everything_to_the_buyer_balance(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    assert run(store, settlement.cancel_order, "o1") == {"order_id": "o1", "refunded": USD(2938)}
    assert run(store, settlement.cancel_order, "o1")["refunded"] == USD(2938)  # once (P7)
    assert balances(store, "b1")["buyer_balance"] == 2938
    assert escrow(store, "o1") == 0
    with pytest.raises(Conflict):
        run(store, settlement.complete_order, "o1", None)
    check(store)


def test_p4_o10_completed_order_is_not_cancelled_as_usual(store, cards):
    pay(store, cards, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    with pytest.raises(Conflict, match="support"):
        run(store, settlement.cancel_order, "o1")


def test_p5_support_cancellation_claws_back_from_pending_and_cancels_clearance(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    result = run(store, settlement.support_cancel_completed_order, "o1")
    assert result["from"] == "pending_clearance" and result["clawed_back"] == USD(2000)
    assert balances(store, "b1")["buyer_balance"] == 2938
    assert balances(store, "s1")["pending_clearance"] == 0
    assert ("deadline_cancelled",) in [(t,) for t, _ in outbox(store)]
    # the clearance deadline firing anyway changes nothing (S3)
    store.handle_once(
        {"event_id": "late", "order_id": "o1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    assert balances(store, "s1")["available"] == 0
    assert run(store, settlement.support_cancel_completed_order, "o1")["refunded"] == USD(2938)
    check(store)


def test_p5_support_cancellation_after_clearance_takes_from_available(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    store.handle_once(
        {"event_id": "c", "order_id": "o1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    assert run(store, settlement.support_cancel_completed_order, "o1")["from"] == "available"
    assert balances(store, "s1")["available"] == 0
    check(store)


def test_p5_support_cancellation_refused_when_the_seller_withdrew(store, cards):
    pay(store, cards, price=2500, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    store.handle_once(
        {"event_id": "c", "order_id": "o1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    run(store, withdrawals.withdraw, "s1", USD(1500), "w1")
    with pytest.raises(Conflict, match="withdrawn"):
        run(store, settlement.support_cancel_completed_order, "o1")
    check(store)


def test_o11_support_cancellation_only_within_14_days(store, cards, clock):
    pay(store, cards, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    clock.advance(days=14, seconds=1)
    with pytest.raises(Conflict, match="14 days"):
        run(store, settlement.support_cancel_completed_order, "o1")


def tip(store, cards, amount, order_price=2500, method=None, tip_id="t1", level=None):
    return run(
        store,
        earnings.pay_tip,
        cards,
        {
            "tip_id": tip_id,
            "order_id": "o1",
            "buyer_id": "b1",
            "seller_id": "s1",
            "order_price": USD(order_price),
            "amount": USD(amount),
            "payment_method_id": method,
            "seller_level": level,
        },
    )


def test_t2_t3_tip_pays_fee_clears_and_books_once(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
    receipt = tip(store, cards, 1000, method=method, level="pro")
    assert (receipt["fee"], receipt["total"], receipt["seller_earnings"]) == (
        USD(55 + 300),
        USD(1355),
        USD(800),
    )
    assert tip(store, cards, 1000, method=method, level="pro") == receipt  # P7
    assert balances(store, "s1")["pending_clearance"] == 2000 + 800
    assert any('"payments:tip:t1:clearance"' in p for t, p in outbox(store))
    store.handle_once(
        {"event_id": "tc", "tip_id": "t1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    assert balances(store, "s1")["available"] == 800
    check(store)


def test_t3_tip_from_balance_first(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, "o0", 10000, method)
    run(store, settlement.cancel_order, "o0")  # balance 10550
    pay(store, cards, price=2500, method=None)  # 2938 from balance
    run(store, settlement.complete_order, "o1", None)
    receipt = tip(store, cards, 2000, method=None)  # 2000 + 110 + 300
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(2410), USD(0))
    assert balances(store, "b1")["buyer_balance"] == 10550 - 2938 - 2410
    check(store)


@pytest.mark.parametrize("amount, order_price", [(499, 2500), (2501, 1000), (2600, 2500)])
def test_t2_tip_out_of_bounds_is_a_rule_violation(store, cards, amount, order_price):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=order_price, method=method)
    run(store, settlement.complete_order, "o1", None)
    with pytest.raises(RuleViolation) as error:
        tip(store, cards, amount, order_price=order_price, method=method)
    assert {"minimum", "maximum"} <= set(error.value.details)


def test_t1_tip_needs_a_completed_order(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    with pytest.raises(Conflict):
        tip(store, cards, 1000, method=method)


def seller_with_available(store, cards, cents):
    price = cents * 5 // 4 + (1 if cents * 5 % 4 else 0)
    pay(store, cards, price=price, method=card_of(store, cards, "b1"))
    run(store, settlement.complete_order, "o1", None)
    store.handle_once(
        {"event_id": "c", "order_id": "o1"},
        earnings.clear_earnings,
        consumer="earnings.clear_earnings",
    )
    return balances(store, "s1")["available"]


def test_p6_withdrawal_moves_available_out_once_a_day(store, cards, clock):
    available = seller_with_available(store, cards, 8000)
    first = run(store, withdrawals.withdraw, "s1", USD(3000), "r1")
    assert run(store, withdrawals.withdraw, "s1", USD(3000), "r1") == first  # same request
    with pytest.raises(Conflict, match="one withdrawal a day"):
        run(store, withdrawals.withdraw, "s1", USD(100), "r2")
    clock.advance(days=1)
    run(store, withdrawals.withdraw, "s1", USD(1000), "r2")
    assert balances(store, "s1") == {
        "buyer_balance": 0,
        "pending_clearance": 0,
        "available": available - 4000,
        "withdrawn": 4000,
    }
    check(store)


def test_p6_withdrawal_never_exceeds_available_nor_5000(store, cards):
    available = seller_with_available(store, cards, 2000)
    with pytest.raises(RuleViolation, match="available"):
        run(store, withdrawals.withdraw, "s1", USD(available + 1), "r1")
    with pytest.raises(RuleViolation, match="5,000"):
        run(store, withdrawals.withdraw, "s1", USD(500001), "r1")
    assert check(store)["transactions"] == 3


def test_p6_concurrent_withdrawals_never_overdraw(store, cards):
    """Two green threads withdraw the whole balance at once: one wins."""
    import eventlet

    available = seller_with_available(store, cards, 2000)
    results = []

    def attempt(request_id):
        try:
            results.append(run(store, withdrawals.withdraw, "s1", USD(available), request_id))
        except (Conflict, RuleViolation) as exc:
            results.append(exc)

    pool = eventlet.GreenPool()
    for request_id in ("a", "b"):
        pool.spawn(attempt, request_id)
    pool.waitall()
    assert sum(isinstance(r, dict) for r in results) == 1
    assert balances(store, "s1")["available"] == 0
    check(store)


def test_p7_transactions_list_only_the_callers_entries_and_pages(store, cards):
    method = card_of(store, cards, "b1")
    for n in range(3):
        pay(store, cards, f"o{n}", 1000, method)
        run(store, settlement.cancel_order, f"o{n}")
    # o0 by card (no entry of b1's), then each later order from the refunded balance
    seen, cursor, pages = [], None, 0
    while True:
        page = run(store, views.transactions, "b1", 2, cursor)
        seen += page["results"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert [(r["cause_type"], r["cause_id"]) for r in seen] == [
        ("order_refund", "o2"),
        ("order_payment", "o2"),
        ("order_refund", "o1"),
        ("order_payment", "o1"),
        ("order_refund", "o0"),
    ]
    assert all([e["account"] for e in r["entries"]] == [ledger.BUYER_BALANCE] for r in seen)
    assert run(store, views.transactions, "s1", 20, None) == {"results": [], "next_cursor": None}
    with pytest.raises(RuleViolation):  # not a cursor we gave: 422 (issue 15, item 8)
        run(store, views.transactions, "b1", 4, "not-a-cursor")


# --- entrypoints -------------------------------------------------------------------


@pytest.fixture
def service(store):
    service = worker_factory(PaymentsService, db=store, cards=SandboxCards())
    for user in ("b1", "s1"):
        service.on_user_signed_up(
            {"event_id": f"signed-up-{user}", "user_id": user, "username": user, "country": None}
        )
    return service


def test_p2_p3_p6_service_round_trip(service):
    buyer, seller = {"id": "b1", "role": "user"}, {"id": "s1", "role": "user"}
    method = acting(service, buyer).add_payment_method({"card_number": OK_CARD})
    assert (method["brand"], method["last4"]) == ("visa", "4242")
    money = lambda cents: {"amount": cents, "currency": "USD"}  # noqa: E731
    receipt = service.pay_for_order(
        {
            "order_id": "o1",
            "buyer_id": "b1",
            "seller_id": "s1",
            "price": money(10000),
            "payment_method_id": method["id"],
        }
    )
    assert receipt == {
        "order_id": "o1",
        "price": money(10000),
        "fee": money(550),
        "total": money(10550),
        "from_balance": money(0),
        "from_card": money(10550),
    }
    done = service.complete_order("o1", "top_rated")
    assert done["earnings"] == money(8000)
    service.on_earnings_cleared(
        {"event_id": "x", "event_type": "earnings_cleared", "order_id": "o1"}
    )
    service.on_earnings_cleared(
        {"event_id": "x", "event_type": "earnings_cleared", "order_id": "o1"}
    )
    out = acting(service, seller).withdraw({"amount": money(5000), "request_id": "r1"})
    assert out["amount"] == money(5000)
    assert acting(service, seller).get_balance() == {
        "buyer_balance": money(0),
        "pending_clearance": money(0),
        "available": money(3000),
        "withdrawn": money(5000),
    }
    history = acting(service, seller).transactions({"limit": 10})
    assert [r["cause_type"] for r in history["results"]] == [
        "withdrawal",
        "clearance",
        "order_completion",
    ]
    assert service.check_ledger()["finished_escrows_not_empty"] == []


def test_p2_service_validates_and_reports_declines(service):
    buyer = {"id": "b1", "role": "user"}
    with pytest.raises(InvalidInput):
        acting(service, buyer).add_payment_method({"card_number": "1234"})
    with pytest.raises(InvalidInput):
        service.pay_for_order(
            {
                "order_id": "o1",
                "buyer_id": "b1",
                "seller_id": "s1",
                "price": {"amount": -5, "currency": "USD"},
            }
        )
    method = acting(service, buyer).add_payment_method({"card_number": DECLINED})
    with pytest.raises(PaymentFailed, match="declined"):
        service.pay_for_order(
            {
                "order_id": "o1",
                "buyer_id": "b1",
                "seller_id": "s1",
                "price": {"amount": 1000},
                "payment_method_id": method["id"],
            }
        )
    with pytest.raises(InvalidInput):
        acting(service, buyer).transactions({"limit": 101})
    with pytest.raises(NotFound):  # the declined payment left no order to tip
        service.pay_tip(
            {
                "tip_id": "t",
                "order_id": "o1",
                "buyer_id": "b1",
                "seller_id": "s1",
                "order_price": {"amount": 1000},
                "amount": {"amount": 600},
            }
        )
