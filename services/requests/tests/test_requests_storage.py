"""The requests service's walking skeleton: its database migrates, a request round-trips."""

import pytest
from nameko.testing.services import worker_factory

from microtache.money import Money

from buyer_requests.adapters.orm import metadata
from buyer_requests.adapters.repository import Requests
from buyer_requests.contract import BuyerRequestSchema
from buyer_requests.domain.requests import PENDING, BuyerRequest
from buyer_requests.service import RequestsService


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "buyer_requests.migrations")
    return store


def test_a_new_request_round_trips_through_its_tables(store):
    with store.unit_of_work() as uow:
        request = BuyerRequest(
            buyer_id="b",
            description="A logo for my bakery",
            category="graphics-design",
            subcategory="logo-design",
            delivery_days=3,
            budget=Money(5000),
            created_at=uow.now(),
        )
        Requests(uow.session).add(request)
    with store.unit_of_work() as uow:
        found = Requests(uow.session).get(request.id)
        dumped = BuyerRequestSchema().dump(found)
        assert (dumped["status"], dumped["budget"]) == (
            PENDING,
            {"amount": 5000, "currency": "USD"},
        )


def test_ping_answers_with_the_database(store):
    assert worker_factory(RequestsService, db=store).ping() == {
        "service": "requests",
        "database": "ok",
    }
