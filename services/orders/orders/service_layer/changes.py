"""The one way an order changes: `act` runs the state machine, then keeps the scheduler's
deadlines equal to what the order's state needs and publishes the status change as the
event its transition names: so no command can forget a deadline or an event."""

from microtache import metrics
from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import NotFound

from orders.contract.events import DEADLINE_EVENT, EXTENSION_EVENTS
from orders.domain import lifecycle
from orders.domain.deadlines import deadlines_of
from orders.domain.orders import ADMIN

# orders' final facts, counted once their change commits (microtache.metrics)
FINAL_COUNTERS = {
    "order_completed": metrics.ORDERS_COMPLETED,
    "order_cancelled": metrics.ORDERS_CANCELLED,
}


def deadline_key(order_id, name):
    return f"orders:{order_id}:{name}"


def load_order(uow, order_id, lock=False):
    order = uow.orders.get(order_id, lock=lock)
    if order is None:
        raise NotFound("No such order.", {"order_id": order_id})
    return order


def actor_of(order, caller):
    """buyer or seller; admin for an admin who is neither; else this is not theirs (A2)."""
    role = order.role_of(caller["id"])
    if role is None and caller.get("role") == "admin":
        return ADMIN
    if role is None:
        raise NotFound("No such order.", {"order_id": order.id})  # never say whose it is
    return role


def act(uow, order, actor, action, note=None, **facts):
    """Run `action` on a loaded order, then sync its deadlines and publish the change."""
    before_status, before_deadlines = order.status, deadlines_of(order)
    made = lifecycle.perform(order, action, actor, uow.now(), note=note, **facts)
    sync_deadlines(uow, order, before_deadlines)
    if order.status != before_status:
        publish_change(uow, order, before_status, action, actor)
    if action in EXTENSION_EVENTS:
        publish_extension(uow, order, action, actor, made)
    return made


def check(uow, order, actor, action, **facts):
    """Raise the shared error `act` would raise, changing nothing."""
    lifecycle.check(order, action, actor, uow.now(), **facts)


def sync_deadlines(uow, order, before):
    """Ask the scheduler for the deadlines the order needs now; cancel the others (S1)."""
    after = deadlines_of(order)
    for name in before.keys() - after.keys():
        cancel_deadline(uow, deadline_key(order.id, name))
    for name, due in after.items():
        if before.get(name) != due:
            request_deadline(
                uow,
                deadline_key(order.id, name),
                due,
                DEADLINE_EVENT,
                {"order_id": order.id, "name": name, "due": due.isoformat()},
            )


def publish_extension(uow, order, action, actor, request):
    """O6: an extension request asked or answered, whether or not the status moved."""
    uow.publish(
        EXTENSION_EVENTS[action],
        {
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "seller_id": order.seller_id,
            "extension_id": request.id,
            "days": request.days,
            "state": request.state,
            "action": action,
            "actor": actor,
            "due_at": order.due_at,
        },
    )


def publish_change(uow, order, previous, action, actor):
    """The event the transition names; its schema (orders.contract) keeps the facts it
    carries out of this one set."""
    event = lifecycle.TRANSITIONS[action].event_of(order.status)
    if event in FINAL_COUNTERS:
        metrics.on_commit(uow, FINAL_COUNTERS[event].inc)
    uow.publish(
        event,
        {
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "seller_id": order.seller_id,
            "status": order.status,
            "previous_status": previous,
            "action": action,
            "actor": actor,
            "started_at": order.started_at,
            "due_at": order.due_at,
            "delivered_at": order.delivered_at,
            "on_time": order.delivered_at is not None
            and order.due_at is not None
            and order.delivered_at <= order.due_at,
            "gig_id": order.gig_id,
            "price": order.price,
            "completed_at": order.completed_at,
            "delivered_on_time": order.delivered_on_time,
            "cancelled_at": order.cancelled_at,
            "reason": order.cancellation_reason,
            "by": actor,
        },
    )
