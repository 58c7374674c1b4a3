"""Read-only views: a seller's public profile, favourites, the moderation queue, the
category tree; what they show is built here, not in the command handlers."""

from microtache.errors import NotFound
from microtache.pagination import next_offset, offset_of

from catalog.domain import levels
from catalog.domain.categories import category_tree
from catalog.domain.reports import require_admin


def seller_profile(uow, username):
    """A seller's public profile (C6): the account's public facts, their figures
    (C7: completed orders, on-time rate) and their active gigs."""
    catalog = uow.catalog
    user = catalog.user_by_username(username)
    if user is None:
        raise NotFound("No such user.", {"username": username})
    user.active_gigs = catalog.active_gigs_of(user.id)
    stats = catalog.seller_stats(user.id) or levels.SellerStats(seller_id=user.id)
    user.completed_orders = stats.completed_orders
    user.on_time_rate = None if stats.on_time_rate is None else round(stats.on_time_rate, 3)
    return user


def list_favourites(uow, user_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = uow.catalog.favourite_gigs(user_id, query["limit"], offset)
    results = [
        {
            "id": gig.id,
            "title": gig.title,
            "seller": username,
            "price": gig.starting_price.to_dict(),
            "status": gig.status,
        }
        for gig, username in rows
    ]
    return results, next_offset(offset, rows, more)


def list_reports(uow, caller, query):
    require_admin(caller)
    offset = offset_of(query.get("cursor"))
    rows, more = uow.catalog.reports(query["status"], query["limit"], offset)
    return rows, next_offset(offset, rows, more)


def categories():
    return category_tree().as_list()
