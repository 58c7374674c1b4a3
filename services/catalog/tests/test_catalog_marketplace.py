"""Gig changes, seller profiles, favourites, reports and autocomplete, through the
catalog's entrypoints on a real SQLite database (nameko's worker_factory, no broker)."""

import json

import pytest
from catalog_support import as_caller, searches_written
from nameko.testing.services import worker_factory

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation

from catalog.domain.gigs import MAX_ACTIVE_GIGS
from catalog.domain.search_cache import Answers
from catalog.service import CatalogService
from catalog.service_layer import accounts


@pytest.fixture
def service(catalog_store):
    store = catalog_store()
    return worker_factory(CatalogService, db=store, answers=Answers())


@pytest.fixture
def admin(service):
    """The development admin account (A1), as the service's seed makes it."""
    with service.db.unit_of_work() as uow:
        accounts.ensure_admin(uow, "admin-password")
    account = service.authenticate({"username": "admin", "password": "admin-password"})
    assert account["role"] == "admin"
    return account


def gig(**overrides):
    return {
        "title": "I will design a minimalist logo for your brand",
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {"tier": "basic", "price": {"amount": 2500}, "delivery_days": 3, "revisions": 1},
            {"tier": "premium", "price": {"amount": 9000}, "delivery_days": 5, "revisions": 3},
        ],
        **overrides,
    }


def user(service, username):
    account = service.sign_up(
        {"username": username, "email": f"{username}@example.com", "password": "correct-horse"}
    )
    return {"id": account["id"], "username": username, "role": "user"}


def events(service, event_type):
    with service.db.engine.connect() as conn:
        rows = (
            conn.exec_driver_sql(
                "SELECT payload FROM outbox_messages WHERE event_type = ? ORDER BY id",
                (event_type,),
            )
            .scalars()
            .all()
        )
    envelope = ("event_id", "event_type", "occurred_at", "version")
    return [{k: v for k, v in json.loads(row).items() if k not in envelope} for row in rows]


def search_ids(service, **criteria):
    return [r["id"] for r in service.search_gigs(criteria)["results"]]


# C1, C2: editing, pausing, archiving
def test_c2_the_seller_edits_a_gig_and_every_rule_is_checked_again(service):
    seller = user(service, "ana")
    created = as_caller(service, seller).create_gig(gig())
    updated = as_caller(service, seller).update_gig(
        created["id"],
        {
            "title": "  I will draw a vintage mascot logo  ",
            "tags": ["Mascot"],
            "packages": [
                {"tier": "basic", "price": {"amount": 4000}, "delivery_days": 2, "revisions": 2}
            ],
        },
    )
    assert updated["title"] == "I will draw a vintage mascot logo" and updated["tags"] == ["mascot"]
    assert [p["price"]["amount"] for p in updated["packages"]] == [4000]
    assert updated["description"] == "Clean vector logos."  # absent fields stay
    assert service.get_gig(created["id"])["packages"][0]["delivery_days"] == 2
    published = events(service, "gig_updated")
    assert published[-1]["gig_id"] == created["id"]
    assert published[-1]["packages"] == [
        {
            "tier": "basic",
            "price": {"amount": 4000, "currency": "USD"},
            "delivery_days": 2,
            "revisions": 2,
        }
    ]
    assert set(published[-1]) == set(events(service, "gig_published")[0])
    assert search_ids(service, q="mascot") == [created["id"]]  # re-indexed
    assert search_ids(service, q="minimalist") == []

    with pytest.raises(InvalidInput) as error:
        as_caller(service, seller).update_gig(created["id"], {"description": "x" * 501})
    assert "description" in error.value.details
    with pytest.raises(RuleViolation):  # the tree refuses it: 422 (issue 15, item 8)
        as_caller(service, seller).update_gig(created["id"], {"subcategory": "translation"})
    with pytest.raises(InvalidInput):
        as_caller(service, seller).update_gig(created["id"], {"status": "archived"})
    assert service.get_gig(created["id"])["description"] == "Clean vector logos."


def test_c2_only_the_seller_changes_or_archives_a_gig(service):
    seller, other = user(service, "ana"), user(service, "bob")
    created = as_caller(service, seller).create_gig(gig())
    with pytest.raises(Forbidden):
        as_caller(service, other).update_gig(
            created["id"], {"title": "I will steal this gig from ana"}
        )
    with pytest.raises(Forbidden):
        as_caller(service, other).archive_gig(created["id"])
    with pytest.raises(NotFound):
        as_caller(service, seller).update_gig("no-such-gig", {"status": "paused"})


def test_c2_reactivating_a_paused_gig_counts_toward_the_10_active_limit(service):
    seller = user(service, "ana")
    first = as_caller(service, seller).create_gig(gig())
    assert (
        as_caller(service, seller).update_gig(first["id"], {"status": "paused"})["status"]
        == "paused"
    )
    assert search_ids(service, q="logo") == []  # paused: not in search
    for n in range(MAX_ACTIVE_GIGS):
        as_caller(service, seller).create_gig(gig(title=f"I will design logo number {n}"))
    with pytest.raises(RuleViolation):
        as_caller(service, seller).update_gig(first["id"], {"status": "active"})
    # an active gig is not counted twice against itself
    others = search_ids(service, q="number", limit=50)
    as_caller(service, seller).update_gig(others[0], {"title": "I will design a logo number zero"})
    as_caller(service, seller).update_gig(others[0], {"status": "paused"})
    assert (
        as_caller(service, seller).update_gig(first["id"], {"status": "active"})["status"]
        == "active"
    )


def test_c2_an_archived_gig_is_final_and_leaves_search(service):
    seller = user(service, "ana")
    created = as_caller(service, seller).create_gig(gig())
    archived = as_caller(service, seller).archive_gig(created["id"])
    assert archived["status"] == "archived"
    assert events(service, "gig_archived") == [{"gig_id": created["id"], "seller_id": seller["id"]}]
    assert search_ids(service, q="logo") == []
    with pytest.raises(Conflict):
        as_caller(service, seller).update_gig(created["id"], {"status": "active"})
    with pytest.raises(Conflict):
        as_caller(service, seller).archive_gig(created["id"])


# C6: seller profiles
def test_c6_a_profile_lists_the_sellers_active_gigs_only(service):
    seller = user(service, "ana")
    as_caller(service, seller).update_profile({"country": "FR", "languages": ["fr", "en"]})
    active = as_caller(service, seller).create_gig(gig())
    paused = as_caller(service, seller).create_gig(gig(title="I will design a paused logo for you"))
    as_caller(service, seller).update_gig(paused["id"], {"status": "paused"})
    archived = as_caller(service, seller).create_gig(
        gig(title="I will design an archived logo today")
    )
    as_caller(service, seller).archive_gig(archived["id"])

    profile = service.get_seller_profile("ana")
    assert profile["username"] == "ana" and profile["country"] == "FR"
    assert profile["languages"] == ["fr", "en"] and profile["level"] == "new"
    assert "email" not in profile and "role" not in profile
    assert profile["on_vacation"] is False and profile["online"] is False
    assert profile["gigs"] == [
        {
            "id": active["id"],
            "title": active["title"],
            "category": "graphics-design",
            "subcategory": "logo-design",
            "price": {"amount": 2500, "currency": "USD"},
            "created_at": active["created_at"],
        }
    ]
    with pytest.raises(NotFound):
        service.get_seller_profile("nobody")


def test_c6_a_seller_lists_own_gigs_paused_ones_too_archived_when_asked(service):
    seller = user(service, "ana")
    titles = [f"I will design logo number {n} for you" for n in range(3)]
    made = [as_caller(service, seller).create_gig(gig(title=title)) for title in titles]
    as_caller(service, seller).update_gig(made[1]["id"], {"status": "paused"})
    as_caller(service, seller).archive_gig(made[2]["id"])
    as_caller(service, user(service, "bob")).create_gig(gig())

    page = as_caller(service, seller).list_own_gigs({})
    assert [(g["id"], g["status"]) for g in page["results"]] == [
        (made[1]["id"], "paused"),
        (made[0]["id"], "active"),
    ]  # newest first, archived left out, nobody else's
    assert page["next_cursor"] is None
    first = page["results"][1]
    assert first["price"] == {"amount": 2500, "currency": "USD"}
    assert first["thumbnail_url"] is None and first["title"] == titles[0]
    archived = as_caller(service, seller).list_own_gigs({"status": "archived"})
    assert [g["id"] for g in archived["results"]] == [made[2]["id"]]
    one = as_caller(service, seller).list_own_gigs({"limit": 1})
    assert [g["id"] for g in one["results"]] == [made[1]["id"]] and one["next_cursor"]
    rest = as_caller(service, seller).list_own_gigs({"limit": 1, "cursor": one["next_cursor"]})
    assert [g["id"] for g in rest["results"]] == [made[0]["id"]] and rest["next_cursor"] is None
    with pytest.raises(InvalidInput):
        as_caller(service, seller).list_own_gigs({"status": "deleted"})


def test_c5_c6_a_profile_and_a_gig_say_online_now_and_on_vacation(service):
    seller = user(service, "ana")
    made = as_caller(service, seller).create_gig(gig())
    assert service.get_gig(made["id"])["online"] is False
    service.on_user_seen({"user_id": seller["id"]})
    as_caller(service, seller).update_profile({"on_vacation": True})
    profile = service.get_seller_profile("ana")
    assert profile["online"] is True and profile["on_vacation"] is True
    assert service.get_gig(made["id"])["online"] is True


# C8: favourites
def test_c8_a_buyer_keeps_favourites_and_lists_them_newest_first(service):
    seller, buyer = user(service, "ana"), user(service, "bob")
    gigs = [
        as_caller(service, seller).create_gig(gig(title=f"I will design logo number {n}"))
        for n in range(3)
    ]
    for created in gigs:
        as_caller(service, buyer).add_favourite(created["id"])
    as_caller(service, buyer).add_favourite(gigs[0]["id"])  # idempotent
    first = as_caller(service, buyer).list_favourites({"limit": 2})
    assert [r["id"] for r in first["results"]] == [gigs[2]["id"], gigs[1]["id"]]
    assert first["results"][0] == {
        "id": gigs[2]["id"],
        "title": "I will design logo number 2",
        "seller": "ana",
        "price": {"amount": 2500, "currency": "USD"},
        "status": "active",
    }
    second = as_caller(service, buyer).list_favourites({"limit": 2, "cursor": first["next_cursor"]})
    assert [r["id"] for r in second["results"]] == [gigs[0]["id"]]
    assert second["next_cursor"] is None

    as_caller(service, buyer).remove_favourite(gigs[1]["id"])
    as_caller(service, buyer).remove_favourite(gigs[1]["id"])  # idempotent
    as_caller(service, seller).archive_gig(gigs[0]["id"])
    listed = as_caller(service, buyer).list_favourites({})["results"]
    assert [(r["id"], r["status"]) for r in listed] == [
        (gigs[2]["id"], "active"),
        (gigs[0]["id"], "archived"),
    ]
    assert as_caller(service, seller).list_favourites({}) == {"results": [], "next_cursor": None}


def test_c8_favouriting_an_unknown_gig_is_not_found(service):
    buyer = user(service, "bob")
    with pytest.raises(NotFound):
        as_caller(service, buyer).add_favourite("no-such-gig")
    with pytest.raises(InvalidInput):
        as_caller(service, buyer).list_favourites({"limit": 51})
    with pytest.raises(RuleViolation):  # not a cursor we gave: 422 (issue 15, item 8)
        as_caller(service, buyer).list_favourites({"cursor": "garbage"})


# C9: reports and moderation
def test_c9_a_signed_in_user_reports_a_gig_once_while_open(service, admin):
    seller, reporter = user(service, "ana"), user(service, "bob")
    created = as_caller(service, seller).create_gig(gig())
    report = as_caller(service, reporter).report_gig(
        created["id"], {"reason": "spam", "details": "Copied."}
    )
    assert set(report) == {"id", "gig_id", "reason", "status"}
    assert report["status"] == "open" and report["reason"] == "spam"
    assert events(service, "gig_reported") == [
        {"report_id": report["id"], "gig_id": created["id"], "reason": "spam"}
    ]
    with pytest.raises(Conflict):
        as_caller(service, reporter).report_gig(created["id"], {"reason": "scam"})
    with pytest.raises(InvalidInput) as error:
        as_caller(service, reporter).report_gig(created["id"], {"reason": "boring"})
    assert "reason" in error.value.details
    with pytest.raises(InvalidInput):
        as_caller(service, reporter).report_gig(
            created["id"], {"reason": "scam", "details": "x" * 1001}
        )
    with pytest.raises(NotFound):
        as_caller(service, reporter).report_gig("no-such-gig", {"reason": "scam"})

    as_caller(service, admin).resolve_report(report["id"], {"action": "dismiss"})
    again = as_caller(service, reporter).report_gig(
        created["id"], {"reason": "scam"}
    )  # closed: may report again
    assert again["id"] != report["id"]


def test_c9_only_an_admin_lists_and_resolves_reports(service, admin):
    seller, reporter = user(service, "ana"), user(service, "bob")
    created = as_caller(service, seller).create_gig(gig())
    report = as_caller(service, reporter).report_gig(created["id"], {"reason": "harassment"})
    with pytest.raises(Forbidden):
        as_caller(service, reporter).list_reports({})
    with pytest.raises(Forbidden):
        as_caller(service, reporter).resolve_report(report["id"], {"action": "remove_gig"})
    queue = as_caller(service, admin).list_reports({})
    assert [r["id"] for r in queue["results"]] == [report["id"]] and queue["next_cursor"] is None
    assert queue["results"][0]["reporter_id"] == reporter["id"]
    with pytest.raises(NotFound):
        as_caller(service, admin).resolve_report("no-such-report", {"action": "dismiss"})


def test_c9_removing_a_reported_gig_archives_it_and_resolving_twice_conflicts(service, admin):
    seller, reporter, other = user(service, "ana"), user(service, "bob"), user(service, "eve")
    created = as_caller(service, seller).create_gig(gig())
    report = as_caller(service, reporter).report_gig(created["id"], {"reason": "scam"})
    second = as_caller(service, other).report_gig(created["id"], {"reason": "spam"})
    resolved = as_caller(service, admin).resolve_report(
        report["id"], {"action": "remove_gig", "note": "Asks for payment off-site."}
    )
    assert resolved["status"] == "resolved" and resolved["resolution"] == "remove_gig"
    assert (
        resolved["note"] == "Asks for payment off-site." and resolved["resolved_by"] == admin["id"]
    )
    assert service.get_gig(created["id"])["status"] == "archived"
    assert events(service, "gig_archived") == [{"gig_id": created["id"], "seller_id": seller["id"]}]
    assert search_ids(service, q="logo") == []
    with pytest.raises(Conflict):
        as_caller(service, admin).resolve_report(report["id"], {"action": "dismiss"})
    # the other report on the same gig still resolves, without archiving twice
    as_caller(service, admin).resolve_report(second["id"], {"action": "remove_gig"})
    assert len(events(service, "gig_archived")) == 1
    assert [
        r["id"] for r in as_caller(service, admin).list_reports({"status": "resolved"})["results"]
    ] == [report["id"], second["id"]]
    assert as_caller(service, admin).list_reports({})["results"] == []
    with pytest.raises(InvalidInput):
        as_caller(service, admin).resolve_report(report["id"], {"action": "ban"})


# C4: autocomplete
def test_c4_typing_logo_suggests_logo_design_with_its_category(service):
    seller = user(service, "ana")
    as_caller(service, seller).create_gig(gig())
    suggestions = service.suggestions({"q": "Logo"})["suggestions"]
    assert {"term": "logo design", "category": "graphics-design"} in suggestions
    assert len({s["term"] for s in suggestions}) == len(suggestions)
    assert service.suggestions({"q": "transl"}) == {"suggestions": []}  # no gig there


def test_c4_common_search_terms_come_first_with_the_category_found(service):
    """Terms that at least MIN_SEARCHERS distinct people searched, and found gigs for."""
    seller = user(service, "ana")
    as_caller(service, seller).create_gig(gig())
    as_caller(service, seller).create_gig(
        gig(
            title="I will translate your logo brief into French",
            category="writing-translation",
            subcategory="translation",
        )
    )
    for searcher in ("u1", "u2", "u3", "u3"):
        service.search_gigs({"q": "Logo  MINIMALIST"}, searcher=searcher)
    for searcher in ("u1", "u2", "10.0.0.9"):
        first_page = service.search_gigs({"q": "logo", "limit": 1}, searcher=searcher)
    service.search_gigs(
        {"q": "logo", "limit": 1, "cursor": first_page["next_cursor"]}, searcher="u4"
    )  # a page, not a search
    for searcher in ("u1", "u2", "u3"):
        service.search_gigs({"q": "logo vector nowhere"}, searcher=searcher)  # no result
    service.search_gigs({"q": "logo brief"}, searcher="u1")  # one person
    service.search_gigs({"q": "logo brief"})  # nobody named
    service.search_gigs({"q": ""}, searcher="u1")  # empty: not recorded
    searches_written(service)
    with service.db.engine.connect() as conn:
        terms = dict(conn.exec_driver_sql("SELECT term, searchers FROM search_terms").all())
        kept = (
            conn.exec_driver_sql("SELECT DISTINCT searcher FROM search_term_searchers")
            .scalars()
            .all()
        )
    assert terms == {"logo minimalist": 3, "logo": 3, "logo brief": 1}
    assert "u1" not in kept and all(len(k) == 64 for k in kept)  # hashed, never as sent

    suggestions = service.suggestions({"q": "LOGO", "limit": 10})["suggestions"]
    terms = [s["term"] for s in suggestions]
    assert terms[:2] == ["logo", "logo minimalist"]
    assert [s["category"] for s in suggestions[:2]] == ["writing-translation", "graphics-design"]
    assert "logo vector nowhere" not in terms and "logo brief" not in terms
    assert "logo design" in terms and len(set(terms)) == len(terms)
    assert service.suggestions({"q": "logo", "limit": 2})["suggestions"] == suggestions[:2]


def test_c4_title_phrases_of_active_gigs_complete_the_last_word(service):
    seller = user(service, "ana")
    active = as_caller(service, seller).create_gig(
        gig(
            title="I will write a catchy slogan for your brand",
            category="writing-translation",
            subcategory="translation",
        )
    )
    paused = as_caller(service, seller).create_gig(
        gig(title="I will write slogans and taglines quickly")
    )
    as_caller(service, seller).update_gig(paused["id"], {"status": "paused"})
    assert service.suggestions({"q": "catchy s"})["suggestions"] == [
        {"term": "catchy slogan", "category": "writing-translation"}
    ]
    assert [s["term"] for s in service.suggestions({"q": "slo"})["suggestions"]] == ["slogan"]
    assert active["status"] == "active"
    with pytest.raises(InvalidInput):
        service.suggestions({"q": ""})
    with pytest.raises(InvalidInput):
        service.suggestions({"q": "x", "limit": 11})
    assert service.suggestions({"q": "%"}) == {"suggestions": []}
