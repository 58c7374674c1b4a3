"""catalog's `contact` (N4): how the inbox reaches a person by e-mail and in which
language, a system query (no caller), on a real SQLite database (worker_factory)."""

import pytest
from nameko.testing.services import worker_factory

from microtache.errors import NotFound

from catalog.domain.search_cache import Answers
from catalog.service import CatalogService


@pytest.fixture
def service(catalog_store):
    return worker_factory(CatalogService, db=catalog_store(), answers=Answers())


def test_n4_contact_gives_the_address_and_the_languages_in_their_order(service):
    account = service.sign_up(
        {
            "username": "amelie",
            "email": "Amelie@Example.com",
            "password": "correct-horse-battery",
            "languages": ["fr", "en"],
        }
    )
    assert service.contact(account["id"]) == {
        "username": "amelie",
        "email": "amelie@example.com",
        "languages": ["fr", "en"],
    }
    service.caller.return_value = {"id": account["id"], "username": "amelie", "role": "user"}
    service.update_profile({"languages": ["en", "fr"]})
    assert service.contact(account["id"])["languages"] == ["en", "fr"]


def test_n4_contact_of_no_account_is_not_found(service):
    with pytest.raises(NotFound):
        service.contact("no-such-account")
