"""The catalog's service layer on the fake unit of work: gigs, favourites, reports and
seller levels publish what the contract says, in milliseconds, with no database."""

from datetime import UTC, datetime, timedelta

import pytest
from catalog_fakes import FakeUnitOfWork

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.money import Money

from catalog.contract import GigSchema, SellerProfileSchema
from catalog.domain.accounts import ADMIN, ONLINE_WINDOW, User, is_online
from catalog.domain.gigs import ARCHIVED, MAX_ACTIVE_GIGS
from catalog.domain.levels import LEVEL_ONE, NEW
from catalog.domain.reports import DISMISS, REMOVE_GIG, RESOLVED
from catalog.service_layer import accounts, gigs, levels, moderation, views

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)
TITLE = "I will design a minimalist logo for your brand"


def gig_data(title=TITLE, **overrides):
    """What `GigCreateSchema` loads: defaults filled in, prices as Money."""
    return {
        "title": title,
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {"tier": "basic", "price": Money(2000), "delivery_days": 3, "revisions": 1},
            {"tier": "premium", "price": Money(8000), "delivery_days": 7, "revisions": 3},
        ],
        "extras": [],
        "attributes": {},
        "tags": ["Logo"],
        "ships_physical_item": False,
        "accepts_remote_work": True,
        "shows_reviews": True,
        **overrides,
    }


def account(uow, username, age=DAY, role="user"):
    user = User(
        username=username,
        email=f"{username}@example.com",
        password_hash="-",
        created_at=uow.now() - age,
        role=role,
    )
    assert uow.accounts.add_new(user)
    return user


@pytest.fixture
def uow():
    return FakeUnitOfWork(T0)


@pytest.fixture
def ana(uow):
    return account(uow, "ana")


# gigs (C1, C2)
def test_c1_a_published_gig_is_listed_and_its_facts_published(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    assert uow.types() == ["gig_published"]
    facts = uow.published[0]
    assert (facts["gig_id"], facts["seller_username"], facts["status"]) == (gig.id, "ana", "active")
    assert [p["price"] for p in facts["packages"]] == [
        {"amount": 2000, "currency": "USD"},
        {"amount": 8000, "currency": "USD"},
    ]
    assert gig.tags == ["logo"]
    assert uow.gigs.listed == {(TITLE, "graphics-design"): 1}


def test_c2_a_seller_offers_at_most_ten_active_gigs(uow, ana):
    for n in range(MAX_ACTIVE_GIGS):
        gigs.create_gig(uow, ana.id, gig_data(f"{TITLE} {n}"))
    with pytest.raises(RuleViolation):
        gigs.create_gig(uow, ana.id, gig_data())
    assert uow.gigs.active_count(ana.id) == MAX_ACTIVE_GIGS
    gigs.update_gig(uow, ana.id, next(iter(uow.gigs.gigs)), {"status": "paused"})
    gigs.create_gig(uow, ana.id, gig_data())  # a paused gig counts not
    assert uow.gigs.active_count(ana.id) == MAX_ACTIVE_GIGS


def test_c1_only_its_seller_edits_a_gig_and_every_rule_is_checked_again(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    bob = account(uow, "bob")
    with pytest.raises(Forbidden):
        gigs.update_gig(uow, bob.id, gig.id, {"title": "I will steal this gig from ana"})
    with pytest.raises(RuleViolation):
        gigs.update_gig(uow, ana.id, gig.id, {"subcategory": "no-such-subcategory"})
    new_title = "I will draw a bold logo for your brand"
    gigs.update_gig(uow, ana.id, gig.id, {"title": f"  {new_title} ", "subcategory": "logo-design"})
    assert gig.title == new_title
    assert uow.types() == ["gig_published", "gig_updated"]
    assert uow.published[-1]["title"] == new_title
    assert uow.gigs.listed == {(new_title, "graphics-design"): 1}


def test_c1_archiving_is_final_and_leaves_autocomplete(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    gigs.archive_gig(uow, ana.id, gig.id)
    assert gig.status == ARCHIVED and uow.gigs.listed == {}
    assert uow.published[-1] == {**uow.published[-1], "gig_id": gig.id, "seller_id": ana.id}
    with pytest.raises(Conflict):
        gigs.update_gig(uow, ana.id, gig.id, {"status": "active"})
    with pytest.raises(Conflict):
        gigs.archive_gig(uow, ana.id, gig.id)


def test_c1_a_gig_reply_is_a_view_built_for_it_the_gig_is_left_as_it_was(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    before = dict(vars(gig))
    reply = GigSchema().dump(views.gig_view(uow, gigs.get_gig(uow, gig.id)))
    assert set(reply) == set(GigSchema().fields)  # every field of the reply, none missing
    assert (reply["seller"], reply["seller_id"], reply["packages"][0]["price"]) == (
        "ana",
        ana.id,
        {"amount": 2000, "currency": "USD"},
    )
    assert vars(gig) == before  # nothing set on the gig for the reply
    with pytest.raises(NotFound):
        gigs.get_gig(uow, "no-such-gig")


def test_c6_a_seller_profile_shows_active_gigs_and_figures_without_touching_the_account(uow, ana):
    kept = gigs.create_gig(uow, ana.id, gig_data())
    gone = gigs.create_gig(uow, ana.id, gig_data(f"{TITLE} two"))
    gigs.archive_gig(uow, ana.id, gone.id)
    before = dict(vars(ana))
    profile = SellerProfileSchema().dump(views.seller_profile(uow, "ana"))
    assert [g["id"] for g in profile["gigs"]] == [kept.id]
    assert profile["gigs"][0]["price"] == {"amount": 2000, "currency": "USD"}
    assert (profile["completed_orders"], profile["on_time_rate"]) == (0, None)
    assert "email" not in profile and vars(ana) == before
    with pytest.raises(NotFound):
        views.seller_profile(uow, "nobody")


def test_c6_a_seller_lists_own_gigs_newest_first_archived_only_when_asked(uow, ana):
    made = []
    for n in range(3):
        made.append(gigs.create_gig(uow, ana.id, gig_data(f"{TITLE} {n}")))
        uow.clock_now += DAY
    gigs.update_gig(uow, ana.id, made[1].id, {"status": "paused"})
    gigs.archive_gig(uow, ana.id, made[2].id)
    gigs.create_gig(uow, account(uow, "bob").id, gig_data())
    query = {"limit": 20, "cursor": None, "status": None}

    results, next_cursor = views.list_own_gigs(uow, ana.id, query)
    assert [(g["id"], g["status"]) for g in results] == [
        (made[1].id, "paused"),
        (made[0].id, "active"),
    ]
    assert next_cursor is None and results[0]["price"] == Money(2000)
    results, _ = views.list_own_gigs(uow, ana.id, {**query, "status": "archived"})
    assert [g["id"] for g in results] == [made[2].id]
    first, cursor = views.list_own_gigs(uow, ana.id, {**query, "limit": 1})
    rest, end = views.list_own_gigs(uow, ana.id, {**query, "limit": 1, "cursor": cursor})
    assert [g["id"] for g in first + rest] == [made[1].id, made[0].id] and end is None


def test_c5_c6_online_now_is_seen_within_the_search_filters_window(uow, ana):
    now = uow.now()
    assert not is_online(None, now)
    assert is_online(now - ONLINE_WINDOW, now)
    assert not is_online(now - ONLINE_WINDOW - timedelta(seconds=1), now)
    gig = gigs.create_gig(uow, ana.id, gig_data())
    assert views.gig_view(uow, gig)["online"] is False
    assert views.seller_profile(uow, "ana")["online"] is False
    accounts.seen_online(uow, ana.id)
    assert views.gig_view(uow, gig)["online"] is True
    profile = SellerProfileSchema().dump(views.seller_profile(uow, "ana"))
    assert profile["online"] is True and profile["on_vacation"] is False
    uow.clock_now += ONLINE_WINDOW + timedelta(seconds=1)
    assert views.gig_view(uow, gig)["online"] is False


def test_c6_a_profile_says_whether_the_seller_is_on_vacation(uow, ana):
    accounts.update_profile(uow, ana.id, {"on_vacation": True})
    assert SellerProfileSchema().dump(views.seller_profile(uow, "ana"))["on_vacation"] is True


# favourites (C8)
def test_c8_a_favourite_is_kept_once_listed_and_forgotten(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    bea = account(uow, "bea")
    gigs.add_favourite(uow, bea.id, gig.id)
    gigs.add_favourite(uow, bea.id, gig.id)
    results, next_cursor = views.list_favourites(uow, bea.id, {"limit": 20})
    assert results == [
        {
            "id": gig.id,
            "title": TITLE,
            "seller": "ana",
            "price": {"amount": 2000, "currency": "USD"},
            "status": "active",
        }
    ]
    assert next_cursor is None
    gigs.remove_favourite(uow, bea.id, gig.id)
    gigs.remove_favourite(uow, bea.id, gig.id)  # nothing left to forget: no error
    assert views.list_favourites(uow, bea.id, {"limit": 20})[0] == []
    with pytest.raises(NotFound):
        gigs.add_favourite(uow, bea.id, "no-such-gig")


# reports (C9)
def test_c9_a_gig_is_reported_once_until_resolved_and_removal_archives_it(uow, ana):
    gig = gigs.create_gig(uow, ana.id, gig_data())
    bea = account(uow, "bea")
    admin = {"id": account(uow, "root", role=ADMIN).id, "role": ADMIN}
    report = moderation.report_gig(uow, bea.id, gig.id, {"reason": "spam", "details": ""})
    with pytest.raises(Conflict):
        moderation.report_gig(uow, bea.id, gig.id, {"reason": "scam", "details": ""})
    with pytest.raises(Forbidden):
        moderation.resolve_report(uow, {"id": bea.id, "role": "user"}, report.id, {})
    assert views.list_reports(uow, admin, {"status": "open", "limit": 20})[0] == [report]
    moderation.resolve_report(uow, admin, report.id, {"action": REMOVE_GIG, "note": "Spam."})
    assert report.status == RESOLVED and gig.status == ARCHIVED
    assert uow.types() == ["gig_published", "gig_reported", "gig_archived"]
    assert uow.gigs.listed == {}
    with pytest.raises(Conflict):
        moderation.resolve_report(uow, admin, report.id, {"action": DISMISS, "note": ""})


# seller levels (C7), from other services' events
def completed(n, seller_id, on_time=True):
    return {
        "event_id": f"e{n}",
        "event_type": "order_completed",
        "order_id": f"o{n}",
        "seller_id": seller_id,
        "completed_at": T0,
        "delivered_on_time": on_time,
    }


def test_c7_completed_orders_and_earnings_lift_a_seller_to_level_one(uow):
    sam = account(uow, "sam", age=90 * DAY)
    for n in range(10):
        assert levels.record_order_completed(uow, completed(n, sam.id)) == NEW
    earned = {"event_id": "p1", "seller_id": sam.id, "earnings": Money(40_000)}
    assert levels.record_earnings(uow, earned) == LEVEL_ONE
    assert sam.level == LEVEL_ONE
    assert uow.published[-1]["event_type"] == "seller_level_changed"
    assert (uow.published[-1]["level"], uow.published[-1]["previous_level"]) == (LEVEL_ONE, NEW)
    assert sam.id in uow.gigs.sellers_changed  # search shows the new level (C5)


def test_c7_o11_a_completed_order_cancelled_later_stops_counting(uow):
    sam = account(uow, "sam", age=90 * DAY)
    for n in range(10):
        levels.record_order_completed(uow, completed(n, sam.id))
    levels.record_earnings(uow, {"event_id": "p1", "seller_id": sam.id, "earnings": Money(40_000)})
    cancelled = {"event_id": "c1", "order_id": "o0", "seller_id": sam.id, "cancelled_at": T0}
    assert levels.record_order_cancelled(uow, cancelled) == NEW  # 9 completed, 90% completion
    stats = uow.sellers.stats(sam.id)
    assert (stats.completed_orders, stats.cancelled_orders) == (9, 1)
    assert uow.types()[-1] == "seller_level_changed"


def test_c7_an_account_too_young_asks_the_scheduler_to_look_again(uow):
    sam = account(uow, "sam", age=30 * DAY)
    for n in range(10):
        levels.record_order_completed(uow, completed(n, sam.id))
    levels.record_earnings(uow, {"event_id": "p1", "seller_id": sam.id, "earnings": Money(40_000)})
    assert sam.level == NEW
    asked = [m for m in uow.published if m["event_type"] == "deadline_requested"]
    assert asked[-1]["key"] == f"catalog:seller:{sam.id}:level_review"
    assert asked[-1]["due"] == (sam.created_at + 60 * DAY).isoformat()
    due = {"event_id": "d1", "user_id": sam.id, "due_at": sam.created_at + 60 * DAY}
    uow.clock_now = sam.created_at + 60 * DAY
    assert levels.review_level_when_due(uow, due) == LEVEL_ONE


def test_c7_an_event_naming_an_unknown_seller_changes_nothing(uow):
    assert levels.record_order_completed(uow, completed(1, "nobody")) is None
    assert uow.published == [] and uow.sellers.totals == {}


def test_c6_a_profile_change_of_nothing_is_refused_and_publishes_nothing(uow, ana):
    with pytest.raises(InvalidInput) as refused:
        accounts.update_profile(uow, ana.id, {})
    assert refused.value.details == {"_schema": ["At least one field is required."]}
    assert uow.types() == []
