"""A request's expiry (R5): the deadline asked of the scheduler, moved by every activity,
cancelled when it no longer applies, and applied when it falls due (S1, S3)."""

import logging

from microtache.deadlines import cancel_deadline, request_deadline

from buyer_requests.contract.bounds import EXPIRY_EVENT

log = logging.getLogger(__name__)


def expiry_key(request_id):
    return f"requests:{request_id}:expiry"


def schedule_expiry(uow, request):
    """R5: (re)schedule the expiry at the request's last activity + 14 days (same key)."""
    request_deadline(
        uow, expiry_key(request.id), request.expires_at, EXPIRY_EVENT, {"request_id": request.id}
    )


def cancel_expiry(uow, request):
    cancel_deadline(uow, expiry_key(request.id))


def expire_request(uow, event):
    """scheduler `request_expiry_reached`: expire the request unless it moved on since (S3)."""
    request = uow.requests.get(event["request_id"])
    if request is None or not request.expire(max(uow.now(), event["due_at"])):
        log.info("expiry of request %s no longer applies", event["request_id"])
        return None
    uow.publish("buyer_request_expired", {"request_id": request.id, "buyer_id": request.buyer_id})
    return request
