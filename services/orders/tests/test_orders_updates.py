"""N2, O13: the seller's "updates" list, the orders the inbox says the seller has unread
notifications about: the use case on the fake unit of work, then the entrypoint on a
real SQLite database with the inbox's proxy stubbed (nameko's worker_factory)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError
from nameko.testing.services import worker_factory
from orders_fakes import FakeUnitOfWork
from test_orders_lifecycle import T0, order

from microtache.caller import CallerOf, caller_context
from microtache.errors import RuleViolation, ServiceUnavailable

from orders.adapters.orm import metadata
from orders.adapters.repository import Orders
from orders.adapters.unit_of_work import OrdersUnitOfWork
from orders.contract import BUYER_LISTS, EVENTS, SELLER_LISTS, UPDATES, OrdersQuerySchema
from orders.service import OrdersService
from orders.service_layer import queries

SELLER = {"id": "s", "username": "sam", "role": "user"}
BUYER = {"id": "b", "username": "bea", "role": "user"}
MINUTE = timedelta(minutes=1)


def query(role="seller", name=UPDATES, limit=20, cursor=None):
    return OrdersQuerySchema().load(
        {"role": role, "filter": name, "limit": limit, **({"cursor": cursor} if cursor else {})}
    )


@pytest.fixture
def uow():
    uow = FakeUnitOfWork(T0)
    for number in range(4):
        uow.orders.add(order(id=f"o{number}", created_at=T0 + number * MINUTE))
    uow.orders.add(order(id="theirs", seller_id="other", created_at=T0))  # another seller's
    uow.orders.add(order(id="bought", buyer_id="s", seller_id="x", created_at=T0))  # s bought it
    return uow


def test_n2_o13_updates_is_the_sellers_list_only():
    assert UPDATES in SELLER_LISTS and UPDATES not in BUYER_LISTS
    with pytest.raises(RuleViolation) as refused:
        queries.check_list(query(role="buyer"))
    assert "filter" in refused.value.details
    assert queries.asks_updates(query()) and not queries.asks_updates(query(name="late"))


def test_n2_o13_updates_lists_the_sellers_orders_the_inbox_names_newest_first(uow):
    named = ["o1", "theirs", "bought", "o3", "unknown", "o1", "o0"]
    page = queries.list_orders(uow, SELLER, query(), named)
    assert [summary["id"] for summary in page["results"]] == ["o3", "o1", "o0"]
    assert page["next_cursor"] is None
    assert queries.list_orders(uow, SELLER, query(), ())["results"] == []


def test_n2_o13_updates_pages_like_the_other_lists(uow):
    named = ["o0", "o1", "o2", "o3"]
    first = queries.list_orders(uow, SELLER, query(limit=3), named)
    assert [s["id"] for s in first["results"]] == ["o3", "o2", "o1"] and first["next_cursor"]
    rest = queries.list_orders(uow, SELLER, query(limit=3, cursor=first["next_cursor"]), named)
    assert [s["id"] for s in rest["results"]] == ["o0"] and rest["next_cursor"] is None


def test_n2_o13_updates_is_validated_by_the_contract():
    assert OrdersQuerySchema().load({"role": "seller", "filter": "updates"})["filter"] == UPDATES
    with pytest.raises(ValidationError):
        OrdersQuerySchema().load({"role": "seller", "filter": "unread"})


# -- the entrypoint: asks the inbox, as the caller, only for the seller's updates ----------


@pytest.fixture
def service(store_factory):
    store = store_factory(metadata, "orders.migrations")
    store.events, store.unit_of_work_class = EVENTS, OrdersUnitOfWork  # as the service's
    with store.unit_of_work() as session_uow:
        for number in range(3):
            Orders(session_uow.session).add(order(id=f"o{number}", created_at=T0 + number * MINUTE))
    service = worker_factory(OrdersService, db=store)
    service.caller = CallerOf(SimpleNamespace(data=caller_context(SELLER)))
    return service


def test_n2_o13_list_orders_updates_asks_the_inbox_for_the_callers_orders(service):
    service.inbox.orders_with_updates.return_value = {"order_ids": ["o2", "o0"], "more": 1}
    page = service.list_orders({"role": "seller", "filter": "updates"})
    assert [summary["id"] for summary in page["results"]] == ["o2", "o0"]
    service.inbox.orders_with_updates.assert_called_once_with()  # the caller rides along


def test_n2_o13_other_lists_and_a_buyers_updates_do_not_ask_the_inbox(service):
    assert len(service.list_orders({"role": "seller", "filter": "active"})["results"]) == 3
    assert len(service.list_orders({"role": "seller"})["results"]) == 3
    with pytest.raises(RuleViolation):
        service.list_orders({"role": "buyer", "filter": "updates"})
    service.inbox.orders_with_updates.assert_not_called()


def test_n2_o13_updates_without_the_inbox_is_a_503(service):
    service.inbox.orders_with_updates.side_effect = ServiceUnavailable("inbox is down")
    with pytest.raises(ServiceUnavailable):
        service.list_orders({"role": "seller", "filter": "updates"})
