"""What reviews shows: the replies' dicts, built from the domain objects a query read.
The service dumps them through reviews.contract's replies; `order_reviews` dumps itself,
inside the read whose objects expire when it ends."""

from datetime import datetime

from microtache.errors import Conflict, MicrotacheError
from microtache.money import Money

from reviews.contract.replies import OrderReviewsSchema
from reviews.domain import tips as tip_rules
from reviews.domain.orders import ADMIN, BUYER
from reviews.domain.tips import PAID


def order_reviews(order, role, window, buyer_review, seller_review, feedback, can_review, now):
    """What the caller may see of an order's reviews (V4, V5)."""
    return OrderReviewsSchema().dump(
        {
            "order_id": order.id,
            "order_status": order.status,
            "window_ends_at": window.ends_at if window else None,
            "window_open": bool(window and window.is_open(now)),
            "buyer_reviewed": buyer_review is not None,
            "buyer_review": _seen(buyer_review, role),
            "seller_review": _seen(seller_review, role),
            "private_feedback": feedback if role in (BUYER, ADMIN) else None,
            "can_review": can_review,
        }
    )


def _seen(review, role):
    return review if review is not None and review.visible_to(role) else None


def allowed(check, *args):
    """True if `check(*args)` raises no Conflict: may the caller act now?"""
    try:
        check(*args)
        return True
    except Conflict:
        return False


def seller_reviews(seller_id, rating, shown, cursor):
    """V6: the seller's public page."""
    return {
        "seller_id": seller_id,
        "rating": rating.rating if rating else None,
        "review_count": rating.review_count if rating else 0,
        "results": shown,
        "next_cursor": cursor,
    }


def report_with_review(report, review):
    report.review = review
    return report


def invitation(invitation, credits):
    invitation.credits_left = credits.left()
    return invitation


def invitations(shown, cursor, credits):
    return {"credits_left": credits.left(), "results": shown, "next_cursor": cursor}


def tip_options(order, caller, tip, now):
    """T1, T2: what the buyer may tip now, three suggested amounts, and their tip if any."""
    minimum, maximum = tip_rules.bounds(order.price)
    try:
        tip_rules.check_tip(order, caller, minimum, now)
        can_tip = tip is None
    except MicrotacheError:
        can_tip = False
    return {
        "order_id": order.id,
        "can_tip": can_tip,
        "window_ends_at": tip_rules.window_ends_at(order),
        "minimum": minimum,
        "maximum": maximum,
        "suggested_amounts": tip_rules.suggestions(order.price),
        "tip": tip_receipt(tip) if tip is not None and tip.status == PAID else None,
    }


def tip_receipt(tip):
    """Payments' receipt (T3) with the message."""
    receipt = tip.receipt
    money = {
        name: Money.from_dict(receipt[name])
        for name in ("fee", "total", "from_balance", "from_card", "seller_earnings")
    }
    return {
        "tip_id": tip.tip_id,
        "order_id": tip.order_id,
        "amount": tip.amount,
        **money,
        "clears_at": datetime.fromisoformat(receipt["clears_at"]),
        "message": tip.message,
        "message_posted": tip.message_posted_at is not None,
        "paid_at": tip.paid_at,
    }
