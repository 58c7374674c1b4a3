"""What paying for an order costs the database (#21): the SQL statements one
`pay_for_order` sends, counted, so that the hot path cannot silently grow back.

By card, once the platform's accounts exist: the order's payment looked up (P7), the
card read, the buyer's balance row locked and summed (one statement on SQLite, two on
PostgreSQL: see `payments.adapters.repository._ACCOUNT_AND_BALANCE`), the platform's
external_cards account read, the order's escrow opened, the transaction and its
entries (one executemany) and the order's payment written: 8 statements (9).
Was 13 before #21 (the ORM's flushes, each account read then opened then read again,
the cause looked up twice)."""

import contextlib

import pytest
from sqlalchemy import event
from test_payments_orders import USD, FakeCards, card_of, check, pay, run, signed_up
from test_payments_postgres import fresh_store  # noqa: F401 (a fixture)

from payments.service_layer import settlement

BY_CARD = {"sqlite": 8, "postgresql": 9}
FROM_BALANCE = {"sqlite": 6, "postgresql": 7}  # no card, no external_cards account to read


@contextlib.contextmanager
def statements(store):
    """Every statement the store's engine sends meanwhile (an executemany counts once)."""
    sent = []

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def paid_twice(store, cards):
    """(statements of a payment by card, of one from the balance), after a first
    payment opened the platform's accounts; the ledger still balances."""
    method = card_of(store, cards, "b1")
    signed_up(store, "s1")
    pay(store, cards, "first", 10000, method)
    run(store, settlement.cancel_order, "first")  # its 10,550 back to b1's balance
    with statements(store) as from_balance:
        pay(store, cards, "o1", method=None, price=100)
    with statements(store) as by_card:
        pay(store, cards, "o2", method=method, price=20000)  # more than the balance left
    assert [charged for _, charged in cards.charges][1:] == [USD(21100 - (10550 - 406))]
    check(store)
    return by_card, from_balance


def test_paying_for_an_order_on_sqlite(store, cards):
    by_card, from_balance = paid_twice(store, cards)
    assert len(by_card) == BY_CARD["sqlite"], by_card
    assert len(from_balance) == FROM_BALANCE["sqlite"], from_balance


@pytest.mark.postgres
def test_paying_for_an_order_on_postgresql(fresh_store):  # noqa: F811
    by_card, from_balance = paid_twice(fresh_store, FakeCards())
    assert len(by_card) == BY_CARD["postgresql"], by_card
    assert len(from_balance) == FROM_BALANCE["postgresql"], from_balance
