"""Search and autocomplete read what the gigs' rows and small tables hold (C4, C5, C6):
the seller's facts and the packages copied onto each gig, facets in the full-text
index, title phrases; kept in step by every write. Through the catalog's
entrypoints on a real SQLite database (nameko's worker_factory, no broker)."""

import json
from datetime import UTC, datetime

import pytest
from catalog_support import as_caller, gig, seller
from nameko.testing.services import worker_factory
from sqlalchemy import text
from sqlalchemy.orm import Session

from microtache.database import make_engine
from microtache.migrations import upgrade

from catalog.adapters.gig_search import GigSearch
from catalog.adapters.suggestions import Suggestions
from catalog.domain.search_cache import Answers
from catalog.service import CatalogService
from catalog.service_layer import search


@pytest.fixture
def service(catalog_store):
    return worker_factory(CatalogService, db=catalog_store(), answers=Answers())


def ids(service, **criteria):
    return [r["id"] for r in service.search_gigs(criteria)["results"]]


def rate(service, user_id, rating, review_count):
    """What the reviews service will feed (V6): the seller's rating, copied to their gigs."""
    with service.db.unit_of_work() as uow:
        user = uow.accounts.user(user_id)
        user.rating, user.review_count = rating, review_count
        uow.gigs.seller_changed(user)


def test_c5_price_and_delivery_filters_price_the_package_the_buyer_would_buy(service):
    ana = seller(service, "ana")
    created = as_caller(service, ana).create_gig(gig())

    def price(**filters):
        return [
            r["price"]["amount"] for r in service.search_gigs({"q": "logo", **filters})["results"]
        ]

    assert price() == [2000]
    assert price(min_price=5000) == [8000]
    assert price(max_delivery_days=3) == [2000]
    assert price(min_price=5000, max_delivery_days=3) == []
    assert price(max_price=1999) == [] and price(max_price=2000) == [2000]
    assert price(min_price=2500, max_price=7999) == []
    assert price(min_price=2000, max_price=8000, max_delivery_days=7) == [2000]
    as_caller(service, ana).update_gig(
        created["id"],
        {
            "packages": [
                {"tier": "standard", "price": {"amount": 6000}, "delivery_days": 2, "revisions": 1}
            ]
        },
    )
    assert price(max_delivery_days=3) == [6000] and price(max_price=5999) == []
    assert ids(service, subcategory="logo-design", min_price=6000, sort="price") == [created["id"]]


def test_c5_seller_filters_follow_the_profile_sign_ins_and_levels(service):
    ana, bob = seller(service, "ana", country="FR", languages=["fr"]), seller(service, "bob")
    mine, theirs = (
        as_caller(service, ana).create_gig(gig()),
        as_caller(service, bob).create_gig(gig()),
    )
    assert ids(service, q="logo", country="FR") == [mine["id"]]
    assert ids(service, q="logo", language="fr") == [mine["id"]]
    assert ids(service, country="FR") == [mine["id"]]  # no text: the row

    as_caller(service, ana).update_profile({"country": "DE", "languages": ["de", "en"]})
    as_caller(service, bob).update_profile({"languages": ["fr"]})
    assert ids(service, q="logo", country="FR") == []
    assert ids(service, q="logo", country="DE", language="en") == [mine["id"]]
    assert ids(service, q="logo", language="fr") == [theirs["id"]]

    assert ids(service, q="logo", online=True) == []
    service.authenticate({"username": "bob", "password": "correct-horse"})
    assert ids(service, q="logo", online=True) == [theirs["id"]]
    assert service.search_gigs({"q": "logo", "online": True})["results"][0]["seller"] == "bob"


def test_c5_sorts_by_rating_reviews_price_and_newest(service):
    ana, bob, eve = seller(service, "ana"), seller(service, "bob"), seller(service, "eve")
    a = as_caller(service, ana).create_gig(gig())
    b = as_caller(service, bob).create_gig(
        gig(
            packages=[
                {"tier": "basic", "price": {"amount": 900}, "delivery_days": 1, "revisions": 0}
            ]
        )
    )
    e = as_caller(service, eve).create_gig(gig())
    rate(service, ana["id"], 4.9, 12)
    rate(service, bob["id"], 4.2, 300)
    for words in ({"q": "logo"}, {}):
        assert ids(service, sort="rating", **words) == [a["id"], b["id"], e["id"]]
        assert ids(service, sort="reviews", **words) == [b["id"], a["id"], e["id"]]
        assert ids(service, sort="price", **words)[0] == b["id"]
        assert ids(service, sort="newest", **words) == [e["id"], b["id"], a["id"]]
    results = {r["id"]: r for r in service.search_gigs({"q": "logo"})["results"]}
    assert (results[a["id"]]["seller_rating"], results[a["id"]]["seller_review_count"]) == (4.9, 12)
    assert results[e["id"]]["seller_rating"] is None  # not rated yet


def test_c4_relevance_pages_without_repeats_when_ranks_tie(service):
    ana, bob = seller(service, "ana"), seller(service, "bob")
    made = [as_caller(service, ana if n % 2 else bob).create_gig(gig()) for n in range(7)]
    as_caller(service, ana).update_gig(made[1]["id"], {"status": "paused"})
    seen, cursor = [], None
    while True:
        page = service.search_gigs({"q": "minimalist logo", "limit": 2, "cursor": cursor})
        seen += [r["id"] for r in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(g["id"] for n, g in enumerate(made) if n != 1)
    assert len(seen) == len(set(seen)) == 6


def test_c4_title_phrases_follow_every_write_of_a_gig(service):
    ana = seller(service, "ana")
    created = as_caller(service, ana).create_gig(
        gig(title="I will paint a watercolor portrait of you")
    )

    def terms(prefix):
        return [s["term"] for s in service.suggestions({"q": prefix})["suggestions"]]

    assert terms("waterc") == ["watercolor"] and terms("watercolor p") == ["watercolor portrait"]
    as_caller(service, ana).update_gig(
        created["id"], {"title": "I will paint an oil portrait of your pet"}
    )
    assert terms("waterc") == [] and terms("oil p") == ["oil portrait"]
    as_caller(service, ana).update_gig(created["id"], {"status": "paused"})
    assert terms("oil") == []
    as_caller(service, ana).update_gig(created["id"], {"status": "active"})
    assert terms("oil") == ["oil"]
    as_caller(service, ana).archive_gig(created["id"])
    assert terms("oil") == []
    with service.db.engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT count(*) FROM title_phrases").scalar()
    assert left == 0  # nothing left behind


def test_c4_c5_the_migration_fills_in_the_gigs_already_there(tmp_path):
    """Revision 0004 copies the sellers' facts and the packages onto existing gigs,
    rebuilds the full-text index with facets and counts the title phrases, and
    leaves every package in place (SQLite would cascade them away on a table rebuild)."""
    url = f"sqlite:///{tmp_path}/old.db"
    upgrade("catalog.migrations", url, "0003")
    engine = make_engine(url)
    now = datetime.now(UTC).isoformat()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, email, password_hash, role, country, languages, "
            "accepts_quotes, on_vacation, level, rating, review_count, created_at) VALUES "
            "('u1', 'ana', 'a@x.io', 'h', 'user', 'FR', ?, 1, 0, 'level_one', 4.8, 9, ?)",
            (json.dumps(["fr", "en"]), now),
        )
        conn.exec_driver_sql(
            "INSERT INTO gigs (id, seller_id, title, description, category, subcategory, "
            "attributes, tags, ships_physical_item, accepts_remote_work, shows_reviews, status, "
            "created_at) VALUES ('g1', 'u1', 'I will design a retro badge logo', 'Badges.', "
            "'graphics-design', 'logo-design', ?, ?, 0, 1, 1, 'active', ?)",
            (json.dumps({"style": "vintage"}), json.dumps(["badge"]), now),
        )
        for tier, price, days in (("basic", 3000, 4), ("premium", 9000, 8)):
            conn.exec_driver_sql(
                "INSERT INTO gig_packages (gig_id, tier, price_amount, price_currency, "
                "delivery_days, revisions, description) VALUES ('g1', ?, ?, 'USD', ?, 1, '')",
                (tier, price, days),
            )
        conn.exec_driver_sql(
            "INSERT INTO gig_search (gig_id, title, description, tags) VALUES "
            "('g1', 'I will design a retro badge logo', 'Badges.', 'badge')"
        )
    engine.dispose()
    upgrade("catalog.migrations", url)
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.execute(text("SELECT count(*) FROM gig_packages")).scalar() == 2
        rows, _ = GigSearch(session).gigs(
            {
                "q": "retro badge",
                "country": "FR",
                "language": "en",
                "seller_level": "level_one",
                "attributes": {"style": "vintage"},
                "subcategory": "logo-design",
                "min_price": 5000,
            },
            20,
            0,
        )
        assert [(r["id"], r["price"], r["username"], r["rating"]) for r in rows] == [
            ("g1", 9000, "ana", 4.8)
        ]

        class Uow:
            def __init__(self):
                self.suggestions = Suggestions(session)

        found = search.suggestions(Uow(), {"q": "retro b", "limit": 5})
        assert found == [{"term": "retro badge", "category": "graphics-design"}]
    engine.dispose()
