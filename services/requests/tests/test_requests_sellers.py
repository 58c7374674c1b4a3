"""What requests keeps of sellers from other services' events, which arrive in any order
(C10, Q1, R6, R7); the category cache."""

import pytest
from requests_support import event, gig_facts, make_service, profile_updated

from microtache.clock import Clock
from microtache.events import PermanentFailure

from buyer_requests.adapters.categories import CategoryCache
from buyer_requests.adapters.repository import Sellers


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files")


def known(service, user_id):
    with service.db.read_only() as uow:
        found = Sellers(uow.session).get(user_id)
        return found and {
            "username": found.username,
            "accepts_quotes": found.accepts_quotes,
            "level": found.level,
            "rating": found.rating,
            "review_count": found.review_count,
            "subcategories": found.subcategories,
        }


def gig_event(clock, status="active", subcategory="logo-design", gig_id="g1"):
    return gig_facts(
        clock,
        gig_id=gig_id,
        seller_id="marie",
        seller_username="marie",
        subcategory=subcategory,
        status=status,
    )


def test_r6_gig_facts_in_any_order_keep_the_newest(service):
    early, late = Clock(), Clock(3600)
    service.on_gig_updated(gig_event(late, subcategory="illustration"))
    service.on_gig_published(gig_event(early))  # older: ignored
    assert known(service, "marie")["subcategories"] == ["illustration"]
    service.on_gig_archived(event(late, gig_id="g2", seller_id="marie"))
    service.on_gig_published(gig_event(early, gig_id="g2"))  # archived first: stays archived
    assert known(service, "marie")["subcategories"] == ["illustration"]
    service.on_gig_archived(event(early, gig_id="g1", seller_id="marie"))
    assert known(service, "marie")["subcategories"] == []  # archiving is final


def test_q1_r7_profile_level_and_rating_follow_the_newest_fact(service):
    early, late = Clock(), Clock(3600)
    service.on_seller_profile_updated(profile_updated(late, user_id="marie", accepts_quotes=False))
    service.on_seller_profile_updated(profile_updated(early, user_id="marie"))
    service.on_seller_level_changed(
        event(late, user_id="marie", level="level_one", previous_level="new")
    )
    service.on_seller_rating_changed(event(late, seller_id="marie", rating=4.5, review_count=2))
    service.on_seller_rating_changed(event(early, seller_id="marie", rating=3.0, review_count=1))
    service.on_user_signed_up(event(early, user_id="marie", username="marie", country="FR"))
    assert known(service, "marie") == {
        "username": "marie",
        "accepts_quotes": False,
        "level": "level_one",
        "rating": 4.5,
        "review_count": 2,
        "subcategories": [],
    }


def test_an_event_that_can_never_load_is_parked_at_once(service):
    with pytest.raises(PermanentFailure):
        service.on_gig_published(event(gig_id="g1"))


def test_the_category_tree_is_asked_once_then_again_when_stale():
    now = [0.0]
    cache, calls = CategoryCache(ttl=600, clock=lambda: now[0]), []
    load = lambda: calls.append(1) or ["tree"]  # noqa: E731
    assert cache.tree(load) == cache.tree(load) == ["tree"] and len(calls) == 1
    now[0] = 601
    cache.tree(load)
    assert len(calls) == 2
