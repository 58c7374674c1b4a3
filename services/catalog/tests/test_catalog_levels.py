"""Seller levels (C7): the policy on its own, then the events that feed it through the
catalog's entrypoints on a real SQLite database (nameko's worker_factory, no broker)."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from catalog_support import as_caller
from nameko.testing.services import worker_factory

from microtache.clock import Clock
from microtache.events import PermanentFailure
from microtache.money import Money

from catalog.domain import levels
from catalog.domain.levels import (
    LEVEL_ONE,
    LEVEL_TWO,
    LEVELS,
    NEW,
    PRO,
    TOP_RATED,
    SellerOrder,
    SellerStats,
    next_review_at,
    seller_level,
)
from catalog.domain.search_cache import Answers
from catalog.service import CatalogService

DAY = timedelta(days=1)
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def figures(completed=10, on_time=None, cancelled=0, earned=40_000):
    return SellerStats(
        seller_id="s",
        completed_orders=completed,
        on_time_orders=completed if on_time is None else on_time,
        cancelled_orders=cancelled,
        earnings_amount=earned,
    )


def level(stats, rating=None, age_days=61, current=NEW):
    return seller_level(current, stats, rating, NOW - age_days * DAY, NOW)


# the policy, on the domain alone
def test_c7_a_seller_without_figures_is_new():
    assert level(SellerStats(seller_id="s"), age_days=1000) == NEW


def test_c7_level_one_at_10_orders_400_dollars_60_days_on_time_and_well_rated():
    assert level(figures()) == LEVEL_ONE
    assert level(figures(), rating=4.7) == LEVEL_ONE
    assert level(figures(), rating=None) == LEVEL_ONE  # not rated yet: no rating needed


@pytest.mark.parametrize(
    "short",
    [
        dict(stats=figures(completed=9, earned=40_000)),
        dict(stats=figures(earned=39_999)),
        dict(stats=figures(on_time=8)),  # 80% on time
        dict(stats=figures(cancelled=2)),  # 10 of 12: 83% completed
        dict(stats=figures(), rating=4.69),
        dict(stats=figures(), age_days=59),
    ],
    ids=["orders", "earnings", "on-time", "completion", "rating", "account-age"],
)
def test_c7_level_one_needs_every_threshold(short):
    assert level(**{"age_days": 61, **short}) == NEW


def test_c7_levels_climb_in_order_and_each_needs_the_ones_below():
    assert level(figures(completed=50, earned=200_000), age_days=121) == LEVEL_TWO
    assert level(figures(completed=50, earned=200_000), age_days=119) == LEVEL_ONE
    assert level(figures(completed=100, earned=2_000_000), age_days=181) == TOP_RATED
    assert level(figures(completed=100, earned=2_000_000), age_days=181, rating=4.5) == NEW
    assert level(figures(completed=100, earned=199_999), age_days=400) == LEVEL_ONE


def test_c7_thresholds_live_in_one_configuration_object():
    assert [
        (r.level, r.completed_orders, r.earnings, r.account_days) for r in LEVELS.requirements
    ] == [
        (LEVEL_ONE, 10, Money(40_000), 60),
        (LEVEL_TWO, 50, Money(200_000), 120),
        (TOP_RATED, 100, Money(2_000_000), 180),
    ]
    stricter = levels.LevelPolicy((levels.Requirement(LEVEL_ONE, 20, Money(40_000), 60),))
    assert seller_level(NEW, figures(), None, NOW - 61 * DAY, NOW, stricter) == NEW


def test_c7_a_seller_falls_back_when_the_figures_drop_but_pro_is_kept():
    assert level(figures(completed=9), current=LEVEL_TWO) == NEW
    assert level(figures(completed=9), current=PRO) == PRO
    assert level(SellerStats(seller_id="s"), current=PRO) == PRO


def test_c7_the_next_review_is_due_when_age_alone_is_missing():
    created = NOW - 30 * DAY
    assert next_review_at(NEW, figures(), None, created, NOW) == created + 60 * DAY
    assert next_review_at(NEW, figures(completed=9), None, created, NOW) is None
    assert (
        next_review_at(LEVEL_ONE, figures(completed=50, earned=200_000), None, NOW - 100 * DAY, NOW)
        == NOW + 20 * DAY
    )
    assert next_review_at(PRO, figures(), None, created, NOW) is None


def test_c7_a_cancellation_wins_over_completion_whatever_the_order_of_arrival():
    completed_first = SellerOrder("o1", "s")
    completed_first.complete(NOW, True)
    assert completed_first.contribution() == (1, 1, 0)
    completed_first.cancel(NOW + DAY)  # support, after completion (O11)
    assert completed_first.contribution() == (0, 0, 1)
    cancelled_first = SellerOrder("o2", "s")
    cancelled_first.cancel(NOW)
    cancelled_first.complete(NOW - DAY, False)
    assert cancelled_first.contribution() == (0, 0, 1)


# the events that feed it, through the service
@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(catalog_store, clock):
    store = catalog_store(clock)
    return worker_factory(CatalogService, db=store, answers=Answers())


def seller(service, username="ana"):
    account = service.sign_up(
        {"username": username, "email": f"{username}@example.com", "password": "correct-horse"}
    )
    return {"id": account["id"], "username": username, "role": "user"}


def later(clock, days):
    clock.move_to_offset(clock.offset_seconds + days * 86400)


def event(event_type, **payload):
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "occurred_at": datetime.now(UTC).isoformat(),
        "version": 1,
        **payload,
    }


def completed(seller_id, order_id=None, on_time=True, price=5000):
    return event(
        "order_completed",
        order_id=order_id or str(uuid.uuid4()),
        buyer_id="b1",
        seller_id=seller_id,
        status="completed",
        previous_status="delivered",
        action="accept_delivery",
        actor="buyer",
        gig_id="g1",
        price={"amount": price, "currency": "USD"},
        completed_at=datetime.now(UTC).isoformat(),
        delivered_on_time=on_time,
    )


def cancelled(seller_id, order_id, reason="support"):
    return event(
        "order_cancelled",
        order_id=order_id,
        buyer_id="b1",
        seller_id=seller_id,
        status="cancelled",
        previous_status="completed",
        action="support_cancel",
        actor="admin",
        gig_id="g1",
        price={"amount": 5000, "currency": "USD"},
        cancelled_at=datetime.now(UTC).isoformat(),
        reason=reason,
        by="admin",
    )


def earnings(seller_id, amount, order_id=None, tip_id=None):
    ids = {"tip_id": tip_id} if tip_id else {"order_id": order_id or str(uuid.uuid4())}
    return event(
        "earnings_pending",
        **ids,
        seller_id=seller_id,
        buyer_id="b1",
        earnings={"amount": amount, "currency": "USD"},
        clears_at=datetime.now(UTC).isoformat(),
    )


def published(service, event_type):
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


def reach_level_one(service, seller_id):
    orders = [str(uuid.uuid4()) for _ in range(10)]
    for order_id in orders:
        service.on_order_completed(completed(seller_id, order_id))
        service.on_earnings_pending(earnings(seller_id, 4000, order_id=order_id))
    return orders


def test_c7_completed_orders_and_earnings_lift_the_level_and_tell_payments(service, clock):
    ana = seller(service)
    later(clock, 61)
    orders = reach_level_one(service, ana["id"])
    profile = service.get_seller_profile("ana")
    assert profile["level"] == LEVEL_ONE
    assert profile["completed_orders"] == 10 and profile["on_time_rate"] == 1.0
    assert published(service, "seller_level_changed") == [
        {"user_id": ana["id"], "level": LEVEL_ONE, "previous_level": NEW}
    ]
    assert service.get_account(ana["id"])["level"] == LEVEL_ONE
    assert len(orders) == 10


def test_c7_an_event_delivered_twice_counts_once(service, clock):
    ana = seller(service)
    later(clock, 61)
    once = completed(ana["id"])
    for _ in range(3):
        service.on_order_completed(once)
        service.on_earnings_pending(earnings(ana["id"], 40_000) | {"event_id": "e-1"})
    profile = service.get_seller_profile("ana")
    assert profile["completed_orders"] == 1 and profile["level"] == NEW
    with service.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT earnings_amount FROM seller_stats").scalar() == 40_000


def test_c7_a_late_delivery_lowers_the_on_time_rate_and_can_cost_the_level(service, clock):
    ana = seller(service)
    later(clock, 61)
    reach_level_one(service, ana["id"])
    service.on_order_completed(completed(ana["id"], on_time=False))
    assert service.get_seller_profile("ana")["on_time_rate"] == round(10 / 11, 3)
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE  # 90.9%
    service.on_order_completed(completed(ana["id"], on_time=False))
    profile = service.get_seller_profile("ana")
    assert profile["on_time_rate"] == round(10 / 12, 3) and profile["level"] == NEW
    assert published(service, "seller_level_changed")[-1] == {
        "user_id": ana["id"],
        "level": NEW,
        "previous_level": LEVEL_ONE,
    }


def test_c7_support_cancellation_and_reversed_earnings_drop_the_level(service, clock):
    """O11, P5: a completed order cancelled by support stops counting, and the
    earnings payments takes back no longer count either."""
    ana = seller(service)
    later(clock, 61)
    orders = reach_level_one(service, ana["id"])
    service.on_order_cancelled(cancelled(ana["id"], orders[0]))
    profile = service.get_seller_profile("ana")
    assert profile["completed_orders"] == 9 and profile["level"] == NEW
    with service.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT cancelled_orders FROM seller_stats").scalar() == 1

    service.on_order_completed(completed(ana["id"]))  # 10 of 11 again
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE
    service.on_earnings_reversed(
        event(
            "earnings_reversed",
            order_id=orders[0],
            seller_id=ana["id"],
            amount={"amount": 4000, "currency": "USD"},
        )
    )
    assert service.get_seller_profile("ana")["level"] == NEW  # $360 earned
    service.on_earnings_pending(earnings(ana["id"], 4000, tip_id="tip-1"))  # tips count
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE
    assert [e["level"] for e in published(service, "seller_level_changed")] == [
        LEVEL_ONE,
        NEW,
        LEVEL_ONE,
        NEW,
        LEVEL_ONE,
    ]


def test_c7_a_cancellation_arriving_before_the_completion_still_wins(service, clock):
    ana = seller(service)
    service.on_order_cancelled(cancelled(ana["id"], "o-1"))
    service.on_order_completed(completed(ana["id"], "o-1"))
    profile = service.get_seller_profile("ana")
    assert profile["completed_orders"] == 0 and profile["on_time_rate"] is None


def test_c7_a_young_account_is_promoted_when_it_reaches_the_age_on_the_platform_clock(
    service, clock
):
    ana = seller(service)
    created = datetime.fromisoformat(service.get_account(ana["id"])["created_at"])
    later(clock, 30)
    reach_level_one(service, ana["id"])
    assert service.get_seller_profile("ana")["level"] == NEW
    requested = published(service, "deadline_requested")
    assert requested == [
        {
            "key": f"catalog:seller:{ana['id']}:level_review",
            "due": (created + 60 * DAY).isoformat(),
            "fires": "seller_level_review_fell_due",
            "payload": {"user_id": ana["id"]},
        }
    ]
    service.on_order_completed(completed(ana["id"]))  # asked once only
    assert len(published(service, "deadline_requested")) == 1

    later(clock, 30)
    service.on_level_review_due(
        event(
            "seller_level_review_fell_due",
            user_id=ana["id"],
            key=requested[0]["key"],
            due_at=requested[0]["due"],
        )
    )
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE
    assert published(service, "seller_level_changed") == [
        {"user_id": ana["id"], "level": LEVEL_ONE, "previous_level": NEW}
    ]


def test_c7_a_review_that_no_longer_applies_changes_nothing(service, clock):
    ana = seller(service)
    service.on_level_review_due(
        event(
            "seller_level_review_fell_due",
            user_id=ana["id"],
            key="k",
            due_at=datetime.now(UTC).isoformat(),
        )
    )
    assert service.get_seller_profile("ana")["level"] == NEW
    assert published(service, "seller_level_changed") == []


def test_c7_the_pro_label_is_granted_not_computed(service, clock):
    ana = seller(service)
    with service.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET level = 'pro'")
    later(clock, 61)
    reach_level_one(service, ana["id"])
    assert service.get_seller_profile("ana")["level"] == PRO
    assert published(service, "seller_level_changed") == []


def test_c7_search_shows_and_filters_by_the_level_in_step(service, clock):
    ana, bob = seller(service), seller(service, "bob")
    gig = {
        "title": "I will design a minimalist logo for your brand",
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {"tier": "basic", "price": {"amount": 2500}, "delivery_days": 3, "revisions": 1}
        ],
    }
    mine, theirs = as_caller(service, ana).create_gig(gig), as_caller(service, bob).create_gig(gig)
    later(clock, 61)
    reach_level_one(service, ana["id"])
    found = service.search_gigs({"q": "logo", "seller_level": LEVEL_ONE})["results"]
    assert [(r["id"], r["seller_level"]) for r in found] == [(mine["id"], LEVEL_ONE)]
    assert [
        r["id"] for r in service.search_gigs({"q": "logo", "seller_level": NEW})["results"]
    ] == [theirs["id"]]


def test_c7_events_about_unknown_sellers_are_ignored_and_malformed_ones_parked(service):
    service.on_order_completed(completed("no-such-seller"))
    with service.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM seller_stats").scalar() == 0
    bad = completed("s1")
    del bad["delivered_on_time"]
    with pytest.raises(PermanentFailure):
        service.on_order_completed(bad)
    with pytest.raises(PermanentFailure):
        service.on_earnings_pending(earnings("s1", 100) | {"earnings": {"amount": "1"}})


def test_c7_the_rating_from_reviews_feeds_the_level_and_search(service, clock):
    """V6: reviews' `seller_rating_changed` sets the rating the level needs (4.7 once
    rated) and that search sorts by; an older rating than the one kept changes nothing."""
    ana = seller(service)
    as_caller(service, ana).create_gig(
        {
            "title": "I will design a minimalist logo for your brand",
            "description": "Logos.",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "packages": [
                {"tier": "basic", "price": {"amount": 2500}, "delivery_days": 3, "revisions": 1}
            ],
        }
    )
    later(clock, 61)
    reach_level_one(service, ana["id"])

    def rated(rating, count, at):
        return event(
            "seller_rating_changed", seller_id=ana["id"], rating=rating, review_count=count
        ) | {"occurred_at": at.isoformat()}

    now = datetime.now(UTC)
    service.on_seller_rating_changed(rated(4.5, 3, now))
    profile = service.get_seller_profile("ana")
    assert (profile["rating"], profile["review_count"], profile["level"]) == (4.5, 3, NEW)
    found = service.search_gigs({"q": "logo", "sort": "rating"})["results"][0]
    assert (found["seller_rating"], found["seller_review_count"]) == (4.5, 3)

    service.on_seller_rating_changed(rated(4.9, 4, now + DAY))
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE
    service.on_seller_rating_changed(rated(3.0, 2, now + DAY / 2))  # crossed: older
    assert service.get_seller_profile("ana")["rating"] == 4.9
    assert [e["level"] for e in published(service, "seller_level_changed")] == [
        LEVEL_ONE,
        NEW,
        LEVEL_ONE,
    ]
    service.on_seller_rating_changed(rated(None, 0, now + 2 * DAY))  # the last one removed
    assert service.search_gigs({"q": "logo"})["results"][0]["seller_rating"] is None
    assert service.get_seller_profile("ana")["level"] == LEVEL_ONE  # unrated: no bar
