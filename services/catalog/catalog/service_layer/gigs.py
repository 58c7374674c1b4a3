"""Gigs (C1, C2, C3) and favourites (C8): publish, change, pause, archive, keep."""

from microtache.errors import Conflict, NotFound

from catalog.domain.categories import category_tree
from catalog.domain.favourites import Favourite
from catalog.domain.gallery import arrange, images_of, lacking_thumbnails
from catalog.domain.gigs import (
    ACTIVE,
    ARCHIVED,
    Extra,
    Gig,
    Package,
    archive,
    check_gig,
    listing,
)
from catalog.service_layer.accounts import account


def create_gig(uow, seller_id, data, files=()):
    """`files`: its gallery, checked already (`gallery.inspect`)."""
    seller = account(uow, seller_id)
    gig = Gig(
        seller_id=seller.id,
        title=data["title"].strip(),
        description=data["description"],
        category=data["category"],
        subcategory=data["subcategory"],
        packages=[Package(**p) for p in data["packages"]],
        extras=[Extra(**e) for e in data["extras"]],
        attributes=data["attributes"],
        tags=[t.lower() for t in data["tags"]],
        ships_physical_item=data["ships_physical_item"],
        accepts_remote_work=data["accepts_remote_work"],
        shows_reviews=data["shows_reviews"],
        created_at=uow.now(),
    )
    gig.gallery = arrange([], files)
    check_gig(gig, category_tree(), uow.gigs.active_count(seller.id))
    uow.gigs.add(gig, seller)
    uow.publish("gig_published", gig_facts(gig, seller))
    gallery_changed(uow, gig)
    return gig


def gallery_changed(uow, gig):
    """C1: its images' thumbnails are made in the background (catalog handles it)."""
    images = [f.upload_id for f in images_of(gig.gallery)]
    if lacking_thumbnails(gig.gallery):
        uow.publish(
            "gig_gallery_changed",
            {"gig_id": gig.id, "seller_id": gig.seller_id, "images": images},
        )


def gig_facts(gig, seller):
    """What other services keep of a gig (orders take prices and days from here)."""
    return {
        "gig_id": gig.id,
        "seller_id": seller.id,
        "seller_username": seller.username,
        "title": gig.title,
        "category": gig.category,
        "subcategory": gig.subcategory,
        "status": gig.status,
        "ships_physical_item": gig.ships_physical_item,
        "packages": [
            {
                "tier": p.tier,
                "price": p.price,
                "delivery_days": p.delivery_days,
                "revisions": p.revisions,
            }
            for p in gig.packages
        ],
        "extras": [
            {"name": e.name, "price": e.price, "delivery_days": e.delivery_days} for e in gig.extras
        ],
    }


def get_gig(uow, gig_id):
    gig = uow.gigs.get(gig_id)
    if gig is None:
        raise NotFound("No such gig.", {"gig_id": gig_id})
    return gig


def update_gig(uow, seller_id, gig_id, changes, files=None):
    """The seller edits a gig, pauses or reactivates it; every C1/C2 rule is checked
    again. `files`: its new gallery, checked already (`gallery.inspect`), or None."""
    gig = get_gig(uow, gig_id)
    gig.owned_by(seller_id)
    if gig.status == ARCHIVED:
        raise Conflict("An archived gig cannot change.", {"status": gig.status})
    others_active = uow.gigs.active_count(gig.seller_id) - (1 if gig.status == ACTIVE else 0)
    before = listing(gig)
    for name, value in changes.items():
        if name == "gallery":
            continue  # `files`
        if name == "packages":
            value = [Package(**p) for p in value]
        elif name == "extras":
            value = [Extra(**e) for e in value]
        elif name == "title":
            value = value.strip()
        elif name == "tags":
            value = [t.lower() for t in value]
        setattr(gig, name, value)
    if files is not None:
        gig.gallery = arrange(gig.gallery, files)
    check_gig(gig, category_tree(), others_active)
    uow.gigs.reindex(gig, before)
    uow.publish("gig_updated", gig_facts(gig, uow.accounts.user(gig.seller_id)))
    if files is not None:
        gallery_changed(uow, gig)
    return gig


def archive_gig(uow, seller_id, gig_id):
    gig = get_gig(uow, gig_id)
    gig.owned_by(seller_id)
    before = listing(gig)
    archive(gig)
    uow.gigs.relist(before, listing(gig))
    uow.publish("gig_archived", {"gig_id": gig.id, "seller_id": gig.seller_id})
    return gig


def add_favourite(uow, user_id, gig_id):
    get_gig(uow, gig_id)
    if uow.favourites.get(user_id, gig_id) is None:
        uow.favourites.add(Favourite(user_id=user_id, gig_id=gig_id, created_at=uow.now()))


def remove_favourite(uow, user_id, gig_id):
    favourite = uow.favourites.get(user_id, gig_id)
    if favourite is not None:
        uow.favourites.remove(favourite)
