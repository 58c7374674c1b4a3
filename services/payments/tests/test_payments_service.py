"""The payments service's entrypoints, with a real database and no broker."""

import pytest
from nameko.testing.services import worker_factory
from test_payments_orders import acting

from microtache.errors import NotFound

from payments.adapters.orm import metadata
from payments.service import PaymentsService

ZERO = {"amount": 0, "currency": "USD"}


@pytest.fixture
def service(store_factory):
    store = store_factory(metadata, "payments.migrations")
    return worker_factory(PaymentsService, db=store)


def test_p1_signed_up_user_has_zero_balances(service):
    event = {"event_id": "e-1", "user_id": "u1", "username": "ada", "country": None}
    service.on_user_signed_up(event)
    service.on_user_signed_up(event)  # redelivery changes nothing
    assert acting(service, {"id": "u1", "role": "user"}).get_balance() == {
        "buyer_balance": ZERO,
        "pending_clearance": ZERO,
        "available": ZERO,
        "withdrawn": ZERO,
    }
    assert service.check_ledger() == {
        "balanced": True,
        "transactions": 0,
        "unbalanced": [],
        "negative_balances": [],
        "finished_escrows_not_empty": [],
    }


def test_a2_balance_of_unknown_user_is_not_found(service):
    with pytest.raises(NotFound):
        acting(service, {"id": "nobody", "role": "user"}).get_balance()


def test_ping_answers_with_the_database(service):
    assert service.ping() == {"service": "payments", "database": "ok"}


def test_a2_caller_with_more_fields_than_id_is_accepted(service):
    service.on_user_signed_up(
        {"event_id": "e-1", "user_id": "u1", "username": "ada", "country": None}
    )
    ada = {"id": "u1", "role": "user", "username": "ada"}
    assert acting(service, ada).get_balance()["available"] == ZERO
