"""The reviews service's tables: its database migrates, a review and a tip round-trip."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy.exc import IntegrityError

from microtache.money import Money

from reviews.adapters.orm import metadata
from reviews.adapters.repository import Reviews, Tips
from reviews.contract import ReviewSchema
from reviews.domain.reviews import Review
from reviews.domain.tips import Tip
from reviews.service import ReviewsService


@pytest.fixture
def store(store_factory):
    return store_factory(metadata, "reviews.migrations")


def review(now, **scores):
    return Review(
        order_id="o",
        author_role="buyer",
        author_id="b",
        author_username="bea",
        seller_id="s",
        buyer_id="b",
        text="Great work",
        created_at=now,
        **scores,
    )


def test_v1_review_round_trips(store):
    with store.unit_of_work() as uow:
        posted = review(
            uow.now(),
            communication=5,
            service_as_described=4,
            recommend=5,
            rating=4.67,
            work_sample={"key": "k", "name": "a.png"},
        )
        Reviews(uow.session).add(posted)
    with store.unit_of_work() as uow:
        dumped = ReviewSchema().dump(Reviews(uow.session).get(posted.id))
        scores = ("communication", "service_as_described", "recommend")
        assert [dumped[name] for name in scores] == [5, 4, 5]
        assert dumped["status"] == "hidden" and dumped["work_sample"] == {"name": "a.png"}


def test_v3_an_author_reviews_an_order_once(store):
    with store.unit_of_work() as uow:
        Reviews(uow.session).add(review(uow.now()))
    with pytest.raises(IntegrityError), store.unit_of_work() as uow:
        Reviews(uow.session).add(review(uow.now()))


def test_t1_an_order_is_tipped_once(store):
    with store.unit_of_work() as uow:
        Tips(uow.session).add(
            Tip(
                tip_id="t1",
                order_id="o",
                buyer_id="b",
                seller_id="s",
                amount=Money(1000),
                created_at=uow.now(),
            )
        )
    with store.unit_of_work() as uow:
        assert Tips(uow.session).of_order("o").amount == Money(1000)
    with pytest.raises(IntegrityError), store.unit_of_work() as uow:
        Tips(uow.session).add(
            Tip(
                tip_id="t2",
                order_id="o",
                buyer_id="b",
                seller_id="s",
                amount=Money(500),
                created_at=uow.now(),
            )
        )


def test_ping_answers_with_the_database(store):
    assert worker_factory(ReviewsService, db=store).ping() == {
        "service": "reviews",
        "database": "ok",
    }
