"""Quote requests and custom offers (Q1-Q3): one function per command or query."""

from microtache.errors import NotFound
from microtache.pagination import next_offset, offset_of

from buyer_requests.contract.uploads import QUOTE_ATTACHMENT
from buyer_requests.domain.categories import check_criteria
from buyer_requests.domain.quotes import (
    QuoteRequest,
    check_quote_request,
    check_seller_takes_quotes,
)
from buyer_requests.service_layer.views import custom_offer_shown, quote_shown


def check_quote(tree, data):
    """Q1, before the unit of work (the attachments' sizes: `request_quote`)."""
    check_criteria(tree, data["category"], data["subcategory"], data["criteria"])
    check_quote_request(data["delivery_days"], [], data.get("budget"))


def request_quote(uow, uploads, buyer_id, username, data):
    """Q1: from the seller's profile; refused when the seller turned quotes off, is away,
    or has no active gig (C10). Its attachments are the buyer's uploads, all checked,
    then taken for it."""
    seller = uow.sellers.by_username(username)
    if seller is None:
        raise NotFound("No such seller.", {"username": username})
    check_seller_takes_quotes(seller, buyer_id)
    checked = uploads.check_all(data["files"], buyer_id, QUOTE_ATTACHMENT) if data["files"] else []
    check_quote_request(data["delivery_days"], [u.size for u in checked], data.get("budget"))
    budget = data.get("budget")
    quote = QuoteRequest(
        buyer_id=buyer_id,
        seller_id=seller.user_id,
        description=data["description"].strip(),
        category=data["category"],
        subcategory=data["subcategory"],
        criteria=data["criteria"],
        delivery_days=data["delivery_days"],
        created_at=uow.now(),
        budget_amount=budget.amount if budget else None,
        budget_currency=budget.currency if budget else None,
    )
    quote.attachments = (
        uploads.claim_all(
            [u.id for u in checked],
            buyer_id,
            QUOTE_ATTACHMENT,
            f"requests/quotes/{quote.id}",
            uow.on_rollback,
        )
        if checked
        else []
    )
    uow.quotes.add(quote)
    uow.publish(
        "quote_requested",
        {
            "quote_request_id": quote.id,
            "buyer_id": buyer_id,
            "seller_id": seller.user_id,
            "category": quote.category,
            "subcategory": quote.subcategory,
        },
    )
    usernames = {**uow.sellers.usernames({buyer_id}), seller.user_id: seller.username}
    return quote_shown(quote, uow.now(), usernames)


def quote_requests(uow, user_id, query):
    """The quote requests the user sent (`buyer`), received (`seller`), or both."""
    offset = offset_of(query.get("cursor"))
    rows, more = uow.quotes.of_user(user_id, query.get("role"), query["limit"], offset)
    usernames = uow.sellers.usernames(parties(rows))
    return ([quote_shown(q, uow.now(), usernames) for q in rows], next_offset(offset, rows, more))


def quote_request(uow, user_id, quote_request_id):
    """One quote request, for its buyer or its seller (Q1, Q3); anyone else is told it
    does not exist, as for an unknown id (A2)."""
    quote = uow.quotes.get(quote_request_id)
    if quote is None or not quote.read_by(user_id):
        raise NotFound("No such quote request.", {"quote_request_id": quote_request_id})
    return quote_shown(quote, uow.now(), uow.sellers.usernames(parties([quote])))


def parties(quotes):
    """The buyers and sellers of `quotes`: their usernames come in one query."""
    return {q.buyer_id for q in quotes} | {q.seller_id for q in quotes}


def send_custom_offer(uow, seller_id, quote_request_id, terms):
    """Q2, Q3: the seller asked answers with a custom offer; nobody else can (C10 too)."""
    quote = uow.quotes.get(quote_request_id)
    if quote is None:
        raise NotFound("No such quote request.", {"quote_request_id": quote_request_id})
    offer = quote.answer(uow.sellers.get(seller_id), terms, uow.now())
    uow.publish(
        "custom_offer_sent",
        {
            "custom_offer_id": offer.id,
            "quote_request_id": quote.id,
            "buyer_id": quote.buyer_id,
            "seller_id": offer.seller_id,
            "price": offer.price,
            "delivery_days": offer.delivery_days,
            "expires_at": offer.expires_at,
        },
    )
    return custom_offer_shown(offer, uow.now())


def decline_custom_offer(uow, buyer_id, offer_id):
    """Q2: the buyer declines it."""
    offer = uow.quotes.custom_offer(offer_id)
    if offer is None:
        raise NotFound("No such custom offer.", {"offer_id": offer_id})
    offer.decline(buyer_id, uow.now())
    uow.publish(
        "custom_offer_declined",
        {
            "custom_offer_id": offer.id,
            "quote_request_id": offer.quote_request_id,
            "buyer_id": offer.buyer_id,
            "seller_id": offer.seller_id,
        },
    )
    offer.current_status = offer.status
    return offer
