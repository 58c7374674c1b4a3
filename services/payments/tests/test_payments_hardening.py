"""Issue 15 in payments: every amount bounded (schemas, policies, and the ledger itself),
payment methods listed, removed and chosen as default, a tip without a card named taking
the balance then the default card (T3), and no card for a user payments does not know."""

import pytest
from nameko.testing.services import worker_factory
from test_payments_orders import (
    OK_CARD,
    USD,
    acting,
    balances,
    card_of,
    check,
    pay,
    run,
    signed_up,
)

from microtache.clock import utcnow
from microtache.errors import InvalidInput, NotFound, PaymentFailed, RuleViolation
from microtache.money import MAX_AMOUNT

from payments.adapters.cards import DECLINED, SandboxCards
from payments.domain import ledger, policies
from payments.domain.ledger import Account
from payments.service import PaymentsService
from payments.service_layer import earnings, escrow as paying, payment_methods, settlement, views

HUGE = 2**62
OTHER_CARD = "5555555555554444"


@pytest.fixture
def service(store):
    service = worker_factory(PaymentsService, db=store, cards=SandboxCards())
    for user in ("b1", "b2", "s1"):
        service.on_user_signed_up(
            {"event_id": f"signed-up-{user}", "user_id": user, "username": user, "country": None}
        )
    return service


def money(cents):
    return {"amount": cents, "currency": "USD"}


# --- T3: a tip names no card: the balance, then the default card ------------------------


def test_t3_tip_without_a_method_takes_the_balance_then_the_default_card(store, cards):
    """Issue 15, item 9: an empty balance and a card on file answered 402."""
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
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
            "payment_method_id": None,
        },
    )
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(0), USD(1355))
    assert cards.charges[-1] == (OK_CARD, USD(1355))
    check(store)


def test_t3_tip_without_a_method_takes_what_the_balance_holds_first(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
    pay(store, cards, "o0", 1000, method)
    run(store, settlement.cancel_order, "o0")  # balance 1000 + 55 + 300
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
            "payment_method_id": None,
        },
    )
    assert (receipt["from_balance"], receipt["from_card"]) == (USD(1355), USD(0))
    assert balances(store, "b1")["buyer_balance"] == 0


def test_t3_without_a_card_and_a_short_balance_the_tip_is_refused(store, cards):
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    run(store, settlement.complete_order, "o1", None)
    run(store, payment_methods.remove_payment_method, "b1", method)
    with pytest.raises(PaymentFailed, match="add a payment method"):
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
                "payment_method_id": None,
            },
        )
    check(store)


# --- payment methods: list, remove, default (T3) ---------------------------------------------


def test_t3_the_first_card_is_the_default_and_a_removed_default_passes_to_the_newest(
    store, cards, clock
):
    first = card_of(store, cards, "b1")
    clock.advance(seconds=1)
    second = card_of(store, cards, "b1", OTHER_CARD)
    clock.advance(seconds=1)
    third = card_of(store, cards, "b1", DECLINED)
    listed = run(store, views.payment_methods, "b1")["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [
        (third, False),
        (second, False),
        (first, True),
    ]  # newest first
    run(store, payment_methods.remove_payment_method, "b1", first)
    listed = run(store, views.payment_methods, "b1")["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [(third, True), (second, False)]
    assert run(store, payment_methods.set_default_payment_method, "b1", second)["is_default"]
    listed = run(store, views.payment_methods, "b1")["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [(third, False), (second, True)]
    run(store, payment_methods.remove_payment_method, "b1", third)  # not the default: stays
    run(store, payment_methods.remove_payment_method, "b1", second)
    assert run(store, views.payment_methods, "b1") == {"results": []}


def test_t3_another_users_card_is_not_found_to_remove_or_choose(store, cards):
    theirs = card_of(store, cards, "b2")
    signed_up(store, "b1")
    for handler in (
        payment_methods.remove_payment_method,
        payment_methods.set_default_payment_method,
    ):
        with pytest.raises(NotFound):
            run(store, handler, "b1", theirs)
        with pytest.raises(NotFound):
            run(store, handler, "b1", "no-such-card")
    assert [m["id"] for m in run(store, views.payment_methods, "b2")["results"]] == [theirs]


def test_t3_service_lists_removes_and_chooses_the_default(service):
    buyer = {"id": "b1", "role": "user"}
    first = acting(service, buyer).add_payment_method({"card_number": OK_CARD})
    second = acting(service, buyer).add_payment_method({"card_number": OTHER_CARD})
    assert (first["is_default"], second["is_default"]) == (True, False)
    chosen = acting(service, buyer).set_default_payment_method(second["id"])
    assert chosen["id"] == second["id"] and chosen["is_default"]
    listed = acting(service, buyer).list_payment_methods()["results"]
    assert {m["id"]: m["is_default"] for m in listed} == {first["id"]: False, second["id"]: True}
    assert set(listed[0]) == {"id", "brand", "last4", "is_default", "created_at"}
    assert acting(service, buyer).remove_payment_method(second["id"]) is None
    listed = acting(service, buyer).list_payment_methods()["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [(first["id"], True)]
    with pytest.raises(NotFound):
        acting(service, {"id": "b2"}).remove_payment_method(first["id"])
    with pytest.raises(InvalidInput):
        acting(service, buyer).set_default_payment_method("x" * 37)
    assert acting(service, {"id": "b2"}).list_payment_methods() == {"results": []}


def test_a_token_for_a_user_payments_does_not_know_adds_no_payment_method(service):
    """Issue 15, item 4: a validly signed token for a user that does not exist (no
    `user_signed_up` ever opened their accounts) created a payment method."""
    with pytest.raises(NotFound, match="no payment accounts"):
        acting(service, {"id": "ghost", "role": "user"}).add_payment_method(
            {"card_number": OK_CARD}
        )
    assert acting(service, {"id": "ghost"}).list_payment_methods() == {"results": []}


# --- every amount bounded ----------------------------------------------------------------------


def test_p1_the_ledger_refuses_an_entry_above_the_ceiling():
    """Defence in depth: whatever got past the schemas and policies, no entry above
    MAX_AMOUNT is booked (a 2**62 extra reached the ledger and said balanced)."""
    card, escrow = Account(ledger.EXTERNAL_CARDS), Account(ledger.ESCROW, owner_id="o1")
    with pytest.raises(ledger.AmountOutOfBounds):
        ledger.transaction("order_extra", "x1", [(card, USD(-HUGE)), (escrow, USD(HUGE))], utcnow())
    with pytest.raises(ledger.AmountOutOfBounds):
        ledger.transaction(
            "order_extra",
            "x1",
            [(card, USD(-MAX_AMOUNT - 1)), (escrow, USD(MAX_AMOUNT + 1))],
            utcnow(),
        )
    booked = ledger.transaction(
        "order_extra", "x1", [(card, USD(-MAX_AMOUNT)), (escrow, USD(MAX_AMOUNT))], utcnow()
    )
    assert len(booked.entries) == 2


def test_o7_p2_an_extra_of_2_pow_62_is_refused_by_the_service_and_the_handler(
    store, cards, service
):
    """Issue 15, item 2: a seller's paid extra offer of 2**62 cents was charged."""
    method = card_of(store, cards, "b1")
    pay(store, cards, price=2500, method=method)
    payment = {
        "extra_id": "x1",
        "order_id": "o1",
        "buyer_id": "b1",
        "amount": USD(policies.POLICIES.payment_max),
        "payment_method_id": method,
    }
    with pytest.raises(RuleViolation, match="20,000"):  # 2500 + $20,000 > $20,000
        run(store, paying.pay_for_order_extra, cards, payment)
    for amount in (HUGE, policies.POLICIES.payment_max + 1):
        with pytest.raises(InvalidInput):
            service.pay_for_order_extra({**payment, "amount": money(amount)})
    assert run(
        store,
        paying.pay_for_order_extra,
        cards,
        {**payment, "amount": USD(policies.POLICIES.payment_max - 2500)},
    )["price"] == USD(policies.POLICIES.payment_max - 2500)
    assert balances(store, "s1")["pending_clearance"] == 0
    check(store)


def test_p2_an_order_above_the_ceiling_is_refused(store, cards, service):
    method = card_of(store, cards, "b1")
    with pytest.raises(RuleViolation, match="20,000"):
        pay(store, cards, price=policies.POLICIES.payment_max + 1, method=method)
    with pytest.raises(InvalidInput):
        service.pay_for_order(
            {
                "order_id": "o1",
                "buyer_id": "b1",
                "seller_id": "s1",
                "price": money(policies.POLICIES.payment_max + 1),
            }
        )
    assert check(store)["transactions"] == 0


def test_t2_a_tip_is_never_above_the_tip_ceiling():
    huge_order = USD(HUGE)
    assert policies.tip_bounds(huge_order)[1] == USD(policies.POLICIES.tip_max)
    assert policies.tip_problem(huge_order, USD(policies.POLICIES.tip_max + 1)) is not None
    assert policies.tip_problem(huge_order, USD(policies.POLICIES.tip_max)) is None


def test_t2_p6_tip_and_withdrawal_schemas_are_bounded(service):
    tip = {
        "tip_id": "t1",
        "order_id": "o1",
        "buyer_id": "b1",
        "seller_id": "s1",
        "order_price": money(2500),
        "amount": money(policies.POLICIES.tip_max + 1),
    }
    with pytest.raises(InvalidInput):
        service.pay_tip(tip)
    with pytest.raises(InvalidInput):
        service.pay_tip({**tip, "amount": money(1000), "order_price": money(HUGE)})
    with pytest.raises(InvalidInput):
        acting(service, {"id": "s1"}).withdraw(
            {"amount": money(policies.POLICIES.withdrawal_max + 1), "request_id": "r1"}
        )
    with pytest.raises(InvalidInput):
        acting(service, {"id": "s1"}).transactions({"cursor": "c" * 201})


def test_t3_migration_0004_makes_each_owners_first_card_their_default(tmp_path):
    from sqlalchemy import create_engine, text

    from microtache.migrations import upgrade

    url = f"sqlite:///{tmp_path / 'payments.db'}"
    upgrade("payments.migrations", url, "0003")
    engine = create_engine(url)
    with engine.begin() as conn:
        for method_id, owner, at in [
            ("m0", "a", "2026-01-02 00:00:00"),
            ("m1", "a", "2026-01-01 00:00:00"),
            ("m2", "b", "2026-01-03 00:00:00"),
        ]:
            conn.execute(
                text(
                    "INSERT INTO payment_methods (id, owner_id, brand, last4, token, "
                    "created_at) VALUES (:id, :owner, 'visa', '4242', 't', :at)"
                ),
                {"id": method_id, "owner": owner, "at": at},
            )
    upgrade("payments.migrations", url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, is_default FROM payment_methods ORDER BY id")).all()
    engine.dispose()
    assert [(method_id, bool(flag)) for method_id, flag in rows] == [
        ("m0", False),
        ("m1", True),
        ("m2", True),
    ]
