"""What the use cases of buyer requests share: finding a request (404 otherwise), its
offer count, a page of requests, and what we know of a seller."""

from microtache.errors import NotFound
from microtache.pagination import next_offset

from buyer_requests.domain.sellers import Seller


def request_of(uow, request_id, lock=False):
    request = uow.requests.get(request_id, lock=lock)
    if request is None:
        raise NotFound("No such request.", {"request_id": request_id})
    return request


def own_request(uow, buyer_id, request_id):
    request = request_of(uow, request_id)
    request.owned_by(buyer_id)
    return request


def counted(uow, request):
    """The request with the number of offers it received (R7)."""
    request.offer_count = uow.requests.count_offers(request.id)
    return request


def page_of(rows, more, offset):
    """(requests with their offer counts, the next cursor) of a repository's page."""
    results = []
    for request, count in rows:
        request.offer_count = count
        results.append(request)
    return results, next_offset(offset, rows, more)


def seller_of(uow, seller_id):
    """What we know of a seller; someone we never heard of has no active gig (C10)."""
    return uow.sellers.get(seller_id) or Seller(user_id=seller_id)
