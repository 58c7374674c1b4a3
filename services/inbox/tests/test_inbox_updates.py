"""N2, O13: the orders a person has unread notifications about, which orders' "updates"
list asks for (`orders_with_updates`), on the inbox's real database (SQLite), through
its use case and its entrypoint (nameko's worker_factory, no broker)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import update

from microtache.caller import CallerOf, caller_context
from microtache.clock import Clock
from microtache.envelopes import envelope
from microtache.errors import Unauthenticated
from microtache.money import Money

from inbox.adapters.notifications_orm import notifications as notifications_table
from inbox.adapters.orm import metadata
from inbox.adapters.unit_of_work import InboxUnitOfWork
from inbox.contract import EVENTS, MAX_UPDATED_ORDERS, OrdersWithUpdatesSchema
from inbox.service import InboxService
from inbox.service_layer import notifications, notifications_events as events
from orders.contract import EVENTS as ORDERS_EVENTS

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BUYER, SELLER, OTHER_SELLER = "b-1", "s-1", "s-2"


@pytest.fixture
def store(store_factory):
    return store_factory(
        metadata, "inbox.migrations", events=EVENTS, unit_of_work=InboxUnitOfWork, clock=Clock()
    )


def placed(order_id, seller=SELLER):
    payload = {"order_id": order_id, "buyer_id": BUYER, "seller_id": seller, "gig_id": "g-1",
               "source": {"kind": "gig", "id": "g-1"},
               "price": Money(2500), "delivery_days": 3,
               "placed_at": NOW}  # fmt: skip
    return envelope("order_placed", ORDERS_EVENTS.dump("order_placed", payload), NOW)


def delivered(order_id):
    payload = {"order_id": order_id, "buyer_id": BUYER, "seller_id": SELLER,
               "status": "delivered", "previous_status": "in_progress", "action": "deliver",
               "actor": "seller", "delivered_at": NOW, "on_time": True}  # fmt: skip
    return envelope("order_delivered", ORDERS_EVENTS.dump("order_delivered", payload), NOW)


def message(recipient=SELLER, conversation="cv-1"):
    payload = {"conversation_id": conversation, "message_id": "m", "sender_id": BUYER,
               "recipient_id": recipient, "kind": "text", "preview": "Hello",
               "file_count": 0}  # fmt: skip
    return envelope("message_sent", EVENTS.dump("message_sent", payload), NOW)


def apply(store, source, event):
    event_type = event["event_type"]
    return store.handle_once(
        events.facts_of(source, event_type, event),
        events.handler_of(source, event_type),
        events.consumer_of(source, event_type),
    )


def updated(store, user_id):
    with store.read_only() as uow:
        return notifications.orders_with_updates(uow, user_id)["order_ids"]


def notified_at(store, order_id, at):
    """The notifications about `order_id` made at `at` (the order they are listed in)."""
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(notifications_table)
            .where(notifications_table.c.subject_id == order_id)
            .values(created_at=at)
        )


def test_n2_o13_orders_with_unread_notifications_latest_notified_first(store):
    for order_id in ("o-1", "o-2", "o-3"):
        apply(store, "orders", placed(order_id))  # a new order: the seller is told
    notified_at(store, "o-1", NOW)
    notified_at(store, "o-2", NOW + timedelta(minutes=2))
    notified_at(store, "o-3", NOW + timedelta(minutes=1))
    apply(store, "orders", placed("o-9", seller=OTHER_SELLER))  # another seller's
    apply(store, "inbox", message())  # a conversation is not an order
    assert updated(store, SELLER) == ["o-2", "o-3", "o-1"]
    assert updated(store, OTHER_SELLER) == ["o-9"]
    assert updated(store, "nobody") == []


def test_n2_o13_an_order_leaves_the_updates_once_its_notifications_are_read(store):
    apply(store, "orders", placed("o-1"))
    apply(store, "orders", placed("o-2"))
    with store.unit_of_work() as uow:
        ids = [n.id for n in uow.notifications.feed(SELLER, 10) if n.subject_id == "o-1"]
        notifications.mark_read(uow, SELLER, {"ids": ids})
    assert updated(store, SELLER) == ["o-2"]
    apply(store, "orders", delivered("o-2"))  # tells the buyer, not the seller
    assert updated(store, BUYER) == ["o-2"]
    with store.unit_of_work() as uow:
        notifications.mark_read(uow, SELLER, {"all": True})
    assert updated(store, SELLER) == [] and updated(store, BUYER) == ["o-2"]


def test_n2_o13_one_order_once_whatever_its_unread_notifications(store):
    apply(store, "orders", placed("o-1"))
    apply(store, "orders", delivered("o-1"))
    apply(store, "orders", placed("o-1") | {"event_id": "another-fact"})
    with store.read_only() as uow:
        assert uow.notifications.unread_count(SELLER) == 2
    assert updated(store, SELLER) == ["o-1"]


def test_n2_o13_at_most_so_many_orders_the_latest_notified(store, monkeypatch):
    monkeypatch.setattr(notifications, "MAX_UPDATED_ORDERS", 2)
    for number in range(3):
        apply(store, "orders", placed(f"o-{number}"))
        notified_at(store, f"o-{number}", NOW + timedelta(minutes=number))
    assert updated(store, SELLER) == ["o-2", "o-1"]
    assert MAX_UPDATED_ORDERS == 1000


def as_caller(service, caller):
    service.caller = CallerOf(SimpleNamespace(data=caller_context(caller)))
    return service


def test_n2_o13_orders_with_updates_answers_the_callers_own_only(store):
    apply(store, "orders", placed("o-1"))
    apply(store, "orders", placed("o-9", seller=OTHER_SELLER))
    service = as_caller(worker_factory(InboxService, db=store), {"id": SELLER, "role": "user"})
    reply = service.orders_with_updates()
    assert reply == {"order_ids": ["o-1"]}
    assert OrdersWithUpdatesSchema().load(reply) == {"order_ids": ["o-1"]}


def test_n2_o13_orders_with_updates_needs_a_caller(store):
    service = worker_factory(InboxService, db=store)
    service.caller = CallerOf(SimpleNamespace(data={}))
    with pytest.raises(Unauthenticated):
        service.orders_with_updates()
