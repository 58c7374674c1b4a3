"""Orders round-trip through their tables with their timeline and requests."""

from datetime import UTC, timedelta

import pytest
from nameko.testing.services import worker_factory

from microtache.money import Money

from orders.adapters.orm import metadata
from orders.adapters.repository import Orders
from orders.adapters.unit_of_work import OrdersUnitOfWork
from orders.contract import EVENTS, OrderFacts, OrderSchema
from orders.domain import lifecycle
from orders.domain.orders import BUYER, IN_PROGRESS, SELLER, Order
from orders.service import OrdersService
from orders.service_layer.views import present


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "orders.migrations")
    store.events, store.unit_of_work_class = EVENTS, OrdersUnitOfWork  # as the service's
    return store


def an_order(now, **terms):
    return Order(
        buyer_id="b",
        seller_id="s",
        buyer_username="bea",
        seller_username="sam",
        title="A logo",
        price=Money(2500),
        delivery_days=3,
        revisions_included=1,
        created_at=now,
        **terms,
    )


def test_o14_order_round_trips_with_its_timeline_and_requests(store):
    with store.unit_of_work() as uow:
        order = an_order(uow.now())
        lifecycle.perform(order, "submit_requirements", BUYER, uow.now(), requirements="Blue")
        lifecycle.perform(order, "request_extension", SELLER, uow.now(), days=2, message="Busy")
        Orders(uow.session).add(order)
    with store.unit_of_work() as uow:
        found = Orders(uow.session).get(order.id)
        assert (found.status, found.price, found.earnings) == (IN_PROGRESS, Money(2500), None)
        assert found.due_at == found.started_at + timedelta(days=3)
        assert [e.action for e in found.timeline] == ["submit_requirements", "request_extension"]
        assert found.open_extension().days == 2
        page = OrderSchema().dump(present(found, BUYER, uow.now()))
        assert page["price"] == {"amount": 2500, "currency": "USD"}
        assert set(page["deadlines"]) == {"due", "extension_answer"}


def test_ping_answers_with_the_database(store):
    assert worker_factory(OrdersService, db=store).ping() == {"service": "orders", "database": "ok"}


def test_o1_the_gig_copy_keeps_the_newest_terms(store):
    from datetime import datetime

    from orders.service_layer.events import gig_changed

    def event(kind, at, **facts):
        return {
            "event_id": f"{kind}{at}",
            "event_type": kind,
            "gig_id": "g1",
            "occurred_at": datetime(2026, 1, 1, at, tzinfo=UTC).isoformat(),
            **facts,
        }

    terms = {
        "seller_id": "s",
        "seller_username": "sam",
        "title": "Logo",
        "status": "active",
        "category": "design",
        "subcategory": "logos",
        "ships_physical_item": False,
        "extras": [],
        "packages": [
            {
                "tier": "basic",
                "price": {"amount": 2500, "currency": "USD"},
                "delivery_days": 3,
                "revisions": 1,
            }
        ],
    }
    newer = {**terms, "packages": [{**terms["packages"][0], "price": {"amount": 3000}}]}
    with store.unit_of_work() as uow:
        gig_changed(uow, event("gig_published", 9, **terms))
        gig_changed(uow, event("gig_updated", 11, **newer))
        gig_changed(uow, event("gig_updated", 10, **terms))  # older: crossed on the way
    with store.unit_of_work() as uow:
        copy = Orders(uow.session).gig("g1")
        assert copy.as_gig()["packages"][0]["price"]["amount"] == 3000
        gig_changed(uow, event("gig_archived", 12, seller_id="s"))
        assert copy.status == "archived"


class PaymentsRecord:
    """What payments answers to `order_payment`: the ids it holds a payment for."""

    def __init__(self, paid):
        self.paid = set(paid)

    def order_payment(self, order_id):
        return {"order_id": order_id} if order_id in self.paid else None


def test_p2_a_paid_placement_whose_order_never_came_is_finished_an_unpaid_one_forgotten(store):
    from datetime import timedelta

    from orders.domain.placement import Placement, Terms, terms_to_dict
    from orders.service_layer.placement import STALE_PLACEMENT, settle_stale_placements

    terms = terms_to_dict(
        Terms(
            seller_id="s",
            seller_username="sam",
            title="A logo",
            price=Money(2500),
            delivery_days=3,
            revisions=1,
            source_kind="gig",
            source_id="g",
            gig_id="g",
            package="basic",
        )
    )
    with store.unit_of_work() as uow:
        old = uow.now() - STALE_PLACEMENT - timedelta(minutes=1)
        paid = Placement(
            buyer_id="b",
            idempotency_key="k1",
            request={},
            terms=terms,
            created_at=old,
            buyer_username="bea",
        )
        unpaid = Placement(
            buyer_id="b", idempotency_key="k2", request={}, terms=terms, created_at=old
        )
        fresh = Placement(
            buyer_id="b", idempotency_key="k3", request={}, terms=terms, created_at=uow.now()
        )  # may still be paying: left alone
        for placement in (paid, unpaid, fresh):
            Orders(uow.session).add(placement)
    record = PaymentsRecord([paid.order_id, fresh.order_id])
    assert settle_stale_placements(store, record) == (1, 1)
    assert settle_stale_placements(store, record) == (0, 0)  # nothing left to settle
    with store.unit_of_work() as uow:
        orders = Orders(uow.session)
        order = orders.get(paid.order_id)
        assert (order.price, order.buyer_username, order.status) == (
            Money(2500),
            "bea",
            "incomplete",
        )
        assert orders.placement("b", "k2") is None and orders.placement("b", "k3") is not None


def test_a_command_publishes_its_transitions_event_through_the_contract(store):
    from microtache.errors import NotFound

    from orders.service_layer.commands import command
    from orders.service_layer.queries import order_facts

    with store.unit_of_work() as uow:
        order = an_order(uow.now())
        uow.orders.add(order)
    with store.unit_of_work() as uow:
        command(
            uow, {"id": "b", "role": "user"}, order.id, "submit_requirements", requirements="Blue"
        )
        published = {message["event_type"]: message for message in uow.published}
    assert set(published) == {"order_started", "deadline_requested"}
    started = published["order_started"]
    assert (started["previous_status"], started["status"], started["actor"]) == (
        "incomplete",
        "in_progress",
        "buyer",
    )
    assert "price" not in started and started["due_at"].endswith("+00:00")
    with store.read_only() as uow:
        assert OrderFacts().dump(order_facts(uow, {"id": "s"}, order.id))["seller"] == {
            "id": "s",
            "username": "sam",
        }
        with pytest.raises(NotFound):
            order_facts(uow, {"id": "stranger", "role": "user"}, order.id)
