"""The seller's rating and public page (V6), reports and removal by an admin (V7)."""

import pytest
from reviews_support import (
    ADMIN,
    BUYER,
    SELLER,
    STRANGER,
    as_,
    buyer_review,
    completed_order,
    make_service,
    order_cancelled,
    published,
)

from microtache.errors import Conflict, Forbidden, NotFound

from reviews.domain.ratings import SellerRating

OTHER_BUYER = {"id": "buyer-2", "username": "ben", "role": "user"}


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files")


def reviewed(service, buyer=BUYER, **scores):
    """A buyer's review, made public by the seller's own review (V4)."""
    order_id = completed_order(service, buyer=buyer)
    review = as_(service, buyer).post_review(order_id, buyer_review(**scores))
    as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Thanks"})
    return review


def test_v6_the_rating_is_the_average_of_the_buyers_public_reviews_with_their_count(service):
    reviewed(service, communication=5, service_as_described=5, recommend=5)
    hidden = completed_order(service, buyer=OTHER_BUYER)
    as_(service, OTHER_BUYER).post_review(hidden, buyer_review(communication=1))  # not public
    reviewed(service, buyer=OTHER_BUYER, communication=2, service_as_described=3, recommend=4)
    page = service.list_seller_reviews(SELLER["id"])
    assert (page["rating"], page["review_count"]) == (4.0, 2)  # (15 + 9) / 6
    assert [r["buyer"] for r in page["results"]] == ["ben", "bea"]  # newest first
    assert [e["rating"] for e in published(service, "seller_rating_changed")] == [5.0, 4.0]
    first = service.list_seller_reviews(SELLER["id"], {"limit": 1})
    rest = service.list_seller_reviews(SELLER["id"], {"limit": 1, "cursor": first["next_cursor"]})
    assert [r["buyer"] for r in first["results"] + rest["results"]] == ["ben", "bea"]
    assert rest["next_cursor"] is None


def test_v6_a_seller_without_public_reviews_has_no_rating(service):
    assert service.list_seller_reviews("nobody") == {
        "seller_id": "nobody",
        "rating": None,
        "review_count": 0,
        "results": [],
        "next_cursor": None,
    }


def test_v6_the_rating_never_drifts():
    rating = SellerRating(seller_id="s")

    class Scores:
        def __init__(self, total):
            self.score_total = total

    for total in (15, 14, 13):
        rating.add(Scores(total), None)
    assert rating.rating == 4.67
    rating.take_away(Scores(15), None)
    assert (rating.rating, rating.review_count) == (4.5, 2)


def test_v7_anyone_reports_a_visible_review_once_while_the_report_is_open(service):
    review = reviewed(service)
    report = as_(service, STRANGER).report_review(
        review["id"], {"reason": "false_statement", "details": "Never ordered"}
    )
    assert report["status"] == "open"
    with pytest.raises(Conflict):
        as_(service, STRANGER).report_review(review["id"], {"reason": "abuse"})
    assert published(service, "review_reported")[0]["review_id"] == review["id"]
    hidden = as_(service, OTHER_BUYER).post_review(
        completed_order(service, buyer=OTHER_BUYER), buyer_review()
    )
    with pytest.raises(NotFound):  # not visible to anyone but its author
        as_(service, STRANGER).report_review(hidden["id"], {"reason": "abuse"})


def test_v7_only_an_admin_removes_a_review_and_it_leaves_the_rating(service):
    kept = reviewed(service, communication=5, service_as_described=5, recommend=5)
    bad = reviewed(service, buyer=OTHER_BUYER, communication=1, service_as_described=1, recommend=1)
    assert service.list_seller_reviews(SELLER["id"])["rating"] == 3.0
    report = as_(service, SELLER).report_review(bad["id"], {"reason": "abuse"})
    other = as_(service, STRANGER).report_review(bad["id"], {"reason": "false_statement"})
    with pytest.raises(Forbidden):
        as_(service, SELLER).resolve_review_report(report["id"], {"action": "remove_review"})
    with pytest.raises(Forbidden):
        as_(service, SELLER).list_review_reports()
    queue = as_(service, ADMIN).list_review_reports()["results"]
    assert [r["id"] for r in queue] == [report["id"], other["id"]]
    assert queue[0]["review"]["text"] == "Clean work, fast answers."
    resolved = as_(service, ADMIN).resolve_review_report(
        report["id"], {"action": "remove_review", "note": "Abusive"}
    )
    assert resolved["resolution"] == "removed" and resolved["review"]["status"] == "removed"
    page = service.list_seller_reviews(SELLER["id"])
    assert (page["rating"], page["review_count"]) == (5.0, 1)
    assert [r["id"] for r in page["results"]] == [kept["id"]]
    assert as_(service, ADMIN).list_review_reports()["results"] == []  # both resolved
    assert published(service, "seller_rating_changed")[-1]["rating"] == 5.0
    assert published(service, "review_removed")[0]["review_id"] == bad["id"]
    with pytest.raises(Conflict):
        as_(service, STRANGER).report_review(bad["id"], {"reason": "abuse"})
    with pytest.raises(Conflict):
        as_(service, ADMIN).resolve_review_report(report["id"], {"action": "dismiss"})
    seen = as_(service, SELLER).get_order_reviews(bad["order_id"])
    assert seen["buyer_review"] is None  # the other party no longer sees it
    assert (
        as_(service, OTHER_BUYER).get_order_reviews(bad["order_id"])["buyer_review"]["status"]
        == "removed"
    )


def test_v7_a_dismissed_report_changes_nothing(service):
    review = reviewed(service)
    report = as_(service, STRANGER).report_review(review["id"], {"reason": "spam"})
    dismissed = as_(service, ADMIN).resolve_review_report(report["id"], {"action": "dismiss"})
    assert dismissed["resolution"] == "dismissed"
    assert service.list_seller_reviews(SELLER["id"])["review_count"] == 1
    assert (
        as_(service, ADMIN).list_review_reports({"status": "resolved"})["results"][0]["id"]
        == (report["id"])
    )


def test_v2_v6_a_support_cancelled_order_loses_its_reviews_and_leaves_the_rating(service):
    kept = completed_order(service)
    gone = completed_order(service, buyer=OTHER_BUYER)
    for buyer, order_id, stars in [(BUYER, kept, 5), (OTHER_BUYER, gone, 1)]:
        as_(service, buyer).post_review(
            order_id, buyer_review(communication=stars, service_as_described=stars, recommend=stars)
        )
        as_(service, SELLER).post_review(order_id, {"rating": 5, "text": "Thanks"})
    assert service.list_seller_reviews(SELLER["id"])["rating"] == 3.0
    cancelled = order_cancelled(service.db.clock, service.orders.pages[gone], "support")
    service.on_order_cancelled(cancelled)
    service.on_order_cancelled(cancelled)  # redelivered: once only
    page = service.list_seller_reviews(SELLER["id"])
    assert (page["rating"], page["review_count"]) == (5.0, 1)
    assert [r["buyer"] for r in page["results"]] == ["bea"]  # only the kept order's
    assert len(published(service, "review_removed")) == 2  # the buyer's and the seller's
    with pytest.raises(Conflict):  # no review after it (V2)
        as_(service, OTHER_BUYER).post_review(gone, buyer_review())
