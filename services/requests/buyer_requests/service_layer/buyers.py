"""The buyer's side of buyer requests (R1-R5) and of the offers on them (R7)."""

from microtache.errors import NotFound
from microtache.pagination import offset_of

from buyer_requests.contract.uploads import REQUEST_ATTACHMENT
from buyer_requests.domain.categories import check_criteria
from buyer_requests.domain.offers import REMOVED, sort_offers
from buyer_requests.domain.requests import APPROVED, BuyerRequest, check_new_request
from buyer_requests.service_layer.expiry import cancel_expiry, schedule_expiry
from buyer_requests.service_layer.lookups import counted, own_request, page_of
from buyer_requests.service_layer.views import offer_view


def check_request(tree, data):
    """R1, before the unit of work (the attachment's size: `post_request`)."""
    check_criteria(tree, data["category"], data["subcategory"], data["criteria"])
    check_new_request(data["delivery_days"], None, data["budget"])


def post_request(uow, uploads, buyer_id, data):
    """R1, R2: a new request waits for an admin. Its attachment is the buyer's upload,
    checked, then taken for it."""
    checked = (
        uploads.check_all(data["files"], buyer_id, REQUEST_ATTACHMENT) if data["files"] else []
    )
    check_new_request(data["delivery_days"], checked[0].size if checked else None, data["budget"])
    request = BuyerRequest(
        buyer_id=buyer_id,
        description=data["description"].strip(),
        category=data["category"],
        subcategory=data["subcategory"],
        criteria=data["criteria"],
        delivery_days=data["delivery_days"],
        budget=data["budget"],
        created_at=uow.now(),
    )
    if checked:
        [request.attachment] = uploads.claim_all(
            [u.id for u in checked],
            buyer_id,
            REQUEST_ATTACHMENT,
            f"requests/requests/{request.id}",
            uow.on_rollback,
        )
    uow.requests.add(request)
    request.offer_count = 0
    return request


def my_requests(uow, buyer_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = uow.requests.of_buyer(buyer_id, query.get("status"), query["limit"], offset)
    return page_of(rows, more, offset)


def pause_request(uow, buyer_id, request_id):
    request = own_request(uow, buyer_id, request_id)
    request.pause()
    return counted(uow, request)


def resume_request(uow, buyer_id, request_id):
    request = own_request(uow, buyer_id, request_id)
    request.resume()
    return counted(uow, request)


def boost_request(uow, buyer_id, request_id):
    request = own_request(uow, buyer_id, request_id)
    request.boost(uow.now())
    schedule_expiry(uow, request)
    return counted(uow, request)


def delete_request(uow, buyer_id, request_id):
    request = own_request(uow, buyer_id, request_id)
    had_deadline = request.status in APPROVED
    request.delete()
    if had_deadline:
        cancel_expiry(uow, request)


def list_offers(uow, buyer_id, request_id, sort):
    """R7: how many offers arrived, and those still in the buyer's list, sorted."""
    request = own_request(uow, buyer_id, request_id)
    received = uow.requests.offers_of(request.id)
    offers = [o for o in received if o.status != REMOVED]
    sellers = uow.sellers.of({o.seller_id for o in offers})
    views = [offer_view(o, sellers.get(o.seller_id)) for o in offers]
    return {"offer_count": len(received), "results": sort_offers(views, sort)}


def remove_offer(uow, buyer_id, request_id, offer_id):
    """R7: off the list for good; its place goes to another seller (R6)."""
    request = own_request(uow, buyer_id, request_id)
    offer = uow.requests.offer(offer_id)
    if offer is None or offer.request_id != request.id:
        raise NotFound("No such offer on this request.", {"offer_id": offer_id})
    offer.remove()
