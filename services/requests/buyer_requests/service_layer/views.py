"""How the service shows its objects: the views its replies are dumped from (the contract's
schemas give them their JSON shape)."""


def offer_view(offer, seller):
    """An offer on a request with what we know of its seller (R7)."""
    return {
        "id": offer.id,
        "request_id": offer.request_id,
        "seller_id": offer.seller_id,
        "seller": seller.username if seller else None,
        "seller_level": seller.level if seller else None,
        "seller_rating": seller.rating if seller else None,
        "seller_review_count": seller.review_count if seller else 0,
        "price": offer.price,
        "delivery_days": offer.delivery_days,
        "revisions": offer.revisions,
        "description": offer.description,
        "status": offer.status,
        "created_at": offer.created_at,
    }


def custom_offer_shown(offer, now):
    """A custom offer with its status as of now (`expired` once past its expiry)."""
    offer.current_status = offer.status_at(now)
    return offer


def quote_shown(quote, now, usernames):
    """A quote request as its two parties see it: their usernames (`usernames`: user id ->
    username, as the catalog's events told us), statuses as of now (an offer expires)."""
    quote.buyer_username = usernames.get(quote.buyer_id)
    quote.seller_username = usernames.get(quote.seller_id)
    quote.current_status = quote.status_at(now)
    for offer in quote.custom_offers:
        custom_offer_shown(offer, now)
    return quote
