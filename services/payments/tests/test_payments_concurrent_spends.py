"""P2, T3: payments racing on one buyer's balance never spend it twice. Each payment
locks the buyer's balance row and reads the balance after the lock is held, so the
payments that come after the first see what it spent (PostgreSQL: workers at once on
their own connections; SQLite: green threads that take turns on the store's writer
lock). The payments name no card: a balance that does not cover one refuses it."""

import pytest
from test_payments_orders import USD, FakeCards, card_of, check, pay, run
from test_payments_postgres import all_at_once, fresh_store  # noqa: F401 (a fixture)

from microtache.errors import PaymentFailed

from payments.service_layer import payment_methods, settlement, views

WORKERS = 16
PRICE = 1000  # + 355 of fee (P2): 1,355 a payment; 10,550 pays 7 of them


def buyer_with_balance(store, cards):
    """b1's balance: 10,550 (an order of 10,000 paid by card, then cancelled), and no card."""
    method = card_of(store, cards, "b1")
    pay(store, cards, "funding", 10000, method)
    run(store, settlement.cancel_order, "funding")
    run(store, payment_methods.remove_payment_method, "b1", method)
    return run(store, views.balance, "b1")["buyer_balance"]


def spend_at_once(store, cards):
    def spend(n):
        pay(store, cards, f"o{n}", PRICE, None)

    failures = all_at_once(WORKERS, spend)
    assert all(isinstance(f, PaymentFailed) for f in failures), failures
    return WORKERS - len(failures)


def check_nothing_spent_twice(store, funded, paid):
    assert funded == USD(10550)
    assert paid == 7  # 7 x 1,355 = 9,485: the eighth finds 1,065 left, too little
    assert run(store, views.balance, "b1")["buyer_balance"] == USD(10550 - 7 * 1355)
    report = check(store)
    assert not report["negative_balances"]


@pytest.mark.postgres
def test_p2_concurrent_payments_on_postgresql_spend_a_balance_once(fresh_store):  # noqa: F811
    cards = FakeCards()
    funded = buyer_with_balance(fresh_store, cards)
    check_nothing_spent_twice(fresh_store, funded, spend_at_once(fresh_store, cards))


def test_p2_concurrent_payments_on_sqlite_spend_a_balance_once(store, cards):
    funded = buyer_with_balance(store, cards)
    check_nothing_spent_twice(store, funded, spend_at_once(store, cards))
