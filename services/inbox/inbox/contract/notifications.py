"""Notifications (N1-N4): the kinds, the schemas of their RPC arguments and replies,
and the events the inbox publishes about them.

A kind names what happened (N1's list); `inbox.domain.kinds.KINDS` says, for each,
which fact it comes from, who is told, the line they read and the page it links to.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from microtache.contract import Contract, EventType
from microtache.fields import StrictBoolean

# N1: every kind of notification, in the order of the rule's list.
NEW_ORDER = "order_placed"  # seller
REQUIREMENTS_SUBMITTED = "requirements_submitted"  # seller
ORDER_DELIVERED = "order_delivered"  # buyer
REVISION_REQUESTED = "revision_requested"  # seller
EXTENSION_REQUESTED = "extension_requested"  # buyer
EXTENSION_ANSWERED = "extension_answered"  # seller
CANCELLATION_REQUESTED = "cancellation_requested"  # the other party
CANCELLATION_ANSWERED = "cancellation_answered"  # the other party (both, for silence)
ORDER_LATE = "order_late"  # both when late; the buyer again when very late
ORDER_CANCELLED = "order_cancelled"  # cancelled otherwise: the party that did not act
ORDER_COMPLETES_SOON = "order_completes_soon"  # buyer: O4 completes it in a day
ORDER_DUE_SOON = "order_due_soon"  # seller: due in a day
ORDER_COMPLETED = "order_completed"  # seller, with the earnings
REVIEW_RECEIVED = "review_received"  # the party reviewed
PRIVATE_FEEDBACK_ASKED = "private_feedback_asked"  # buyer, after their public review
TIP_RECEIVED = "tip_received"  # seller
OFFER_RECEIVED = "offer_received"  # buyer: an offer on their request
CUSTOM_OFFER_RECEIVED = "custom_offer_received"  # buyer
REQUEST_APPROVED = "request_approved"  # buyer
REQUEST_REJECTED = "request_rejected"  # buyer
EARNINGS_CLEARED = "earnings_cleared"  # seller
WITHDRAWAL_SENT = "withdrawal_sent"  # seller
NEW_MESSAGE = "message_received"  # the recipient
ORDER_MESSAGE = "order_message_received"  # the other party: a message on the order (O14)

KINDS = (
    NEW_ORDER,
    REQUIREMENTS_SUBMITTED,
    ORDER_DELIVERED,
    REVISION_REQUESTED,
    EXTENSION_REQUESTED,
    EXTENSION_ANSWERED,
    CANCELLATION_REQUESTED,
    CANCELLATION_ANSWERED,
    ORDER_LATE,
    ORDER_CANCELLED,
    ORDER_COMPLETES_SOON,
    ORDER_DUE_SOON,
    ORDER_COMPLETED,
    REVIEW_RECEIVED,
    PRIVATE_FEEDBACK_ASKED,
    TIP_RECEIVED,
    OFFER_RECEIVED,
    CUSTOM_OFFER_RECEIVED,
    REQUEST_APPROVED,
    REQUEST_REJECTED,
    EARNINGS_CLEARED,
    WITHDRAWAL_SENT,
    ORDER_MESSAGE,
    NEW_MESSAGE,
)

# N2: the feed's pages.
FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX = 20, 100
MAX_READ_IDS = 500  # ids marked read in one call
# N2, O13: the seller's "updates" list; at most this many orders, the latest notified first
MAX_UPDATED_ORDERS = 1000


# -- RPC arguments (strict: an unknown field is refused) and replies -------------


class NotificationSchema(Contract):
    """One notification of the feed (N2)."""

    id = fields.String()
    kind = fields.String(validate=validate.OneOf(KINDS))
    text = fields.String()
    link = fields.String()  # the page it is about, e.g. /orders/<id>
    created_at = fields.AwareDateTime()
    read_at = fields.AwareDateTime(allow_none=True)  # null: unread


class NotificationsQuerySchema(Schema):
    """`GET /v1/me/notifications`: newest first; `unread=true` lists the unread only."""

    unread = fields.Boolean(load_default=False)  # a query string: true, false
    limit = fields.Integer(
        load_default=FEED_LIMIT_DEFAULT, validate=validate.Range(1, FEED_LIMIT_MAX)
    )
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))


class NotificationPageSchema(Contract):
    results = fields.List(fields.Nested(NotificationSchema))
    unread_count = fields.Integer()  # all of the caller's unread, whatever the page
    next_cursor = fields.String(allow_none=True)


class MarkReadSchema(Schema):
    """`POST /v1/me/notifications/read`: `{"ids": [...]}` or `{"all": true}` (N2)."""

    class Meta:
        # what `_one_of` checks, stated in the document (gateway/openapi.py)
        openapi_one_of = (
            {"required": ["ids"], "not": {"required": ["all"]}},
            {"required": ["all"], "not": {"required": ["ids"]}},
        )

    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=36)),
        validate=validate.Length(min=1, max=MAX_READ_IDS),
    )
    all = StrictBoolean(validate=validate.Equal(True))

    @validates_schema
    def _one_of(self, data, **kwargs):
        if ("ids" in data) == ("all" in data):
            raise ValidationError("Give either ids or all: true.", "_schema")


class MarkReadReplySchema(Contract):
    marked = fields.Integer()  # how many were unread and now are read
    unread_count = fields.Integer()


class OrdersWithUpdatesSchema(Contract):
    """`orders_with_updates`' reply (N2, O13): the ids of the orders the caller has unread
    notifications about, the latest notified first, at most `MAX_UPDATED_ORDERS`."""

    order_ids = fields.List(fields.String())


class KindSettingSchema(Schema):
    email = StrictBoolean(required=True)  # N2: the e-mail of this kind (the in-app one stays)


class NotificationSettingsSchema(
    Schema.from_dict({kind: fields.Nested(KindSettingSchema) for kind in KINDS})
):
    """N2: `{"<kind>": {"email": true}}`; a PUT names the kinds it changes (one at least),
    the reply all of them."""

    class Meta:
        openapi_all_of = ({"minProperties": 1},)  # what `_some` checks (gateway/openapi.py)

    @validates_schema
    def _some(self, data, **kwargs):
        if not data:
            raise ValidationError("Name at least one kind to change.", "_schema")


# -- what the inbox publishes ------------------------------------------------------


class NotificationCreated(Contract):
    """A notification was stored for `user_id` (N1): the live stream pushes it."""

    user_id = fields.String(required=True)
    notification_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    text = fields.String(required=True)
    link = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


NOTIFICATION_CREATED = "notification_created"
# What the inbox asks the scheduler to fire back: a reminder before an order's deadline.
REMINDER_EVENT = "order_reminder_due"


class OrderReminderDue(Contract):
    """The payload the inbox asks the scheduler to fire as `order_reminder_due` (plus the
    scheduler's `key` and `due_at`): orders' deadline `name` of the order falls due at
    `due` (ISO 8601, as orders asked for it)."""

    order_id = fields.String(required=True)
    name = fields.String(required=True)
    due = fields.String(required=True)


NOTIFICATION_EVENTS: tuple[EventType, ...] = (
    EventType(
        NOTIFICATION_CREATED,
        NotificationCreated,
        "A notification was stored for a person (N1): the live stream pushes it.",
    ),
)

__all__ = [
    "CANCELLATION_ANSWERED",
    "CANCELLATION_REQUESTED",
    "CUSTOM_OFFER_RECEIVED",
    "EARNINGS_CLEARED",
    "EXTENSION_ANSWERED",
    "EXTENSION_REQUESTED",
    "FEED_LIMIT_DEFAULT",
    "FEED_LIMIT_MAX",
    "KINDS",
    "MAX_READ_IDS",
    "MAX_UPDATED_ORDERS",
    "NEW_MESSAGE",
    "NEW_ORDER",
    "NOTIFICATION_CREATED",
    "NOTIFICATION_EVENTS",
    "OFFER_RECEIVED",
    "ORDER_CANCELLED",
    "ORDER_COMPLETED",
    "ORDER_COMPLETES_SOON",
    "ORDER_DELIVERED",
    "ORDER_DUE_SOON",
    "ORDER_LATE",
    "PRIVATE_FEEDBACK_ASKED",
    "REMINDER_EVENT",
    "REQUEST_APPROVED",
    "REQUEST_REJECTED",
    "REQUIREMENTS_SUBMITTED",
    "REVIEW_RECEIVED",
    "REVISION_REQUESTED",
    "TIP_RECEIVED",
    "WITHDRAWAL_SENT",
    "KindSettingSchema",
    "MarkReadReplySchema",
    "MarkReadSchema",
    "NotificationCreated",
    "NotificationPageSchema",
    "NotificationSchema",
    "NotificationSettingsSchema",
    "NotificationsQuerySchema",
    "OrderReminderDue",
    "OrdersWithUpdatesSchema",
]
