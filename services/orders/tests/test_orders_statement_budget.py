"""What placing an order costs orders' database (#21): the SQL statements and
transactions one placement sends, counted, so that the hot path cannot silently grow
back.

A new key, a gig orders keeps a copy of: one transaction looks the key up, reads the
gig and writes the placement; after the payment, a second writes the order, its first
timeline entry and `order_placed` into the outbox: 6 statements, 2 transactions. Was
7 statements in 3 transactions before #21 (a read-only transaction first, and the new
order looked up, locked, before it was written)."""

import contextlib

import pytest
from sqlalchemy import event, func, select
from test_orders_gig_terms import REPLY

from orders.adapters.orm import metadata, orders
from orders.adapters.unit_of_work import OrdersUnitOfWork
from orders.contract import EVENTS, OrderSchema
from orders.service_layer import placement
from orders.service_layer.events import gig_changed

BUYER = {"id": "b1", "username": "bea", "role": "user"}
GIG_FACTS = ("seller_id", "title", "status", "category", "subcategory")
GIG_FACTS += ("ships_physical_item", "extras", "packages")


@pytest.fixture
def store(store_factory):
    store = store_factory(
        metadata, "orders.migrations", events=EVENTS, unit_of_work=OrdersUnitOfWork
    )
    with store.unit_of_work() as uow:
        gig_changed(
            uow,
            {
                "event_id": "e1",
                "event_type": "gig_published",
                "occurred_at": "2026-01-01T00:00:00+00:00",
                "gig_id": REPLY["id"],
                "seller_username": REPLY["seller"],
                **{name: REPLY[name] for name in GIG_FACTS},
            },
        )
    return store


class Payments:
    def __init__(self):
        self.paid = []

    def pay_for_order(self, payment):
        self.paid.append(payment)
        return {}


@contextlib.contextmanager
def database_work(store):
    """(statements, commits) the store's engine sends meanwhile."""
    sent, commits = [], []

    def statement(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    def commit(conn):
        commits.append(conn)

    event.listen(store.engine, "before_cursor_execute", statement)
    event.listen(store.engine, "commit", commit)
    try:
        yield sent, commits
    finally:
        event.remove(store.engine, "before_cursor_execute", statement)
        event.remove(store.engine, "commit", commit)


def place(store, payments, key):
    data = {"gig_id": "g1", "package": "basic", "payment_method_id": None}
    return OrderSchema().dump(placement.place_order(store, None, None, payments, BUYER, data, key))


def test_placing_an_order_from_a_gig(store):
    payments = Payments()
    with database_work(store) as (sent, commits):
        order = place(store, payments, "k1")
    assert len(sent) == 6 and len(commits) == 2, sent
    assert [s.split()[0] for s in sent] == ["SELECT", "SELECT"] + ["INSERT"] * 4
    assert order["status"] == "incomplete" and [p["order_id"] for p in payments.paid] == [
        order["id"]
    ]


def test_a_retry_answers_the_same_order_and_pays_idempotently(store):
    payments = Payments()
    first = place(store, payments, "k1")
    with database_work(store) as (sent, commits):
        again = place(store, payments, "k1")
    assert again["id"] == first["id"] and len(payments.paid) == 2  # payments answers once
    # the key; the order, locked, and its five lists (not the hot path: as before #21)
    assert len(sent) == 1 + 1 + 5 and len(commits) == 2


def test_o1_a_retry_that_wrote_the_order_first_is_answered_not_doubled(store):
    """The placement's own request writes its order without looking for it first: if a
    retry with the same key wrote it meanwhile (here: while the first was paying), the
    INSERT fails on the order's id, and the order the retry wrote is answered."""

    class RetryWhilePaying(Payments):
        def pay_for_order(self, payment):
            super().pay_for_order(payment)
            if len(self.paid) == 1:
                self.retried = place(store, self, "k1")

    payments = RetryWhilePaying()
    first = place(store, payments, "k1")
    assert first["id"] == payments.retried["id"] and len(payments.paid) == 2
    outbox = metadata.tables["outbox_messages"]
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(orders)) == 1
        assert conn.scalar(select(func.count()).select_from(outbox)) == 1  # one order_placed
