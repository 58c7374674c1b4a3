"""The orders service's walking skeleton: its database migrates, an order round-trips."""
from datetime import timedelta

import pytest
from nameko.testing.services import worker_factory

from microtache.money import Money

from orders.adapters.orm import metadata
from orders.adapters.repository import Orders
from orders.domain.orders import INCOMPLETE, Order
from orders.schemas import OrderSchema
from orders.service import OrdersService


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "orders.migrations")
    return store


def test_o1_order_round_trips_with_its_price(store):
    with store.unit_of_work() as uow:
        order = Order(buyer_id="b", seller_id="s", gig_id="g", price=Money(2500),
                      created_at=uow.now())
        order.due_at = order.created_at + timedelta(days=3)
        Orders(uow.session).add(order)
    with store.unit_of_work() as uow:
        found = Orders(uow.session).get(order.id)
        assert (found.status, found.price, found.due_at) == (INCOMPLETE, Money(2500), order.due_at)
        assert not found.is_final
        assert OrderSchema().dump(found)["price"] == {"amount": 2500, "currency": "USD"}


def test_ping_answers_with_the_database(store):
    assert worker_factory(OrdersService, db=store).ping() == {"service": "orders", "database": "ok"}
