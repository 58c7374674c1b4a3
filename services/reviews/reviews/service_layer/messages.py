"""The payloads of the events reviews publishes, from its domain objects; `uow.publish`
dumps and checks each through reviews.contract's EVENTS."""


def seller_rating_changed(rating):
    return rating.to_dict()


def review_posted(review):
    """No scores nor text: a buyer's review may still be hidden (V4)."""
    return {
        "review_id": review.id,
        "order_id": review.order_id,
        "author_role": review.author_role,
        "author_id": review.author_id,
        "seller_id": review.seller_id,
        "buyer_id": review.buyer_id,
        "posted_at": review.created_at,
    }


def review_published(review, because):
    return {
        "review_id": review.id,
        "order_id": review.order_id,
        "seller_id": review.seller_id,
        "buyer_id": review.buyer_id,
        "rating": review.rating,
        "published_at": review.published_at,
        "because": because,
    }


def review_removed(review, report_id=None):
    return {
        "review_id": review.id,
        "order_id": review.order_id,
        "author_role": review.author_role,
        "seller_id": review.seller_id,
        "buyer_id": review.buyer_id,
        "removed_at": review.removed_at,
        "report_id": report_id,
    }


def review_reported(report):
    return {"report_id": report.id, "review_id": report.review_id, "reason": report.reason}


def review_invitation_sent(invitation):
    return {
        "invitation_id": invitation.id,
        "seller_id": invitation.seller_id,
        "client_id": invitation.client_id,
        "message": invitation.message,
    }


def tip_sent(tip):
    return {
        "tip_id": tip.tip_id,
        "order_id": tip.order_id,
        "buyer_id": tip.buyer_id,
        "seller_id": tip.seller_id,
        "amount": tip.amount,
        "message": tip.message,
        "paid_at": tip.paid_at,
    }
