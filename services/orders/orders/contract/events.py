"""Every event orders publishes, with its payload's schema (the bus's half of the contract).

Consumers read them with `payload_of(orders.contract.OrderCompleted(), event)`.
Status events share `OrderStatusChanged`'s fields; a status of `STATUS_TABLE` whose
event has no schema below gets one derived from it (named by CamelCase of its type).
"""

from __future__ import annotations

from marshmallow import fields, validate

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

from orders.contract.statuses import ACTORS, STATUS_TABLE, STATUSES

ID = validate.Length(min=1, max=36)
SOURCE_KINDS = ("gig", "custom_offer", "request_offer")


class OrderSource(Contract):
    kind = fields.String(required=True, validate=validate.OneOf(SOURCE_KINDS))
    id = fields.String(required=True, validate=ID)


class OrderPlaced(Contract):
    """O1, P2: the order exists, paid into escrow; it awaits the buyer's requirements."""

    order_id = fields.String(required=True, validate=ID)
    buyer_id = fields.String(required=True, validate=ID)
    seller_id = fields.String(required=True, validate=ID)
    gig_id = fields.String(required=True, allow_none=True)  # none: from an offer
    source = fields.Nested(OrderSource, required=True)
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)
    placed_at = fields.AwareDateTime(required=True)


class OfferOrdered(OrderPlaced):
    """O1, R7, Q2: an offer (custom or a request's) was ordered: the same facts."""


class OrderMessagePosted(Contract):
    """O14: a party wrote on the order; the other party is the recipient."""

    order_id = fields.String(required=True, validate=ID)
    message_id = fields.String(required=True, validate=ID)
    sender_id = fields.String(required=True, validate=ID)
    recipient_id = fields.String(required=True, validate=ID)


class OrderStatusChanged(Contract):
    """The facts every status event carries (O14): who did what, from which status."""

    order_id = fields.String(required=True, validate=ID)
    buyer_id = fields.String(required=True, validate=ID)
    seller_id = fields.String(required=True, validate=ID)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    previous_status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    action = fields.String(required=True)
    actor = fields.String(required=True, validate=validate.OneOf(ACTORS))


class OrderStarted(OrderStatusChanged):
    """O1, O2: requirements in (or skipped): due `delivery_days` after the start."""

    started_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(required=True)


class OrderResumed(OrderStatusChanged):
    """O6, O7, O9: back in progress (or back to where it was after a dispute)."""


class OrderDelivered(OrderStatusChanged):
    """O3: a delivery was sent; the review period runs (O4)."""

    delivered_at = fields.AwareDateTime(required=True)
    on_time = fields.Boolean(required=True)


class OrderRevisionRequested(OrderStatusChanged):
    """O5: the buyer asked for changes."""


class OrderLate(OrderStatusChanged):
    """O8: past the due time."""


class OrderVeryLate(OrderStatusChanged):
    """O8: 24 hours past the due time; the buyer may cancel at once."""


class OrderDisputed(OrderStatusChanged):
    """O9: a mutual-cancellation request is open."""


class OrderCompleted(OrderStatusChanged):
    """O10 (O4 by itself): final; earnings into clearance (P3), levels, the review window."""

    gig_id = fields.String(required=True, allow_none=True)
    price = MoneyField(required=True)
    completed_at = fields.AwareDateTime(required=True)
    delivered_on_time = fields.Boolean(required=True)


class OrderCancelled(OrderStatusChanged):
    """O8, O9, O11, O12: final; the buyer is refunded (P4, P5)."""

    gig_id = fields.String(required=True, allow_none=True)
    price = MoneyField(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    reason = fields.String(required=True)  # very_late, mutual, support
    by = fields.String(required=True, validate=validate.OneOf(ACTORS))


class OrderDeadline(Contract):
    """What orders asks the scheduler to send back (S1) as `order_deadline_reached` (the
    scheduler adds its own fields: scheduler.contract.DeadlineReached)."""

    order_id = fields.String(required=True, validate=ID)
    name = fields.String(required=True)
    due = fields.String(required=True)  # ISO 8601, compared as it was asked


DEADLINE_EVENT = "order_deadline_reached"  # what the scheduler fires for orders


class OrderExtensionChanged(Contract):
    """O6: an extension request asked by the seller, or answered (by the buyer, or by
    silence: `extension_unanswered`); the status may stay, so no status event says it."""

    order_id = fields.String(required=True, validate=ID)
    buyer_id = fields.String(required=True, validate=ID)
    seller_id = fields.String(required=True, validate=ID)
    extension_id = fields.String(required=True, validate=ID)
    days = fields.Integer(required=True)
    state = fields.String(required=True)  # open, accepted, declined
    action = fields.String(required=True)
    actor = fields.String(required=True, validate=validate.OneOf(ACTORS))
    due_at = fields.AwareDateTime(required=True, allow_none=True)  # after the answer


class OrderExtensionRequested(OrderExtensionChanged):
    """O6: the seller asks for more days; the buyer answers."""


class OrderExtensionAnswered(OrderExtensionChanged):
    """O6: the buyer accepted or declined an extension request, or let it be accepted."""


# The actions on an extension request and the event each publishes (N1 tells of them).
EXTENSION_EVENTS = {
    "request_extension": "order_extension_requested",
    "accept_extension": "order_extension_answered",
    "decline_extension": "order_extension_answered",
    "extension_unanswered": "order_extension_answered",
}


def camel(event_type: str) -> str:
    return "".join(part.capitalize() for part in event_type.split("_"))


_STATUS_EVENTS: dict[str, type[OrderStatusChanged]] = {
    "order_started": OrderStarted,
    "order_resumed": OrderResumed,
    "order_delivered": OrderDelivered,
    "order_revision_requested": OrderRevisionRequested,
    "order_late": OrderLate,
    "order_very_late": OrderVeryLate,
    "order_disputed": OrderDisputed,
    "order_completed": OrderCompleted,
    "order_cancelled": OrderCancelled,
}
for _status in STATUS_TABLE:  # a new status needs no schema of its own
    _STATUS_EVENTS.setdefault(
        _status.event,
        type(
            camel(_status.event),
            (OrderStatusChanged,),
            {"__doc__": f"The order is {_status.name}."},
        ),
    )

EVENTS = events(
    "orders",
    EventType("order_placed", OrderPlaced, "O1, P2: an order paid into escrow exists"),
    EventType("offer_ordered", OfferOrdered, "O1, Q2, R7: an order was placed from an offer"),
    EventType("order_message_posted", OrderMessagePosted, "O14: a message on the order"),
    EventType(
        "order_extension_requested",
        OrderExtensionRequested,
        "O6: the seller asked for more days",
    ),
    EventType(
        "order_extension_answered",
        OrderExtensionAnswered,
        "O6: an extension request was accepted or declined (or accepted by silence)",
    ),
    *(
        EventType(name, schema, (schema.__doc__ or "").strip().splitlines()[0])
        for name, schema in _STATUS_EVENTS.items()
    ),
)
STATUS_EVENTS = tuple(_STATUS_EVENTS)

__all__ = [
    "DEADLINE_EVENT",
    "EVENTS",
    "EXTENSION_EVENTS",
    "SOURCE_KINDS",
    "STATUS_EVENTS",
    "OfferOrdered",
    "OrderCancelled",
    "OrderCompleted",
    "OrderDeadline",
    "OrderDelivered",
    "OrderDisputed",
    "OrderExtensionAnswered",
    "OrderExtensionChanged",
    "OrderExtensionRequested",
    "OrderLate",
    "OrderMessagePosted",
    "OrderPlaced",
    "OrderResumed",
    "OrderRevisionRequested",
    "OrderSource",
    "OrderStarted",
    "OrderStatusChanged",
    "OrderVeryLate",
]
