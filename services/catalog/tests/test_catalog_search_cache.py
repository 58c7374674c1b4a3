"""The search and autocomplete answers a catalog process keeps (C4, C5; issue 21): the
cache's own rules in plain Python, then, on a real SQLite database through the
entrypoints (worker_factory, no broker), that every write which changes an answer
moves the catalog's versions and the next search sees it."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from catalog_support import as_caller, gig, searches_written, seller
from nameko.testing.services import worker_factory

from microtache.clock import Clock

from catalog.adapters.versions import current_versions
from catalog.domain import search_cache as kept, suggestions
from catalog.domain.search_cache import (
    LISTINGS,
    SEEN,
    TERMS,
    AnswerCache,
    Answers,
    PendingSearches,
    RecentSearches,
)
from catalog.domain.suggestions import MIN_SEARCHERS
from catalog.service import CatalogService

T0 = datetime(2026, 1, 1, tzinfo=UTC)
V = {LISTINGS: 1, SEEN: 1, TERMS: 1}


def moved(name, versions=V):
    return {**versions, name: versions[name] + 1}


# the cache's rules, plain Python
def test_c5_an_answer_is_served_while_the_versions_it_depends_on_stand():
    cache = AnswerCache()
    criteria = {"q": "logo", "limit": 20, "cursor": None}
    key, depends = kept.search_key(criteria), kept.search_depends_on(criteria)
    assert cache.get(key, V, depends, T0) is None
    cache.put(key, V, depends, T0, {"results": ["a"]})
    assert cache.get(key, V, depends, T0 + timedelta(days=30)) == {"results": ["a"]}
    assert cache.get(key, moved(SEEN), depends, T0) == {"results": ["a"]}  # not online
    assert cache.get(key, moved(TERMS), depends, T0) == {"results": ["a"]}
    assert cache.get(key, moved(LISTINGS), depends, T0) is None
    assert cache.get(key, V, depends, T0) is None  # dropped when found stale
    assert (cache.hits["search"], cache.misses["search"]) == (3, 3)


def test_c5_without_the_versions_in_the_database_nothing_is_kept():
    cache = AnswerCache()
    cache.put(("search", "q"), {LISTINGS: 1}, (LISTINGS, SEEN), T0, "answer")
    assert len(cache) == 0
    cache.put(("search", "q"), V, (LISTINGS, SEEN), T0, "answer")
    assert cache.get(("search", "q"), {}, (LISTINGS, SEEN), T0) is None


def test_c5_the_key_is_the_validated_query_whatever_the_order_of_its_criteria():
    one = kept.search_key({"q": "logo", "attributes": {"style": "flat", "format": "svg"}})
    two = kept.search_key({"attributes": {"format": "svg", "style": "flat"}, "q": "logo"})
    assert one == two
    assert kept.search_key({"q": "logo", "cursor": None}) == kept.search_key({"q": "logo"})
    assert kept.search_key({"q": "logo"}) != kept.search_key({"q": "Logo"})  # echoed as given
    assert kept.search_key({"q": "logo", "limit": 20}) != kept.search_key(
        {"q": "logo", "limit": 10}
    )
    assert kept.suggestions_key("logo", 8) != kept.search_key({"q": "logo"})


def test_c5_online_now_answers_follow_sellers_seen_and_last_ten_seconds_at_most():
    """A seller coming online bumps SEEN; one going offline is only the clock moving."""
    cache = AnswerCache()
    criteria = {"q": "logo", "online": True}
    key, depends = kept.search_key(criteria), kept.search_depends_on(criteria)
    assert depends == (LISTINGS, SEEN)

    def keep(at):
        cache.put(key, V, depends, at, "answer", kept.search_ttl(criteria))

    keep(T0)
    assert cache.get(key, V, depends, T0 + kept.ONLINE_TTL - timedelta(seconds=1)) == "answer"
    assert cache.get(key, V, depends, T0 + kept.ONLINE_TTL) is None
    keep(T0)
    assert cache.get(key, moved(SEEN), depends, T0) is None
    keep(T0)
    assert cache.get(key, V, depends, T0 - timedelta(seconds=1)) is None  # clock reset


def test_c4_suggestions_follow_listings_and_searched_terms():
    cache = AnswerCache()
    key = kept.suggestions_key("logo", 8)
    cache.put(key, V, kept.SUGGESTIONS_DEPEND_ON, T0, {"suggestions": []})
    assert cache.get(key, moved(SEEN), kept.SUGGESTIONS_DEPEND_ON, T0) == {"suggestions": []}
    assert cache.get(key, moved(TERMS), kept.SUGGESTIONS_DEPEND_ON, T0) is None
    cache.put(key, V, kept.SUGGESTIONS_DEPEND_ON, T0, {"suggestions": []})
    assert cache.get(key, moved(LISTINGS), kept.SUGGESTIONS_DEPEND_ON, T0) is None
    assert (cache.hits["suggestions"], cache.misses["suggestions"]) == (1, 2)


def test_the_cache_is_bounded_in_entries_and_in_size_least_recently_used_first_out():
    cache = AnswerCache(max_entries=3, max_chars=10_000)
    for n in range(3):
        cache.put(("search", n), V, (LISTINGS,), T0, [n])
    assert cache.get(("search", 0), V, (LISTINGS,), T0) == [0]  # now the most recent
    cache.put(("search", 3), V, (LISTINGS,), T0, [3])
    assert len(cache) == 3 and cache.get(("search", 1), V, (LISTINGS,), T0) is None
    assert cache.get(("search", 0), V, (LISTINGS,), T0) == [0]

    big = AnswerCache(max_entries=100, max_chars=100)
    big.put(("search", "a"), V, (LISTINGS,), T0, "x" * 60)
    big.put(("search", "b"), V, (LISTINGS,), T0, "y" * 30)
    big.put(("search", "c"), V, (LISTINGS,), T0, "z" * 30)  # 64 + 32 + 32 > 100: "a" goes
    assert big.get(("search", "a"), V, (LISTINGS,), T0) is None
    assert big.chars == 64 and len(big) == 2
    big.put(("search", "d"), V, (LISTINGS,), T0, "w" * 200)  # larger than the whole: not kept
    assert big.get(("search", "d"), V, (LISTINGS,), T0) is None and big.chars == 64


def test_c4_a_repeated_search_is_recorded_once_per_refresh_by_a_process():
    recent = RecentSearches(refresh=timedelta(seconds=60), max_entries=2)
    searched = ("logo", "hash-of-searcher", "graphics-design")
    assert recent.due(searched, T0)
    recent.recorded(searched, T0)
    assert not recent.due(searched, T0 + timedelta(seconds=59))
    assert recent.due(searched, T0 + timedelta(seconds=60))
    assert recent.due(searched, T0 - timedelta(seconds=1))  # the clock was reset
    recent.recorded(("a",), T0)
    recent.recorded(("b",), T0)  # bounded: the oldest is forgotten
    assert recent.due(searched, T0 + timedelta(seconds=1))


def test_c4_searches_noted_wait_bounded_and_a_failed_write_is_noted_again():
    pending = PendingSearches(RecentSearches(), max_entries=2)
    assert pending.note(("a",), T0) and not pending.note(("a",), T0)  # once per refresh
    assert pending.note(("b",), T0) and pending.note(("c",), T0)
    assert [key for key, _ in pending.take()] == [("b",), ("c",)]  # "a" dropped: the oldest
    assert len(pending) == 0 and pending.note(("a",), T0)  # dropped, so due again
    batch = pending.take()
    assert not pending.note(("a",), T0)
    pending.failed(batch)
    assert pending.note(("a",), T0)


# through the entrypoints, on the catalog's database
@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(catalog_store, clock):
    return worker_factory(CatalogService, db=catalog_store(clock), answers=Answers())


def versions(service):
    return current_versions(service.db)


def cache(service):
    return service.answers.cache


def ids(service, **criteria):
    return [r["id"] for r in service.search_gigs(criteria)["results"]]


def test_c5_a_repeated_search_is_answered_from_the_process_until_a_gig_is_written(service):
    ana = seller(service, "ana")
    first = as_caller(service, ana).create_gig(gig())
    assert ids(service, q="logo") == [first["id"]]
    assert ids(service, q="logo") == [first["id"]]
    assert (cache(service).hits["search"], cache(service).misses["search"]) == (1, 1)

    before = versions(service)
    second = as_caller(service, ana).create_gig(gig("I will draw a bold logo"))  # publish
    assert versions(service)[LISTINGS] == before[LISTINGS] + 1
    assert set(ids(service, q="logo")) == {first["id"], second["id"]}
    assert ids(service, q="bold") == [second["id"]]

    as_caller(service, ana).update_gig(second["id"], {"title": "I will draw a quiet logo"})
    assert ids(service, q="bold") == []  # edit
    assert ids(service, q="minimalist") == [first["id"]]
    as_caller(service, ana).update_gig(first["id"], {"status": "paused"})
    assert ids(service, q="minimalist") == []  # pause
    as_caller(service, ana).update_gig(first["id"], {"status": "active"})
    assert ids(service, q="minimalist") == [first["id"]]  # resume
    as_caller(service, ana).archive_gig(first["id"])
    assert ids(service, q="minimalist") == []  # archive
    assert cache(service).hits["search"] == 1


def test_c5_the_sellers_facts_on_gig_rows_move_the_listings(service):
    ana = seller(service, "ana", country="FR", languages=["fr"])
    mine = as_caller(service, ana)
    created = mine.create_gig(gig())
    assert ids(service, q="logo", country="FR") == [created["id"]]
    assert ids(service, q="logo", language="fr") == [created["id"]]
    mine.update_profile({"country": "DE", "languages": ["de"]})
    assert ids(service, q="logo", country="FR") == []
    assert ids(service, q="logo", language="fr") == []

    rating = service.search_gigs({"q": "logo"})["results"][0]["seller_rating"]
    assert rating is None
    with service.db.unit_of_work() as uow:  # as reviews' seller_rating_changed does (V6)
        user = uow.accounts.user(ana["id"])
        user.rating, user.review_count = 4.8, 5
        uow.gigs.seller_changed(user)
    assert service.search_gigs({"q": "logo"})["results"][0]["seller_rating"] == 4.8

    before = versions(service)
    mine.update_profile({"country": "DE"})  # saved unchanged: nothing written
    assert versions(service) == before


def test_c5_a_seller_seen_moves_only_what_the_online_filter_reads(service, clock):
    ana = seller(service, "ana")
    created = as_caller(service, ana).create_gig(gig())
    assert ids(service, q="logo", online=True) == []
    assert ids(service, q="logo") == [created["id"]]
    before = versions(service)
    service.on_user_seen({"user_id": ana["id"]})
    after = versions(service)
    assert (after[SEEN], after[LISTINGS]) == (before[SEEN] + 1, before[LISTINGS])
    assert ids(service, q="logo", online=True) == [created["id"]]  # at once
    hits = cache(service).hits["search"]
    assert ids(service, q="logo") == [created["id"]]
    assert cache(service).hits["search"] == hits + 1  # the plain search kept its answer

    # going offline is the clock alone: the online answer lasts ONLINE_TTL at most
    assert ids(service, q="logo", online=True) == [created["id"]]
    clock.move_to_offset(clock.offset_seconds + 5 * 60 + 1)
    assert ids(service, q="logo", online=True) == []


def test_c5_a_thumbnail_made_moves_the_listings(service):
    ana = seller(service, "ana")
    created = as_caller(service, ana).create_gig(gig())
    service.search_gigs({"q": "logo"})
    before = versions(service)
    with service.db.unit_of_work() as uow:
        uow.gigs.gallery_changed(uow.gigs.get(created["id"]))
    assert versions(service)[LISTINGS] == before[LISTINGS] + 1


def test_c4_suggestions_follow_gigs_searched_terms_and_removals(service):
    ana = seller(service, "ana")
    created = as_caller(service, ana).create_gig(gig("I will design a retro badge"))

    def terms():
        return [s["term"] for s in service.suggestions({"q": "retro b"})["suggestions"]]

    assert "retro badge" in terms()
    assert terms() == terms() and cache(service).hits["suggestions"] >= 1
    for n in range(MIN_SEARCHERS):  # C4: a term from three different people on
        assert "retro bad" not in terms()
        service.search_gigs({"q": "retro bad"}, searcher=f"203.0.113.{n}")
        searches_written(service)
    assert terms()[0] == "retro bad"

    admin = {"id": str(uuid.uuid4()), "role": "admin"}
    as_caller(service, admin).remove_suggestion("retro bad")
    assert "retro bad" not in terms()

    as_caller(service, ana).archive_gig(created["id"])
    assert terms() == []


def test_c4_a_search_answered_from_the_process_still_counts_for_autocomplete(service):
    ana = seller(service, "ana")
    as_caller(service, ana).create_gig(gig())
    service.search_gigs({"q": "minimal logo"})  # kept, no searcher: not counted
    for n in range(MIN_SEARCHERS):
        service.search_gigs({"q": "minimal logo"}, searcher=f"198.51.100.{n}")
    assert cache(service).hits["search"] == MIN_SEARCHERS
    assert service.suggestions({"q": "minimal l"})["suggestions"] == []  # not written yet
    assert searches_written(service) == MIN_SEARCHERS  # in one transaction
    found = service.suggestions({"q": "minimal l"})["suggestions"]
    assert found == [{"term": "minimal logo", "category": "graphics-design"}]

    before = versions(service)
    service.search_gigs({"q": "minimal logo"}, searcher="198.51.100.0")  # a repeat
    assert searches_written(service) == 0  # within RECORD_REFRESH: not noted again
    assert versions(service) == before  # nothing autocomplete shows changed


def test_c4_a_batch_of_new_terms_keeps_the_table_within_its_bounds(service, monkeypatch):
    monkeypatch.setattr(suggestions, "MAX_TERMS", 3)
    ana = seller(service, "ana")
    as_caller(service, ana).create_gig(gig())
    for q in ("minimalist", "minimalist logo", "logo", "design", "brand"):
        service.search_gigs({"q": q}, searcher="198.51.100.7")
    assert searches_written(service) == 5  # in one transaction, pruned once
    with service.db.engine.connect() as conn:
        kept_terms = conn.exec_driver_sql("SELECT count(*) FROM search_terms").scalar()
    assert kept_terms == 3
