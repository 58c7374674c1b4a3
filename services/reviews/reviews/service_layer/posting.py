"""Posting reviews (V1-V4, O10) and private feedback (V5). Load, apply the domain, store,
publish.

A command first asks orders for the order's facts as the caller sees them (A2: a
stranger gets NotFound), checks the rules, and only then changes anything: a buyer's
review on a delivered order completes it through orders (O10) before the review is
stored, so a refused completion stores nothing.
"""

from sqlalchemy.exc import IntegrityError

from microtache.errors import Conflict, Forbidden, InvalidInput, RuleViolation

from reviews.contract.constants import SELLER_REVIEWED
from reviews.contract.uploads import WORK_SAMPLE
from reviews.domain import reviews as rules
from reviews.domain.orders import BUYER, COMPLETED, DELIVERED
from reviews.domain.policies import POLICIES
from reviews.domain.reviews import PrivateFeedback, Review
from reviews.service_layer import messages
from reviews.service_layer.common import facts_of, fetch_order, in_unit_of_work
from reviews.service_layer.windows import ensure_window, publish_buyer_review, window_of


def post_review(store, orders, uploads, caller, order_id, data):
    order = fetch_order(orders, order_id)
    role = rules.party(order, caller)
    _check_kind(role, data)
    with store.read_only() as uow:
        check(uow.reviews, order, role, uow.now())
    # The sample is checked first: a review refused for it completes nothing.
    sample = _check_sample(uploads, order, caller["id"], data.get("files", []))
    if role == BUYER and order.status == DELIVERED:
        order = _complete(orders, order_id)
    return in_unit_of_work(
        store,
        lambda uow: _store(uow, order, role, data, _take(uow, uploads, order, caller, sample)),
    )


def _check_kind(role, data):
    if role == BUYER and "rating" in data:
        raise InvalidInput(
            "The request is not valid.",
            {"rating": ["The buyer gives communication, service_as_described and recommend (V1)."]},
        )
    if role != BUYER and "rating" not in data:
        raise InvalidInput(
            "The request is not valid.",
            {"rating": ["The seller rates the buyer with `rating` and `text` (V4)."]},
        )


def check(reviews, order, role, now):
    """May `role` review the order now (V2-V4)? Conflict if not."""
    window = window_of(reviews, order)
    if role == BUYER:
        rules.check_buyer_review(order, window, reviews.buyer_review(order.id), now)
    else:
        rules.check_seller_review(
            order, window, reviews.buyer_review(order.id), reviews.seller_review(order.id), now
        )


def _complete(orders, order_id):
    """O10: the buyer's review on a delivered order completes it. Completed meanwhile
    (automatically, O4) is as good; any other refusal stores no review."""
    try:
        return facts_of(orders.accept_delivery(order_id))
    except Conflict:
        order = fetch_order(orders, order_id)
        if order.status != COMPLETED:
            raise
        return order


def _sample_of(order):
    return f"reviews/orders/{order.id}/work_sample"  # one buyer review an order: a retry
    # takes the same upload again


def _check_sample(uploads, order, buyer_id, upload_ids):
    """V1: the work sample, the buyer's upload, checked (not taken yet); None if none."""
    if not upload_ids:
        return None
    checked = uploads.check_all(upload_ids, buyer_id, WORK_SAMPLE, _sample_of(order))
    if not checked:
        return None
    if checked[0].size > POLICIES.max_work_sample_size:
        raise RuleViolation("A work sample is at most 30 MB (V1).", {"size": checked[0].size})
    return checked[0]


def _take(uow, uploads, order, caller, sample):
    """The checked sample taken for the review, before its unit of work commits."""
    if sample is None:
        return None
    [kept] = uploads.claim_all(
        [sample.id], caller["id"], WORK_SAMPLE, _sample_of(order), uow.on_rollback
    )
    return kept


def _store(uow, order, role, data, sample):
    now = uow.now()
    if order.status == COMPLETED:
        ensure_window(uow, order.id, order.buyer_id, order.seller_id, order.completed_at)
    check(uow.reviews, order, role, now)
    if role == BUYER:
        review = Review.by_buyer(order, data, data["text"], now, work_sample=sample)
    else:
        review = Review.by_seller(order, data["rating"], data["text"], now)
    uow.reviews.add(review)
    uow.publish("review_posted", messages.review_posted(review))
    if role != BUYER:
        publish_buyer_review(uow, uow.reviews.buyer_review(order.id, lock=True), SELLER_REVIEWED)
    return review


def leave_private_feedback(store, orders, caller, order_id, text):
    """V5: the buyer, after the public review, once; published nowhere."""
    order = fetch_order(orders, order_id)
    if order.role_of(caller) != BUYER:
        raise Forbidden("Only the order's buyer leaves private feedback (V5).")
    try:
        with store.unit_of_work() as uow:
            rules.check_private_feedback(
                uow.reviews.buyer_review(order.id), uow.reviews.private_feedback(order.id)
            )
            feedback = PrivateFeedback(
                order_id=order.id,
                buyer_id=order.buyer_id,
                seller_id=order.seller_id,
                text=text,
                created_at=uow.now(),
            )
            uow.reviews.add(feedback)
            return feedback
    except IntegrityError:  # the same feedback, twice at once
        raise Conflict("Private feedback was left already (V5).") from None
