"""S1-S3: scheduling, moving and cancelling named deadlines, by RPC or by event."""

from datetime import datetime

from microtache import logs
from microtache.errors import InvalidInput, NotFound

from scheduler.domain.deadlines import Deadline, InvalidDeadline, check_request

# handle_once's consumer names, as recorded in processed_events (kept from the module
# these handlers first lived in, so a redelivered event is still recognised).
REQUESTED_CONSUMER = "scheduler.service_layer.handlers.on_deadline_requested"
CANCELLED_CONSUMER = "scheduler.service_layer.handlers.on_deadline_cancelled"


def schedule(uow, key, due_at, event_type, payload, requested_at=None):
    """S1: schedule a named deadline; the same key again replaces it (idempotent)."""
    try:
        check_request(key, event_type, payload)
    except InvalidDeadline as exc:
        raise InvalidInput("The deadline is not valid.", exc.problems) from exc
    requested_at = requested_at or uow.now()
    deadline = uow.deadlines.get(key)
    if deadline is None:
        deadline = Deadline(
            key=key,
            due_at=due_at,
            event_type=event_type,
            payload=payload,
            requested_at=requested_at,
        )
        uow.deadlines.add(deadline)
    else:
        deadline.reschedule(due_at, event_type, payload, requested_at)
    deadline.request_id = logs.current() or deadline.request_id  # its firing's work carries it
    return deadline


def cancel(uow, key, requested_at=None):
    deadline = uow.deadlines.get(key)
    if deadline is None:
        raise NotFound("No such deadline.", {"key": key})
    deadline.cancel(requested_at or uow.now())
    return deadline


def on_deadline_requested(uow, request):
    """An owner asked, through its outbox, for a deadline (microtache.deadlines), loaded
    with the kit's DeadlineRequested (scheduler.contract re-exports it); it was asked
    for when it occurred."""
    return schedule(
        uow,
        request["key"],
        request["due"],
        request["fires"],
        request["payload"],
        datetime.fromisoformat(request["occurred_at"]),
    )


def on_deadline_cancelled(uow, request):
    """scheduler.contract.DeadlineCancelled: an unknown key is nothing to cancel."""
    deadline = uow.deadlines.get(request["key"])
    if deadline is not None:
        deadline.cancel(datetime.fromisoformat(request["occurred_at"]))


def pending(uow, prefix, limit):
    return uow.deadlines.pending(prefix, limit)
