"""Ordering an offer (Q2, R7): the terms orders asks for, and the order it reports back.

orders.place_order asks `offer_terms`, charges the buyer and publishes `offer_ordered`;
this service then marks the offer ordered (and the request found its seller).
"""

import logging

from microtache.errors import NotFound

from buyer_requests.contract.bounds import CUSTOM_OFFER, REQUEST_OFFER
from buyer_requests.service_layer.expiry import cancel_expiry

log = logging.getLogger(__name__)

TITLE_LENGTH = 80


def short_title(text):
    """The first line of the buyer's description, at most 80 characters, for the order."""
    line = (text.strip().splitlines() or [""])[0].strip()
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def offer_terms(uow, kind, offer_id, buyer_id):
    """The terms an order from this offer is placed at; only for its buyer, and only while
    it can be ordered (NotFound, Forbidden, Conflict otherwise)."""
    if kind == CUSTOM_OFFER:
        offer = uow.quotes.custom_offer(offer_id)
        if offer is None:
            raise NotFound("No such custom offer.", {"offer_id": offer_id})
        offer.for_buyer(buyer_id)
        offer.check_orderable(uow.now())
        need = uow.quotes.get(offer.quote_request_id)
    else:
        offer = uow.requests.offer(offer_id)
        need = offer and uow.requests.get(offer.request_id)
        if offer is None or need is None:
            raise NotFound("No such offer.", {"offer_id": offer_id})
        need.owned_by(buyer_id)
        offer.check_orderable()
        need.check_orderable()
    seller = uow.sellers.get(offer.seller_id)
    return {
        "offer_id": offer.id,
        "kind": kind,
        "seller_id": offer.seller_id,
        "seller_username": seller.username if seller else None,
        "buyer_id": buyer_id,
        "price": offer.price,
        "delivery_days": offer.delivery_days,
        "revisions": offer.revisions,
        "description": offer.description,
        "title": short_title(need.description),
        "category": need.category,
        "subcategory": need.subcategory,
    }


def on_order_placed(uow, event):
    """orders `offer_ordered`: an order from one of our offers marks it ordered; a
    request whose offer is ordered has found its seller and stops expiring."""
    source = event.get("source") or {}
    if source.get("kind") == CUSTOM_OFFER:
        offer = uow.quotes.custom_offer(source["id"])
    elif source.get("kind") == REQUEST_OFFER:
        offer = uow.requests.offer(source["id"])
    else:
        return None  # an order from a gig
    if offer is None:
        log.warning("order %s names unknown %s %s", event["order_id"], source["kind"], source["id"])
        return None
    if offer.order_id not in (None, event["order_id"]):
        log.warning(
            "%s %s ordered again by order %s (first: %s)",
            source["kind"],
            offer.id,
            event["order_id"],
            offer.order_id,
        )
        return offer
    offer.ordered(event["order_id"])
    if source["kind"] == REQUEST_OFFER:
        request = uow.requests.get(offer.request_id)
        if request is not None and request.offer_ordered():
            cancel_expiry(uow, request)
    return offer
