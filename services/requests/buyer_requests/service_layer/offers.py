"""The seller's side of buyer requests (R6): the open requests, declining one, offering."""

from microtache.errors import Conflict, NotFound
from microtache.pagination import offset_of

from buyer_requests.domain.offers import Offer, check_terms
from buyer_requests.service_layer.expiry import schedule_expiry
from buyer_requests.service_layer.lookups import page_of, request_of, seller_of
from buyer_requests.service_layer.views import offer_view


def open_requests(uow, seller_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = uow.requests.open_for(seller_of(uow, seller_id), query["limit"], offset)
    return page_of(rows, more, offset)


def decline_request(uow, seller_id, request_id):
    """R6: irreversible; the request never shows in this seller's list again."""
    request = request_of(uow, request_id)
    uow.requests.decline(request.id, seller_id, uow.now())


def send_offer(uow, seller_id, request_id, terms):
    """R6: a seller with an active gig in the request's subcategory offers once, while the
    request takes offers; a new offer is activity (R5)."""
    requests = uow.requests
    request = request_of(uow, request_id, lock=True)
    if requests.declined_by(request.id, seller_id):
        raise NotFound("No such request.", {"request_id": request_id})  # gone for them (R6)
    if request.buyer_id == seller_id:
        raise Conflict("You cannot send an offer on your own request.")
    seller = seller_of(uow, seller_id)
    seller.require_active_gig()
    if not seller.works_in(request.subcategory):
        raise Conflict(
            "This request is not in a subcategory of your active gigs (R6).",
            {"subcategory": request.subcategory},
        )
    request.check_takes_offers(requests.count_offers(request.id))
    if requests.offer_by(request.id, seller_id) is not None:
        raise Conflict("You already sent an offer on this request.", {"request_id": request.id})
    check_terms(terms["price"], terms["delivery_days"], terms["revisions"])
    offer = Offer(
        request_id=request.id,
        seller_id=seller_id,
        price=terms["price"],
        delivery_days=terms["delivery_days"],
        revisions=terms["revisions"],
        description=terms["description"].strip(),
        created_at=uow.now(),
    )
    requests.add_offer(offer)
    request.touch(uow.now())
    schedule_expiry(uow, request)
    uow.publish(
        "offer_submitted",
        {
            "offer_id": offer.id,
            "request_id": request.id,
            "buyer_id": request.buyer_id,
            "seller_id": seller_id,
            "price": offer.price,
            "delivery_days": offer.delivery_days,
        },
    )
    return offer_view(offer, seller)
