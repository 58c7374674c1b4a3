"""Buyer requests and sellers' offers (R1-R7): one function per command, query or event:
load, apply the domain, store, publish."""
import logging

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import Conflict, NotFound
from microtache.pagination import next_offset, offset_of

from buyer_requests.adapters.repository import Requests, Sellers
from buyer_requests.domain.categories import check_criteria
from buyer_requests.domain.offers import REMOVED, Offer, check_terms, sort_offers
from buyer_requests.domain.requests import APPROVED, BuyerRequest, check_new_request, require_admin
from buyer_requests.domain.sellers import Seller

log = logging.getLogger(__name__)

EXPIRY_EVENT = "request_expiry_reached"       # fired by the scheduler (R5)


def expiry_key(request_id):
    return f"requests:{request_id}:expiry"


def _schedule_expiry(uow, request):
    """R5: (re)schedule the expiry at the request's last activity + 14 days (same key)."""
    request_deadline(uow, expiry_key(request.id), request.expires_at, EXPIRY_EVENT,
                     {"request_id": request.id})


def _request(uow, request_id, lock=False):
    request = Requests(uow.session).get(request_id, lock=lock)
    if request is None:
        raise NotFound("No such request.", {"request_id": request_id})
    return request


def _own_request(uow, buyer_id, request_id):
    request = _request(uow, request_id)
    request.owned_by(buyer_id)
    return request


def _counted(uow, request):
    request.offer_count = Requests(uow.session).count_offers(request.id)
    return request


def _page(rows, more, offset):
    results = []
    for request, count in rows:
        request.offer_count = count
        results.append(request)
    return results, next_offset(offset, rows, more)


def _seller(uow, seller_id):
    """What we know of a seller; someone we never heard of has no active gig (C10)."""
    return Sellers(uow.session).get(seller_id) or Seller(user_id=seller_id)


# --- the buyer (R1-R5, R7) -------------------------------------------------------------

def check_request(tree, data):
    """R1, before any byte of the attachment is stored."""
    check_criteria(tree, data["category"], data["subcategory"], data["criteria"])
    attachment = data.get("attachment")
    check_new_request(data["delivery_days"], attachment["size"] if attachment else None,
                      data["budget"])


def post_request(uow, buyer_id, data, files):
    """R1, R2: a new request waits for an admin. `files` keeps the attachment's bytes."""
    request = BuyerRequest(buyer_id=buyer_id, description=data["description"].strip(),
                           category=data["category"], subcategory=data["subcategory"],
                           criteria=data["criteria"], delivery_days=data["delivery_days"],
                           budget=data["budget"], created_at=uow.now())
    if data.get("attachment"):
        request.attachment = files.put(f"requests/{request.id}", data["attachment"])
    Requests(uow.session).add(request)
    request.offer_count = 0
    return request


def my_requests(uow, buyer_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = Requests(uow.session).of_buyer(buyer_id, query.get("status"),
                                                query["limit"], offset)
    return _page(rows, more, offset)


def pause_request(uow, buyer_id, request_id):
    request = _own_request(uow, buyer_id, request_id)
    request.pause()
    return _counted(uow, request)


def resume_request(uow, buyer_id, request_id):
    request = _own_request(uow, buyer_id, request_id)
    request.resume()
    return _counted(uow, request)


def boost_request(uow, buyer_id, request_id):
    request = _own_request(uow, buyer_id, request_id)
    request.boost(uow.now())
    _schedule_expiry(uow, request)
    return _counted(uow, request)


def delete_request(uow, buyer_id, request_id):
    request = _own_request(uow, buyer_id, request_id)
    had_deadline = request.status in APPROVED
    request.delete()
    if had_deadline:
        cancel_deadline(uow, expiry_key(request.id))


def _offer_view(offer, seller):
    return {"id": offer.id, "request_id": offer.request_id, "seller_id": offer.seller_id,
            "seller": seller.username if seller else None,
            "seller_level": seller.level if seller else None,
            "seller_rating": seller.rating if seller else None,
            "seller_review_count": seller.review_count if seller else 0,
            "price": offer.price, "delivery_days": offer.delivery_days,
            "revisions": offer.revisions, "description": offer.description,
            "status": offer.status, "created_at": offer.created_at}


def list_offers(uow, buyer_id, request_id, sort):
    """R7: how many offers arrived, and those still in the buyer's list, sorted."""
    request = _own_request(uow, buyer_id, request_id)
    received = Requests(uow.session).offers_of(request.id)
    offers = [o for o in received if o.status != REMOVED]
    sellers = Sellers(uow.session).of({o.seller_id for o in offers})
    views = [_offer_view(o, sellers.get(o.seller_id)) for o in offers]
    return {"offer_count": len(received), "results": sort_offers(views, sort)}


def remove_offer(uow, buyer_id, request_id, offer_id):
    """R7: off the list for good; its place goes to another seller (R6)."""
    request = _own_request(uow, buyer_id, request_id)
    offer = Requests(uow.session).offer(offer_id)
    if offer is None or offer.request_id != request.id:
        raise NotFound("No such offer on this request.", {"offer_id": offer_id})
    offer.remove()


# --- admins (R2) -------------------------------------------------------------------------

def requests_for_review(uow, caller, query):
    require_admin(caller)
    offset = offset_of(query.get("cursor"))
    rows, more = Requests(uow.session).with_status(query["status"], query["limit"], offset)
    return _page(rows, more, offset)


def approve_request(uow, caller, request_id):
    require_admin(caller)
    request = _request(uow, request_id)
    request.approve(uow.now())
    _schedule_expiry(uow, request)
    uow.publish("buyer_request_approved", {"request_id": request.id,
                                           "buyer_id": request.buyer_id})
    return _counted(uow, request)


def reject_request(uow, caller, request_id, reason):
    """R2: the reason reaches the buyer in the request and in `buyer_request_rejected`."""
    require_admin(caller)
    request = _request(uow, request_id)
    request.reject(reason.strip())
    uow.publish("buyer_request_rejected", {"request_id": request.id,
                                           "buyer_id": request.buyer_id,
                                           "reason": request.rejection_reason})
    return _counted(uow, request)


# --- sellers (R6) ---------------------------------------------------------------------------

def open_requests(uow, seller_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = Requests(uow.session).open_for(_seller(uow, seller_id), query["limit"], offset)
    return _page(rows, more, offset)


def decline_request(uow, seller_id, request_id):
    """R6: irreversible; the request never shows in this seller's list again."""
    request = _request(uow, request_id)
    Requests(uow.session).decline(request.id, seller_id, uow.now())


def send_offer(uow, seller_id, request_id, terms):
    """R6: a seller with an active gig in the request's subcategory offers once, while the
    request takes offers; a new offer is activity (R5)."""
    requests = Requests(uow.session)
    request = _request(uow, request_id, lock=True)
    if requests.declined_by(request.id, seller_id):
        raise NotFound("No such request.", {"request_id": request_id})   # gone for them (R6)
    if request.buyer_id == seller_id:
        raise Conflict("You cannot send an offer on your own request.")
    seller = _seller(uow, seller_id)
    seller.require_active_gig()
    if not seller.works_in(request.subcategory):
        raise Conflict("This request is not in a subcategory of your active gigs (R6).",
                       {"subcategory": request.subcategory})
    request.check_takes_offers(requests.count_offers(request.id))
    if requests.offer_by(request.id, seller_id) is not None:
        raise Conflict("You already sent an offer on this request.", {"request_id": request.id})
    check_terms(terms["price"], terms["delivery_days"], terms["revisions"])
    offer = Offer(request_id=request.id, seller_id=seller_id, price=terms["price"],
                  delivery_days=terms["delivery_days"], revisions=terms["revisions"],
                  description=terms["description"].strip(), created_at=uow.now())
    requests.add_offer(offer)
    request.touch(uow.now())
    _schedule_expiry(uow, request)
    uow.publish("offer_submitted", {"offer_id": offer.id, "request_id": request.id,
                                    "buyer_id": request.buyer_id, "seller_id": seller_id,
                                    "price": offer.price.to_dict(),
                                    "delivery_days": offer.delivery_days})
    return _offer_view(offer, seller)


# --- the scheduler (R5) ---------------------------------------------------------------------

def expire_request(uow, event):
    """scheduler `request_expiry_reached`: expire the request unless it moved on since (S3)."""
    request = Requests(uow.session).get(event["request_id"])
    if request is None or not request.expire(max(uow.now(), event["due_at"])):
        log.info("expiry of request %s no longer applies", event["request_id"])
        return None
    uow.publish("buyer_request_expired", {"request_id": request.id,
                                          "buyer_id": request.buyer_id})
    return request
