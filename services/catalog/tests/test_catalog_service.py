"""The catalog's entrypoints on a real SQLite database, without a broker
(nameko's worker_factory)."""

import pytest
from catalog_support import as_caller
from nameko.testing.services import worker_factory

from microtache.errors import Conflict, InvalidInput, RuleViolation, Unauthenticated

from catalog.domain.search_cache import Answers
from catalog.service import CatalogService


@pytest.fixture
def service(catalog_store):
    store = catalog_store()
    return worker_factory(CatalogService, db=store, answers=Answers())


def gig(**overrides):
    return {
        "title": "I will translate your website into French",
        "description": "Native French translator.",
        "category": "writing-translation",
        "subcategory": "translation",
        "packages": [
            {"tier": "basic", "price": {"amount": 3000}, "delivery_days": 2, "revisions": 1}
        ],
        **overrides,
    }


def test_a1_sign_up_hashes_the_password_and_publishes_the_fact(service):
    account = service.sign_up(
        {"username": "marie", "email": "Marie@Example.com", "password": "long-enough"}
    )
    assert account["email"] == "marie@example.com" and "password" not in account
    with service.db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
        event = conn.exec_driver_sql("SELECT event_type FROM outbox_messages").scalar()
    assert stored.startswith("$argon2id$")
    assert event == "user_signed_up"
    assert (
        service.authenticate({"username": "marie", "password": "long-enough"})["id"]
        == account["id"]
    )
    with pytest.raises(Unauthenticated):
        service.authenticate({"username": "marie", "password": "wrong-password"})
    with pytest.raises(Conflict):
        service.sign_up(
            {"username": "marie2", "email": "marie@example.com", "password": "correct-horse"}
        )


def test_a2_the_seller_is_the_caller_never_a_field_of_the_body(service):
    seller = service.sign_up(
        {"username": "jean", "email": "j@example.com", "password": "correct-horse"}
    )
    with pytest.raises(InvalidInput) as error:
        as_caller(service, {"id": seller["id"]}).create_gig(gig(seller_id="someone-else"))
    assert "seller_id" in error.value.details
    created = as_caller(service, {"id": seller["id"]}).create_gig(gig())
    assert created["seller_id"] == seller["id"]


def test_c4_search_ranks_the_title_above_the_description(service):
    seller = service.sign_up(
        {"username": "ana", "email": "a@example.com", "password": "correct-horse"}
    )
    caller = {"id": seller["id"]}
    in_description = as_caller(service, caller).create_gig(
        gig(title="I will write product descriptions", description="Also some French translation.")
    )
    in_title = as_caller(service, caller).create_gig(
        gig(title="I will do French translation of documents")
    )
    results = service.search_gigs({"q": "french translation"})["results"]
    assert [r["id"] for r in results] == [in_title["id"], in_description["id"]]
    assert service.search_gigs({"q": "transl"})["results"]  # prefixes match


def test_c4_search_pages_with_a_cursor(service):
    seller = service.sign_up(
        {"username": "bob", "email": "b@example.com", "password": "correct-horse"}
    )
    for n in range(5):
        as_caller(service, {"id": seller["id"]}).create_gig(
            gig(title=f"I will translate page number {n}")
        )
    first = service.search_gigs({"q": "translate", "limit": 3})
    second = service.search_gigs({"q": "translate", "limit": 3, "cursor": first["next_cursor"]})
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 5 and second["next_cursor"] is None
    with pytest.raises(RuleViolation):  # not a cursor we gave: 422 (issue 15, item 8)
        service.search_gigs({"cursor": "garbage"})
