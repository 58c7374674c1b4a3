"""Read-only views: what each reply shows, built here as plain dicts from the domain's
objects (which know nothing of presentation and are never changed for a reply): a
gig, a seller's public profile, favourites, the moderation queue, the category tree."""

from microtache.errors import NotFound
from microtache.pagination import next_offset, offset_of

from catalog.contract.gallery import gallery_url, thumbnail_url
from catalog.domain import levels
from catalog.domain.accounts import is_online
from catalog.domain.categories import category_tree
from catalog.domain.gallery import cover_thumbnail, document_of, images_of
from catalog.domain.gigs import ACTIVE, PAUSED
from catalog.domain.reports import require_admin


def gig_view(uow, gig):
    """A gig as `GigSchema` replies it (`get_gig` and every gig command): its terms,
    its seller's username and whether the seller is online now (C5, C6)."""
    seller = uow.accounts.user(gig.seller_id)
    return {
        "id": gig.id,
        "seller": seller.username,
        "seller_id": gig.seller_id,
        "title": gig.title,
        "description": gig.description,
        "category": gig.category,
        "subcategory": gig.subcategory,
        "packages": [
            {
                "tier": p.tier,
                "price": p.price,
                "delivery_days": p.delivery_days,
                "revisions": p.revisions,
                "description": p.description,
            }
            for p in gig.packages
        ],
        "extras": [
            {"name": e.name, "price": e.price, "delivery_days": e.delivery_days} for e in gig.extras
        ],
        "attributes": dict(gig.attributes),
        "tags": list(gig.tags),
        "ships_physical_item": gig.ships_physical_item,
        "accepts_remote_work": gig.accepts_remote_work,
        "shows_reviews": gig.shows_reviews,
        "status": gig.status,
        "created_at": gig.created_at,
        "gallery": gallery_view(gig),
        "online": is_online(seller.last_seen_at, uow.now()),
    }


def gallery_view(gig):
    """C1: each file with its stable link; an image's thumbnail once made (else null)."""
    document = document_of(gig.gallery)
    return {
        "images": [
            {
                **file_view(gig, f),
                "thumbnail_url": thumbnail_url(gig.id, f.upload_id) if f.thumbnail_key else None,
            }
            for f in images_of(gig.gallery)
        ],
        "document": None if document is None else file_view(gig, document),
    }


def file_view(gig, file):
    return {
        "upload_id": file.upload_id,
        "name": file.name,
        "content_type": file.content_type,
        "size": file.size,
        "url": gallery_url(gig.id, file.upload_id),
    }


def search_result(row):
    """A search result (C5) with its cover thumbnail (C1), if any."""
    cover = row["cover_thumbnail_id"]
    return {**row, "thumbnail_url": thumbnail_url(row["id"], cover) if cover else None}


PUBLIC = (  # what anyone sees of an account (`PublicAccountSchema`)
    "id",
    "username",
    "country",
    "languages",
    "accepts_quotes",
    "on_vacation",
    "level",
    "rating",
    "review_count",
    "last_seen_at",
    "created_at",
)


def seller_profile(uow, username):
    """A seller's public profile (C6): the account's public facts (on vacation or not),
    whether they are online now (C5's rule), their figures (C7: completed orders,
    on-time rate) and their active gigs."""
    user = uow.accounts.user_by_username(username)
    if user is None:
        raise NotFound("No such user.", {"username": username})
    stats = uow.sellers.stats(user.id) or levels.SellerStats(seller_id=user.id)
    return {
        **{name: getattr(user, name) for name in PUBLIC},
        "online": is_online(user.last_seen_at, uow.now()),
        "gigs": [
            {
                "id": g.id,
                "title": g.title,
                "category": g.category,
                "subcategory": g.subcategory,
                "price": g.starting_price,
                "created_at": g.created_at,
            }
            for g in uow.gigs.active_of_seller(user.id)
        ],
        "completed_orders": stats.completed_orders,
        "on_time_rate": None if stats.on_time_rate is None else round(stats.on_time_rate, 3),
    }


OWN_STATUSES = (ACTIVE, PAUSED)  # a seller's own list: archived only when asked


def list_own_gigs(uow, seller_id, query):
    """The seller's own gigs, newest first: every status but archived, or only the
    `status` asked (archived included); a page of `limit` from `cursor`."""
    offset = offset_of(query.get("cursor"))
    statuses = (query["status"],) if query.get("status") else OWN_STATUSES
    rows, more = uow.gigs.of_seller(seller_id, statuses, query["limit"], offset)
    return [own_gig(gig) for gig in rows], next_offset(offset, rows, more)


def own_gig(gig):
    """One of the seller's own gigs (`OwnGigSchema`), with its cover thumbnail (C1)."""
    cover = cover_thumbnail(gig.gallery)
    return {
        "id": gig.id,
        "title": gig.title,
        "category": gig.category,
        "subcategory": gig.subcategory,
        "status": gig.status,
        "price": gig.starting_price,
        "created_at": gig.created_at,
        "thumbnail_url": thumbnail_url(gig.id, cover) if cover else None,
    }


def list_favourites(uow, user_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = uow.favourites.gigs_of(user_id, query["limit"], offset)
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
    rows, more = uow.reports.queue(query["status"], query["limit"], offset)
    return rows, next_offset(offset, rows, more)


def categories():
    return category_tree().as_list()
