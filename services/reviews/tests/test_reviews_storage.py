"""The reviews service's walking skeleton: its database migrates, a review round-trips."""
import pytest
from nameko.testing.services import worker_factory
from sqlalchemy.exc import IntegrityError


from reviews.adapters.orm import metadata
from reviews.adapters.repository import Reviews
from reviews.domain.reviews import Review
from reviews.schemas import ReviewSchema
from reviews.service import ReviewsService


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "reviews.migrations")
    return store


def review(now, **scores):
    return Review(order_id="o", author_id="b", seller_id="s", text="Great work", created_at=now,
                  **scores)


def test_v1_review_round_trips(store):
    with store.unit_of_work() as uow:
        posted = review(uow.now(), communication=5, service_as_described=4, recommend=5,
                        rating=14 / 3)
        Reviews(uow.session).add(posted)
    with store.unit_of_work() as uow:
        dumped = ReviewSchema().dump(Reviews(uow.session).get(posted.id))
        assert (dumped["communication"], dumped["service_as_described"], dumped["recommend"]) == (5, 4, 5)


def test_v3_an_author_reviews_an_order_once(store):
    with store.unit_of_work() as uow:
        Reviews(uow.session).add(review(uow.now()))
    with pytest.raises(IntegrityError), store.unit_of_work() as uow:
        Reviews(uow.session).add(review(uow.now()))


def test_ping_answers_with_the_database(store):
    assert worker_factory(ReviewsService, db=store).ping() == {"service": "reviews",
                                                               "database": "ok"}
