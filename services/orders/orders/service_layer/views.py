"""What a party sees of an order: its summary in a list, its page, its facts (O13-O15)."""

from orders.domain import lifecycle
from orders.domain.deadlines import deadlines_of
from orders.domain.orders import ADMIN, BUYER, SELLER


def summary(order, role):
    return {
        "id": order.id,
        "status": order.status,
        "title": order.title,
        "buyer": {"id": order.buyer_id, "username": order.buyer_username},
        "seller": {"id": order.seller_id, "username": order.seller_username},
        "price": order.price,
        "created_at": order.created_at,
        "due_at": order.due_at,
        "completed_at": order.completed_at,
        "starred": order.buyer_starred if role == BUYER else order.seller_starred,
    }


def facts(order):
    """`OrderFacts` (orders.contract): what another service needs of an order."""
    return {
        "id": order.id,
        "status": order.status,
        "buyer": {"id": order.buyer_id, "username": order.buyer_username},
        "seller": {"id": order.seller_id, "username": order.seller_username},
        "price": order.price,
        "completed_at": order.completed_at,
    }


def present(order, role, now):
    """The order page as `role` sees it (O14, O15): drafts and earnings are the seller's."""
    time_left = order.time_left(now)
    return {
        **summary(order, role),
        "source": {"kind": order.source_kind, "id": order.source_id},
        "gig_id": order.gig_id,
        "package": order.package,
        "extras": order.extras,
        "ships_physical_item": order.ships_physical_item,
        "delivery_days": order.delivery_days,
        "revisions_included": order.revisions_included,
        "revisions_used": order.revisions_used,
        "requirements": order.requirements,
        "started_at": order.started_at,
        "delivered_at": order.delivered_at,
        "review_ends_at": order.review_ends_at,
        "cancelled_at": order.cancelled_at,
        "cancellation_reason": order.cancellation_reason,
        "time_left_seconds": None if time_left is None else int(time_left.total_seconds()),
        "earnings": order.earnings if role in (SELLER, ADMIN) else None,
        "deadlines": deadlines_of(order),
        "allowed_actions": lifecycle.allowed_actions(order, role),
        "timeline": order.timeline,
        "deliveries": [d for d in order.deliveries if not d.draft or role == SELLER],
        "extension_requests": order.extension_requests,
        "cancellation_requests": order.cancellation_requests,
        "extra_offers": order.extra_offers,
    }
