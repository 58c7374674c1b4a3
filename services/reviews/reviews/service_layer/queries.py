"""Reading reviews (V4-V6): an order's reviews as each party may see them, and the
seller's public page."""

from microtache.pagination import position_of

from reviews.domain.orders import ADMIN
from reviews.service_layer import views
from reviews.service_layer.common import fetch_order, page
from reviews.service_layer.posting import check
from reviews.service_layer.windows import window_of


def order_reviews(store, orders, caller, order_id):
    """Each party sees only what they may (V4): the seller sees the buyer's review once
    published; private feedback is the buyer's (and admins') alone (V5)."""
    order = fetch_order(orders, order_id)
    role = order.role_of(caller)
    with store.read_only() as uow:
        reviews, now = uow.reviews, uow.now()
        can_review = role != ADMIN and views.allowed(check, reviews, order, role, now)
        return views.order_reviews(
            order,
            role,
            window_of(reviews, order),
            reviews.buyer_review(order.id),
            reviews.seller_review(order.id),
            reviews.private_feedback(order.id),
            can_review,
            now,
        )


def seller_reviews(uow, seller_id, query):
    """V6: the seller's counted reviews, newest published first, with their rating."""
    found = uow.reviews.public_of_seller(
        seller_id, query["limit"] + 1, position_of(query["cursor"])
    )
    shown, cursor = page(found, query["limit"], lambda review: review.published_at)
    return views.seller_reviews(seller_id, uow.reviews.rating(seller_id), shown, cursor)
