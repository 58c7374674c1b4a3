"""Asking the scheduler for deadlines from inside a unit of work (S1).

The request is an event written to the outbox in the same transaction as the
change that needs the deadline, so the two never part: an order that starts
always has its due-time deadline, and one that is cancelled never keeps it.

    request_deadline(uow, f"orders:{order.id}:due", order.due_at, "order_fell_due",
                     {"order_id": order.id})

When it falls due, the scheduler publishes `order_fell_due` (source
`scheduler`) with the payload plus `key` and `due_at`; handle it with
`@handles("scheduler", "order_fell_due")` and `Store.handle_once`, and ignore
it if the order has moved on (S3).
"""
DEADLINE_REQUESTED = "deadline_requested"
DEADLINE_CANCELLED = "deadline_cancelled"


def request_deadline(uow, key, due_at, event_type, payload=None):
    """Schedule, or move, the deadline named `key` (the same key replaces it)."""
    return uow.publish(DEADLINE_REQUESTED, {"key": key, "due": due_at.isoformat(),
                                            "fires": event_type, "payload": payload or {}})


def cancel_deadline(uow, key):
    return uow.publish(DEADLINE_CANCELLED, {"key": key})
