"""What requests keeps of sellers, from the catalog's and reviews' events (C10, Q1, R6, R7).

Each handler runs once per event (`Store.handle_once`); events of different types come
through different queues in any order, so each fact carries the time it happened and an
older one never overwrites a newer one.
"""

from datetime import datetime

from buyer_requests.domain.sellers import ARCHIVED, SellerGig


def occurred_at(event):
    """When the fact happened: the envelope's time, loaded or (as a producer's contract
    leaves it) still ISO 8601 text."""
    at = event["occurred_at"]
    return at if isinstance(at, datetime) else datetime.fromisoformat(at)


def on_user_signed_up(uow, event):
    uow.sellers.get_or_add(event["user_id"]).username = event["username"]


def on_gig_facts(uow, event):
    """catalog `gig_published`, `gig_updated`: the gig's (sub)category and status."""
    seller = uow.sellers.get_or_add(event["seller_id"])
    if event.get("seller_username"):
        seller.username = event["seller_username"]
    gig = uow.sellers.gig(event["gig_id"])
    if gig is None:
        seller.gigs.append(
            SellerGig(
                gig_id=event["gig_id"],
                seller_id=seller.user_id,
                category=event["category"],
                subcategory=event["subcategory"],
                status=event["status"],
                updated_at=occurred_at(event),
            )
        )
    else:
        gig.apply(event, occurred_at(event))


def on_gig_archived(uow, event):
    """catalog `gig_archived`: final. Arriving before the gig's other events, it leaves
    a tombstone that they cannot revive."""
    gig = uow.sellers.gig(event["gig_id"])
    if gig is None:
        seller = uow.sellers.get_or_add(event["seller_id"])
        seller.gigs.append(
            SellerGig(
                gig_id=event["gig_id"],
                seller_id=event["seller_id"],
                category="",
                subcategory="",
                status=ARCHIVED,
                updated_at=occurred_at(event),
            )
        )
    else:
        gig.archive(occurred_at(event))


def on_seller_profile_updated(uow, event):
    uow.sellers.get_or_add(event["user_id"]).update_profile(event, occurred_at(event))


def on_seller_level_changed(uow, event):
    uow.sellers.get_or_add(event["user_id"]).change_level(event["level"], occurred_at(event))


def on_seller_rating_changed(uow, event):
    """reviews `seller_rating_changed` (V6): offers sort by rating and reviews (R7)."""
    uow.sellers.get_or_add(event["seller_id"]).rate(
        event["rating"], event["review_count"], occurred_at(event)
    )
