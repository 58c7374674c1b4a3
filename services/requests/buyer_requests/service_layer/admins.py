"""Admins review buyer requests (R2): a queue by status, approval, rejection."""

from microtache.pagination import offset_of

from buyer_requests.domain.requests import require_admin
from buyer_requests.service_layer.expiry import schedule_expiry
from buyer_requests.service_layer.lookups import counted, page_of, request_of


def requests_for_review(uow, caller, query):
    require_admin(caller)
    offset = offset_of(query.get("cursor"))
    rows, more = uow.requests.with_status(query["status"], query["limit"], offset)
    return page_of(rows, more, offset)


def approve_request(uow, caller, request_id):
    require_admin(caller)
    request = request_of(uow, request_id)
    request.approve(uow.now())
    schedule_expiry(uow, request)
    uow.publish("buyer_request_approved", {"request_id": request.id, "buyer_id": request.buyer_id})
    return counted(uow, request)


def reject_request(uow, caller, request_id, reason):
    """R2: the reason reaches the buyer in the request and in `buyer_request_rejected`."""
    require_admin(caller)
    request = request_of(uow, request_id)
    request.reject(reason.strip())
    uow.publish(
        "buyer_request_rejected",
        {
            "request_id": request.id,
            "buyer_id": request.buyer_id,
            "reason": request.rejection_reason,
        },
    )
    return counted(uow, request)
