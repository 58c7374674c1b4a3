"""Posting reviews and who sees them (V1-V5, O10), with orders as a fake and deadlines
fired by hand."""

import pytest
from reviews_support import (
    ADMIN,
    BUYER,
    SELLER,
    STRANGER,
    a_file,
    advance,
    as_,
    buyer_review,
    completed_order,
    fire,
    make_service,
    order_completed,
    published,
)

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation

from reviews.contract import WORK_SAMPLE
from reviews.domain.policies import POLICIES


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files")


def window_fires(service, order_id):
    return fire(service, f"reviews:{order_id}:window", service.on_review_window_ended)


def test_v1_o10_a_buyer_review_on_a_delivered_order_completes_it_then_is_stored(service):
    order_id = service.orders.add(status="delivered")
    sample = a_file(service)
    review = as_(service, BUYER).post_review(order_id, buyer_review(files=[sample]))
    assert service.orders.pages[order_id]["status"] == "completed"
    assert (review["communication"], review["service_as_described"], review["recommend"]) == (
        5,
        4,
        5,
    )
    assert review["rating"] == 4.67 and review["status"] == "hidden"
    assert review["work_sample"]["name"] == "sample.png" and "key" not in review["work_sample"]
    assert review["work_sample"]["upload_id"] == sample
    assert service.files.find(sample).attached_to == f"reviews/orders/{order_id}/work_sample"
    assert [e["key"] for e in published(service, "deadline_requested")] == [
        f"reviews:{order_id}:window"
    ]
    posted = published(service, "review_posted")[0]
    assert (posted["review_id"], posted["author_role"], posted["seller_id"]) == (
        review["id"],
        "buyer",
        SELLER["id"],
    )
    assert "text" not in posted and "rating" not in posted  # it may still be hidden (V4)


def test_v1_o10_when_orders_refuses_to_complete_no_review_is_stored(service):
    order_id = service.orders.add(status="delivered")
    service.orders.refuse_acceptance = Forbidden("no")
    with pytest.raises(Forbidden):
        as_(service, BUYER).post_review(order_id, buyer_review())
    assert as_(service, BUYER).get_order_reviews(order_id)["buyer_review"] is None


def test_v1_scores_are_1_to_5_and_each_party_writes_its_own_kind(service):
    order_id = service.orders.add(status="delivered")
    with pytest.raises(InvalidInput) as bad:
        as_(service, BUYER).post_review(order_id, buyer_review(recommend=6))
    assert "recommend" in bad.value.details
    with pytest.raises(InvalidInput):
        as_(service, BUYER).post_review(order_id, {"rating": 5, "text": "A seller's shape"})
    with pytest.raises(InvalidInput):
        as_(service, SELLER).post_review(order_id, buyer_review())
    with pytest.raises(RuleViolation):  # the work sample's bound (30 MB), when declared
        service.files.declare(BUYER["id"], WORK_SAMPLE, "a.png", "image/png", 31 * 1024**2)
    assert POLICIES.max_work_sample_size == 30 * 1024**2
    with pytest.raises(Forbidden):  # someone else's upload
        as_(service, BUYER).post_review(
            order_id, buyer_review(files=[a_file(service, owner=SELLER)])
        )
    pending = service.files.declare(BUYER["id"], WORK_SAMPLE, "a.png", "image/png", 3).id
    with pytest.raises(RuleViolation):  # its bytes not there yet
        as_(service, BUYER).post_review(order_id, buyer_review(files=[pending]))
    with pytest.raises(InvalidInput):  # one work sample
        as_(service, BUYER).post_review(
            order_id, buyer_review(files=[a_file(service), a_file(service)])
        )
    assert service.orders.pages[order_id]["status"] == "delivered"  # completed by nothing (O10)


def test_v2_reviews_within_10_days_of_completion_then_never(service):
    early, late = completed_order(service), completed_order(service)
    advance(service, 9.9)
    assert as_(service, BUYER).post_review(early, buyer_review())["status"] == "hidden"
    advance(service, 0.2)
    with pytest.raises(Conflict) as refused:
        as_(service, BUYER).post_review(late, buyer_review())
    assert "10 days" in refused.value.message


def test_v2_a_cancelled_or_unfinished_order_cannot_be_reviewed(service):
    for status in ("cancelled", "in_progress", "in_revision"):
        order_id = service.orders.add(status=status)
        with pytest.raises(Conflict):
            as_(service, BUYER).post_review(order_id, buyer_review())


def test_a2_a_stranger_or_an_admin_does_not_review(service):
    order_id = completed_order(service)
    with pytest.raises(NotFound):
        as_(service, STRANGER).post_review(order_id, buyer_review())
    with pytest.raises(Forbidden):
        as_(service, ADMIN).post_review(order_id, buyer_review())


def test_v3_a_review_is_posted_once_and_never_changed(service):
    order_id = completed_order(service)
    as_(service, BUYER).post_review(order_id, buyer_review())
    with pytest.raises(Conflict) as again:
        as_(service, BUYER).post_review(order_id, buyer_review(text="Changed my mind"))
    assert "V3" in again.value.message
    assert as_(service, BUYER).get_order_reviews(order_id)["buyer_review"]["text"] == (
        "Clean work, fast answers."
    )


def test_v4_the_seller_reviews_after_the_buyer_and_then_sees_the_buyers_review(service):
    order_id = completed_order(service)
    with pytest.raises(Conflict) as first:
        as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Great buyer"})
    assert "V4" in first.value.message
    as_(service, BUYER).post_review(order_id, buyer_review())
    seen = as_(service, SELLER).get_order_reviews(order_id)
    assert seen["buyer_reviewed"] and seen["buyer_review"] is None and seen["can_review"]
    assert published(service, "seller_rating_changed") == []
    mine = as_(service, SELLER).post_review(order_id, {"rating": 4, "text": "Clear brief"})
    assert mine["status"] == "published"
    seen = as_(service, SELLER).get_order_reviews(order_id)
    assert seen["buyer_review"]["status"] == "published" and not seen["can_review"]
    assert as_(service, BUYER).get_order_reviews(order_id)["seller_review"]["rating"] == 4.0
    changed = published(service, "seller_rating_changed")
    assert [(e["seller_id"], e["rating"], e["review_count"]) for e in changed] == [
        (SELLER["id"], 4.67, 1)
    ]
    assert published(service, "review_published")[0]["because"] == "seller_reviewed"


def test_v4_the_window_closing_reveals_the_buyers_review_and_ends_reviews(service):
    order_id = completed_order(service)
    as_(service, BUYER).post_review(order_id, buyer_review())
    window_fires(service, order_id)
    seen = as_(service, SELLER).get_order_reviews(order_id)
    assert seen["buyer_review"]["text"] == "Clean work, fast answers."
    assert not seen["window_open"] and not seen["can_review"]
    with pytest.raises(Conflict):
        as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Too late"})
    assert published(service, "review_published")[0]["because"] == "window_closed"
    assert [e["review_count"] for e in published(service, "seller_rating_changed")] == [1]


def test_s3_a_window_deadline_that_no_longer_applies_changes_nothing(service):
    order_id = completed_order(service)
    as_(service, BUYER).post_review(order_id, buyer_review())
    service.on_review_window_ended(
        {  # a deadline for another end time
            "event_id": "stale",
            "occurred_at": "2030-01-01T00:00:00+00:00",
            "order_id": order_id,
            "ends_at": "2030-01-01T00:00:00+00:00",
        }
    )
    assert published(service, "review_published") == []  # still hidden
    assert published(service, "seller_rating_changed") == []
    assert as_(service, SELLER).get_order_reviews(order_id)["buyer_review"] is None
    as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Thanks"})
    window_fires(service, order_id)
    window_fires(service, order_id)  # fired again: closed already
    assert len(published(service, "review_published")) == 1
    service.on_review_window_ended(
        {  # an order reviews never heard of
            "event_id": "x",
            "occurred_at": "2030-01-01T00:00:00+00:00",
            "order_id": "unknown",
            "ends_at": "2030-01-01T00:00:00+00:00",
        }
    )
    assert len(published(service, "review_published")) == 1


def test_v2_the_window_opens_once_whether_the_review_or_the_completion_comes_first(service):
    by_event = completed_order(service)
    as_(service, BUYER).post_review(by_event, buyer_review())
    by_review = service.orders.add(status="delivered")
    as_(service, BUYER).post_review(by_review, buyer_review())
    page = service.orders.pages[by_review]
    service.on_order_completed(order_completed(service.db.clock, page))
    keys = [e["key"] for e in published(service, "deadline_requested")]
    assert keys == [f"reviews:{by_event}:window", f"reviews:{by_review}:window"]


def test_v5_private_feedback_after_the_review_is_the_buyers_alone(service):
    order_id = completed_order(service)
    with pytest.raises(Conflict):
        as_(service, BUYER).leave_private_feedback(order_id, {"text": "Before reviewing"})
    as_(service, BUYER).post_review(order_id, buyer_review())
    with pytest.raises(Forbidden):
        as_(service, SELLER).leave_private_feedback(order_id, {"text": "Not mine"})
    as_(service, BUYER).leave_private_feedback(order_id, {"text": "Slow on weekends"})
    with pytest.raises(Conflict):
        as_(service, BUYER).leave_private_feedback(order_id, {"text": "Again"})
    as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Thanks"})
    assert as_(service, BUYER).get_order_reviews(order_id)["private_feedback"]["text"] == (
        "Slow on weekends"
    )
    assert as_(service, ADMIN).get_order_reviews(order_id)["private_feedback"] is not None
    assert as_(service, SELLER).get_order_reviews(order_id)["private_feedback"] is None
    page = service.list_seller_reviews(SELLER["id"])
    assert "Slow on weekends" not in str(page)
