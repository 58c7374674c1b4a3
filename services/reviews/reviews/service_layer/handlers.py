"""Reviews of an order (V1-V6): post, read as each party may, private feedback, the
seller's public page; the review window's deadline. Load, apply the domain, store, publish.

A command first asks orders for the order page as the caller sees it (A2: a stranger
gets NotFound), checks the rules, and only then changes anything: a buyer's review on a
delivered order completes it through orders (O10) before the review is stored, so a
refused completion stores nothing.
"""
import logging

from sqlalchemy.exc import IntegrityError

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from microtache.pagination import position_of

from reviews import schemas
from reviews.adapters.repository import Reviews
from reviews.domain import reviews as rules
from reviews.domain.orders import ADMIN, BUYER, COMPLETED, DELIVERED, SELLER, OrderFacts
from reviews.domain.policies import POLICIES
from reviews.domain.reviews import PrivateFeedback, Review
from reviews.domain.windows import ReviewWindow
from reviews.service_layer import invitations
from reviews.service_layer.common import fetch_order, in_unit_of_work, page

log = logging.getLogger(__name__)

WINDOW_EVENT = "review_window_ended"


def window_key(order_id):
    return f"reviews:{order_id}:window"


# --- the window (V2, V4) ---------------------------------------------------------------------

def ensure_window(uow, order_id, buyer_id, seller_id, completed_at):
    """The order's review window, opened once at completion with its closing deadline."""
    reviews = Reviews(uow.session)
    window = reviews.window(order_id, lock=True)
    if window is None:
        window = ReviewWindow.opened(order_id, buyer_id, seller_id, completed_at)
        reviews.add(window)
        request_deadline(uow, window_key(order_id), window.ends_at, WINDOW_EVENT,
                         {"order_id": order_id, "ends_at": window.ends_at.isoformat()})
    return window


def order_completed(uow, event):
    """orders `order_completed`: the review window opens (V2, V4); the buyer becomes a
    past client of the seller (V8)."""
    ensure_window(uow, event["order_id"], event["buyer_id"], event["seller_id"],
                  event["completed_at"])
    invitations.past_client(uow, event)


def order_cancelled(uow, event):
    """orders `order_cancelled`: a completed order cancelled by support (O11: the work
    was not delivered) can no longer be reviewed (V2); its reviews come down and leave
    the seller's rating, and its window closes. Other cancellations had no review."""
    reviews = Reviews(uow.session)
    window = reviews.window(event["order_id"], lock=True)
    if window is not None and window.close(uow.now()):
        cancel_deadline(uow, window_key(window.order_id))
    for role in (BUYER, SELLER):
        review = reviews.of_order(event["order_id"], role, lock=True)
        if review is not None and review.removed_at is None:
            remove_review(uow, review, "support")


def window_of(reviews, order):
    """The stored window, or the one the order's completion implies (not stored)."""
    found = reviews.window(order.id)
    if found is None and order.status == COMPLETED and order.completed_at:
        found = ReviewWindow.opened(order.id, order.buyer_id, order.seller_id, order.completed_at)
    return found


def window_ended(uow, event):
    """scheduler `review_window_ended`: the window closes; a buyer's review the seller has
    not answered becomes visible to them and public (V4, V6). A window closed already,
    or that ends at another time, changes nothing (S3)."""
    reviews = Reviews(uow.session)
    window = reviews.window(event["order_id"], lock=True)
    if window is None or window.ends_at != event["ends_at"] or not window.close(uow.now()):
        log.info("review window deadline of order %s no longer applies", event["order_id"])
        return None
    review = reviews.buyer_review(window.order_id, lock=True)
    if review is not None:
        publish_buyer_review(uow, review, "window_closed")
    return window


def publish_buyer_review(uow, review, because):
    """V4, V6: visible to the seller and the public, counted in the seller's rating."""
    if not review.publish(uow.now()):
        return
    rating = Reviews(uow.session).rating_for_update(review.seller_id)
    rating.add(review, uow.now())
    payload = schemas.ReviewPublishedSchema().dump(review)
    payload["because"] = because
    uow.publish("review_published", payload)
    rating_changed(uow, rating)


def remove_review(uow, review, removed_by, report_id=None):
    """V7, O11: the review comes down; a counted one leaves the seller's rating."""
    counted = review.counts
    review.remove(removed_by, uow.now())
    uow.publish("review_removed", {**schemas.ReviewRemovedSchema().dump(review),
                                   "report_id": report_id})
    if counted:
        rating = Reviews(uow.session).rating_for_update(review.seller_id)
        rating.take_away(review, uow.now())
        rating_changed(uow, rating)


def rating_changed(uow, rating):
    uow.publish("seller_rating_changed", schemas.SellerRatingChangedSchema().dump(
        rating.to_dict()))


# --- posting (V1-V4, O10) ------------------------------------------------------------------

def post_review(store, orders, storage, caller, order_id, data):
    order = fetch_order(orders, caller, order_id)
    role = rules.party(order, caller)
    _check_kind(role, data)
    with store.read_only() as uow:
        _check(Reviews(uow.session), order, role, uow.now())
    # The sample is checked and kept first: a review refused for it completes nothing.
    sample = _keep_sample(storage, order.id, data.get("work_sample"))
    try:
        if role == BUYER and order.status == DELIVERED:
            order = _complete(orders, caller, order_id)
        return in_unit_of_work(store, lambda uow: _store(uow, order, role, data, sample))
    except BaseException:
        if sample:
            storage.delete(sample["key"])
        raise


def _check_kind(role, data):
    if role == BUYER and "rating" in data:
        raise InvalidInput("The request is not valid.", {"rating": [
            "The buyer gives communication, service_as_described and recommend (V1)."]})
    if role != BUYER and "rating" not in data:
        raise InvalidInput("The request is not valid.", {"rating": [
            "The seller rates the buyer with `rating` and `text` (V4)."]})


def _check(reviews, order, role, now):
    window = window_of(reviews, order)
    if role == BUYER:
        rules.check_buyer_review(order, window, reviews.buyer_review(order.id), now)
    else:
        rules.check_seller_review(order, window, reviews.buyer_review(order.id),
                                  reviews.seller_review(order.id), now)


def _complete(orders, caller, order_id):
    """O10: the buyer's review on a delivered order completes it. Completed meanwhile
    (automatically, O4) is as good; any other refusal stores no review."""
    try:
        return OrderFacts.from_page(orders.accept_delivery(caller, order_id))
    except Conflict:
        order = fetch_order(orders, caller, order_id)
        if order.status != COMPLETED:
            raise
        return order


def _keep_sample(storage, order_id, sample):
    if not sample:
        return None
    if sample["size"] > POLICIES.max_work_sample_size:
        raise RuleViolation("A work sample is at most 30 MB (V1).", {"size": sample["size"]})
    return storage.put(f"reviews/{order_id}", sample).to_dict()


def _store(uow, order, role, data, sample):
    reviews, now = Reviews(uow.session), uow.now()
    if order.status == COMPLETED:
        ensure_window(uow, order.id, order.buyer_id, order.seller_id, order.completed_at)
    _check(reviews, order, role, now)
    if role == BUYER:
        review = Review.by_buyer(order, data, data["text"], now, work_sample=sample)
    else:
        review = Review.by_seller(order, data["rating"], data["text"], now)
    reviews.add(review)
    uow.publish("review_posted", schemas.ReviewPostedSchema().dump(review))
    if role != BUYER:
        publish_buyer_review(uow, reviews.buyer_review(order.id, lock=True), "seller_reviewed")
    return review


# --- reading (V4, V5) ------------------------------------------------------------------------

def order_reviews(store, orders, caller, order_id):
    """Each party sees only what they may (V4): the seller sees the buyer's review once
    published; private feedback is the buyer's (and admins') alone (V5). Dumped here,
    inside the read, whose objects expire when it ends."""
    order = fetch_order(orders, caller, order_id)
    role = order.role_of(caller)
    with store.read_only() as uow:
        reviews, now = Reviews(uow.session), uow.now()
        window = window_of(reviews, order)
        buyer_review = reviews.buyer_review(order.id)
        seller_review = reviews.seller_review(order.id)
        feedback = reviews.private_feedback(order.id) if role in (BUYER, ADMIN) else None
        return schemas.OrderReviewsSchema().dump({
            "order_id": order.id, "order_status": order.status,
            "window_ends_at": window.ends_at if window else None,
            "window_open": bool(window and window.is_open(now)),
            "buyer_reviewed": buyer_review is not None,
            "buyer_review": _seen(buyer_review, role), "seller_review": _seen(seller_review, role),
            "private_feedback": feedback,
            "can_review": role != ADMIN and _allowed(reviews, order, role, now)})


def _allowed(reviews, order, role, now):
    try:
        _check(reviews, order, role, now)
        return True
    except Conflict:
        return False


def _seen(review, role):
    return review if review is not None and review.visible_to(role) else None


def leave_private_feedback(store, orders, caller, order_id, text):
    """V5: the buyer, after the public review, once; published nowhere."""
    order = fetch_order(orders, caller, order_id)
    if order.role_of(caller) != BUYER:
        raise Forbidden("Only the order's buyer leaves private feedback (V5).")
    try:
        with store.unit_of_work() as uow:
            reviews = Reviews(uow.session)
            rules.check_private_feedback(reviews.buyer_review(order.id),
                                         reviews.private_feedback(order.id))
            feedback = PrivateFeedback(order_id=order.id, buyer_id=order.buyer_id,
                                       seller_id=order.seller_id, text=text,
                                       created_at=uow.now())
            reviews.add(feedback)
            return feedback
    except IntegrityError:          # the same feedback, twice at once
        raise Conflict("Private feedback was left already (V5).")


# --- the seller's public page (V6) -----------------------------------------------------------

def seller_reviews(uow, seller_id, query):
    reviews = Reviews(uow.session)
    rating = reviews.rating(seller_id)
    found = reviews.public_of_seller(seller_id, query["limit"] + 1, position_of(query["cursor"]))
    shown, cursor = page(found, query["limit"], lambda review: review.published_at)
    return {"seller_id": seller_id, "rating": rating.rating if rating else None,
            "review_count": rating.review_count if rating else 0,
            "results": shown, "next_cursor": cursor}
