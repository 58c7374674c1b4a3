"""Issue 15 (hardening), catalog's part: bounds, e-mails, sign-in, autocomplete."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from catalog_support import as_caller, searches_written
from nameko.testing.services import worker_factory
from sqlalchemy.exc import IntegrityError

from microtache.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    RuleViolation,
    TooManyRequests,
    Unauthenticated,
)

from catalog import contract
from catalog.adapters import passwords
from catalog.adapters.accounts import Accounts
from catalog.domain import suggestions
from catalog.domain.search_cache import Answers
from catalog.service import CatalogService


@pytest.fixture
def service(catalog_store):
    store = catalog_store()
    return worker_factory(CatalogService, db=store, answers=Answers())


def user(service, username, role="user"):
    account = service.sign_up(
        {"username": username, "email": f"{username}@example.com", "password": "correct-horse"}
    )
    return {"id": account["id"], "username": username, "role": role}


def gig(extra_price=1000, **overrides):
    return {
        "title": "I will design a minimalist logo for your brand",
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {"tier": "basic", "price": {"amount": 2500}, "delivery_days": 3, "revisions": 1}
        ],
        "extras": [{"name": "Source files", "price": {"amount": extra_price}}],
        **overrides,
    }


# item 2: every amount, integer and string bounded by catalog's policy
def test_hardening_2_an_extra_above_the_policy_ceiling_is_refused(service):
    seller = user(service, "ana")
    for amount in (1_000_001, 100_000_000):  # above $10,000; at the shared ceiling
        with pytest.raises(InvalidInput) as error:
            as_caller(service, seller).create_gig(gig(extra_price=amount))
        assert "extras" in error.value.details
    created = as_caller(service, seller).create_gig(gig(extra_price=1_000_000))
    with pytest.raises(InvalidInput):
        as_caller(service, seller).update_gig(
            created["id"], {"extras": [{"name": "Rush", "price": {"amount": 100_000_000}}]}
        )


def test_hardening_2_search_prices_are_bounded_and_ordered(service):
    for criteria in ({"min_price": 2**63}, {"max_price": 1_000_001}, {"min_price": -1}):
        with pytest.raises(InvalidInput):
            service.search_gigs(criteria)
    # issue 15, item 8: a range with nothing in it is no longer a 400; it finds nothing
    assert service.search_gigs({"min_price": 600, "max_price": 500})["results"] == []
    assert service.search_gigs({"min_price": 500, "max_price": 1_000_000})["results"] == []


def test_hardening_2_every_integer_and_string_of_a_gig_is_bounded():
    package = {"tier": "basic", "price": {"amount": 2500}, "delivery_days": 3, "revisions": 1}
    for bad in ({"delivery_days": 2**40}, {"revisions": 10**6}, {"delivery_days": 0}):
        assert "packages" in contract.GigCreateSchema().validate(gig(packages=[{**package, **bad}]))
    for field, value in (
        ("title", "t" * 10_000),
        ("description", "d" * 501),
        ("category", "a" * 61),
        ("attributes", {f"k{n}": "v" for n in range(21)}),
        ("extras", [{"name": f"x{n}", "price": {"amount": 500}} for n in range(11)]),
    ):
        assert field in contract.GigCreateSchema().validate(gig(**{field: value})), field
    assert "cursor" in contract.SearchSchema().validate({"cursor": "c" * 201})
    assert "attributes" in contract.SearchSchema().validate({"attributes": "a:b," * 300})


# item 3: e-mails unique whatever their case, and no hash in a log or a traceback
def test_hardening_3_an_email_taken_in_another_case_is_a_409(service):
    service.sign_up(
        {"username": "marie", "email": "marie@example.com", "password": "correct-horse"}
    )
    with pytest.raises(Conflict):
        service.sign_up(
            {"username": "marie2", "email": "MARIE@Example.COM", "password": "correct-horse"}
        )


def test_hardening_3_the_database_refuses_an_email_in_another_case(service):
    service.sign_up(
        {"username": "marie", "email": "marie@example.com", "password": "correct-horse"}
    )
    with pytest.raises(IntegrityError), service.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, email, password_hash, role, languages, "
            "accepts_quotes, on_vacation, level, review_count, created_at) VALUES "
            "('x', 'other', 'Marie@Example.com', 'h', 'user', '[]', 1, 0, 'new', 0, "
            "'2026-01-01T00:00:00+00:00')"
        )


def test_hardening_3_a_sign_up_race_is_a_409_that_never_shows_the_hash(
    service, monkeypatch, caplog
):
    """Two replicas sign up the same e-mail at once: the loser's IntegrityError (whose
    parameters hold its Argon2 hash) becomes a 409 and is never logged or chained."""
    service.sign_up(
        {"username": "marie", "email": "marie@example.com", "password": "correct-horse"}
    )
    monkeypatch.setattr(Accounts, "username_or_email_taken", lambda *args: False)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Conflict) as error:
        service.sign_up(
            {"username": "marie2", "email": "Marie@example.com", "password": "correct-horse"}
        )
    chain, exc = [], error.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert not any(isinstance(e, IntegrityError) for e in chain)
    assert "$argon2" not in caplog.text and "$argon2" not in str(error.value)
    with service.db.unit_of_work() as uow:
        account = uow.accounts.user_by_username("marie")
        assert "$argon2" not in repr(account)


# item 4: sign-in throttling, the same work for unknown users, the password policy
def test_hardening_4_sign_in_is_throttled_per_account(service):
    from catalog.domain import sign_in

    user(service, "marie")
    for _ in range(sign_in.ACCOUNT_FAILURES):
        with pytest.raises(Unauthenticated):
            service.authenticate({"username": "marie", "password": "wrong-password"})
    with pytest.raises(TooManyRequests) as error:
        service.authenticate({"username": "marie", "password": "correct-horse"})
    assert 0 < error.value.details["retry_after_seconds"] <= sign_in.ACCOUNT_LOCK.total_seconds()
    with pytest.raises(TooManyRequests):  # an unknown name is throttled alike
        for _ in range(sign_in.ACCOUNT_FAILURES + 1):
            try:
                service.authenticate({"username": "nobody", "password": "wrong-password"})
            except Unauthenticated:
                pass


def test_hardening_4_sign_in_is_throttled_per_client_address(service):
    from catalog.domain import sign_in

    for n in range(sign_in.ADDRESS_FAILURES):
        with pytest.raises(Unauthenticated):
            service.authenticate(
                {"username": f"guess{n}", "password": "wrong-password"},
                client_address="203.0.113.7",
            )
    user(service, "marie")
    with pytest.raises(TooManyRequests):
        service.authenticate(
            {"username": "marie", "password": "correct-horse"}, client_address="203.0.113.7"
        )
    assert (
        service.authenticate(
            {"username": "marie", "password": "correct-horse"}, client_address="198.51.100.1"
        )["username"]
        == "marie"
    )


def test_hardening_4_a_lock_backs_off_and_the_failures_table_stays_bounded():
    from catalog.domain import sign_in

    now = datetime(2026, 1, 1, tzinfo=UTC)
    failures = [now - timedelta(seconds=n) for n in range(sign_in.ACCOUNT_FAILURES)]
    assert sign_in.retry_after(failures, [], now) == 60
    assert sign_in.retry_after(failures + [now], [], now) == 120
    assert sign_in.retry_after(failures * 10, [], now) == sign_in.WINDOW.total_seconds()
    assert sign_in.retry_after([now - sign_in.WINDOW] * 50, [], now) is None
    assert sign_in.retry_after(failures[:-1], [], now) is None


def test_hardening_4_old_sign_in_failures_are_deleted(service):
    user(service, "marie")
    with service.db.unit_of_work() as uow:
        uow.accounts.record_sign_in_failure(
            ["k" * 64], uow.now() - timedelta(hours=1), uow.now() - timedelta(hours=2)
        )
    with pytest.raises(Unauthenticated):
        service.authenticate({"username": "marie", "password": "wrong-password"})
    with service.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sign_in_failures").scalar() == 1


def test_hardening_4_an_unknown_user_costs_the_same_argon2_work(service, monkeypatch):
    checked = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: checked.append(h) or real(h, p))
    with pytest.raises(Unauthenticated):
        service.authenticate({"username": "nobody", "password": "correct-horse"})
    assert checked and checked[0].startswith("$argon2id$")


@pytest.mark.parametrize(
    "password, refusal",
    [
        ("password", RuleViolation),
        ("12345678", RuleViolation),
        (" " * 8, InvalidInput),
        ("marie123", RuleViolation),
    ],
)
def test_hardening_4_common_passwords_are_refused_with_the_reason(service, password, refusal):
    # a guessable password is well-formed: 422 since issue 15, item 8 (blank: the schema's 400)
    with pytest.raises(refusal) as error:
        service.sign_up({"username": "marie", "email": "marie@example.com", "password": password})
    assert error.value.details["password"][0]


def test_hardening_4_the_test_helpers_password_passes_the_policy(service):
    user(service, "marie")


# item 5: autocomplete from many people who found gigs, bounded, and moderated
def test_hardening_5_one_anonymous_searcher_never_writes_autocomplete(service):
    seller = user(service, "ana")
    as_caller(service, seller).create_gig(gig())
    for _ in range(5):
        service.search_gigs({"q": "logo for cheap followers"})
        service.search_gigs({"q": "logo for cheap"}, searcher="203.0.113.7")
    searches_written(service)
    terms = [s["term"] for s in service.suggestions({"q": "logo f"})["suggestions"]]
    assert "logo for cheap followers" not in terms and "logo for cheap" not in terms


def test_hardening_5_search_terms_are_capped_and_forgotten(service, monkeypatch):
    monkeypatch.setattr(suggestions, "MAX_TERMS", 3)
    with service.db.unit_of_work() as uow:
        suggested = uow.suggestions
        now = uow.now()
        suggested.record_search_term("old", None, "a" * 64, now - suggestions.TERM_WINDOW * 2)
        for n in range(5):
            suggested.record_search_term(f"term {n}", None, "a" * 64, now + timedelta(seconds=n))
    with service.db.engine.connect() as conn:
        terms = conn.exec_driver_sql("SELECT term FROM search_terms").scalars().all()
        searchers = conn.exec_driver_sql("SELECT count(*) FROM search_term_searchers").scalar()
    assert sorted(terms) == ["term 2", "term 3", "term 4"] and searchers == 3


def test_hardening_5_an_admin_removes_a_suggestion_for_good(service):
    seller = user(service, "ana")
    admin = {"id": seller["id"], "username": "admin", "role": "admin"}
    as_caller(service, seller).create_gig(gig())
    for searcher in ("u1", "u2", "u3"):
        service.search_gigs({"q": "minimalist logo"}, searcher=searcher)
    searches_written(service)
    assert "minimalist logo" in [
        s["term"] for s in service.suggestions({"q": "minimalist"})["suggestions"]
    ]
    with pytest.raises(Forbidden):
        as_caller(service, seller).remove_suggestion("minimalist logo")
    assert as_caller(service, admin).remove_suggestion("Minimalist  Logo") == {
        "term": "minimalist logo",
        "removed": True,
    }
    for searcher in ("u4", "u5", "u6"):
        service.search_gigs({"q": "minimalist logo"}, searcher=searcher)
    searches_written(service)
    assert "minimalist logo" not in [
        s["term"] for s in service.suggestions({"q": "minimalist"})["suggestions"]
    ]  # neither searched nor from the title
