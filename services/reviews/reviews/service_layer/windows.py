"""The review window of a completed order (V2, V4) and what follows from it: opened on
orders' `order_completed`, closed by the scheduler's deadline (which publishes a buyer's
review the seller did not answer) or by a support cancellation (O11, which takes the
order's reviews down); the seller's rating as buyers' reviews are published or removed."""

import logging

from microtache.deadlines import cancel_deadline, request_deadline

from reviews.contract.constants import WINDOW_CLOSED
from reviews.domain.orders import BUYER, COMPLETED, SELLER
from reviews.domain.windows import ReviewWindow
from reviews.service_layer import invitations, messages

log = logging.getLogger(__name__)

WINDOW_EVENT = "review_window_ended"


def window_key(order_id):
    return f"reviews:{order_id}:window"


def ensure_window(uow, order_id, buyer_id, seller_id, completed_at):
    """The order's review window, opened once at completion with its closing deadline."""
    window = uow.reviews.window(order_id, lock=True)
    if window is None:
        window = ReviewWindow.opened(order_id, buyer_id, seller_id, completed_at)
        uow.reviews.add(window)
        request_deadline(
            uow,
            window_key(order_id),
            window.ends_at,
            WINDOW_EVENT,
            {"order_id": order_id, "ends_at": window.ends_at.isoformat()},
        )
    return window


def window_of(reviews, order):
    """The stored window, or the one the order's completion implies (not stored)."""
    found = reviews.window(order.id)
    if found is None and order.status == COMPLETED and order.completed_at:
        found = ReviewWindow.opened(order.id, order.buyer_id, order.seller_id, order.completed_at)
    return found


def order_completed(uow, event):
    """orders `order_completed`: the review window opens (V2, V4); the buyer becomes a
    past client of the seller (V8)."""
    ensure_window(
        uow, event["order_id"], event["buyer_id"], event["seller_id"], event["completed_at"]
    )
    invitations.past_client(uow, event)


def order_cancelled(uow, event):
    """orders `order_cancelled`: a completed order cancelled by support (O11: the work
    was not delivered) can no longer be reviewed (V2); its reviews come down and leave
    the seller's rating, and its window closes. Other cancellations had no review."""
    window = uow.reviews.window(event["order_id"], lock=True)
    if window is not None and window.close(uow.now()):
        cancel_deadline(uow, window_key(window.order_id))
    for role in (BUYER, SELLER):
        review = uow.reviews.of_order(event["order_id"], role, lock=True)
        if review is not None and review.removed_at is None:
            remove_review(uow, review, "support")


def window_ended(uow, event):
    """scheduler `review_window_ended`: the window closes; a buyer's review the seller has
    not answered becomes visible to them and public (V4, V6). A window closed already,
    or that ends at another time, changes nothing (S3)."""
    window = uow.reviews.window(event["order_id"], lock=True)
    if window is None or window.ends_at != event["ends_at"] or not window.close(uow.now()):
        log.info("review window deadline of order %s no longer applies", event["order_id"])
        return None
    review = uow.reviews.buyer_review(window.order_id, lock=True)
    if review is not None:
        publish_buyer_review(uow, review, WINDOW_CLOSED)
    return window


def publish_buyer_review(uow, review, because):
    """V4, V6: visible to the seller and the public, counted in the seller's rating."""
    if not review.publish(uow.now()):
        return
    rating = uow.reviews.rating_for_update(review.seller_id)
    rating.add(review, uow.now())
    uow.publish("review_published", messages.review_published(review, because))
    rating_changed(uow, rating)


def remove_review(uow, review, removed_by, report_id=None):
    """V7, O11: the review comes down; a counted one leaves the seller's rating."""
    counted = review.counts
    review.remove(removed_by, uow.now())
    uow.publish("review_removed", messages.review_removed(review, report_id))
    if counted:
        rating = uow.reviews.rating_for_update(review.seller_id)
        rating.take_away(review, uow.now())
        rating_changed(uow, rating)


def rating_changed(uow, rating):
    uow.publish("seller_rating_changed", messages.seller_rating_changed(rating))
