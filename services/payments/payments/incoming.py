"""The events payments handles from catalog and orders, as payments reads them, until
their producers' contracts declare them (issue 16: then they are read through
`catalog.contract` and `orders.contract`, and this module goes)."""
from datetime import UTC

from marshmallow import EXCLUDE, Schema, fields, validate


class IncomingEventSchema(Schema):
    """The envelope every event carries (docs/messaging.md)."""
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True, validate=validate.Length(min=1))
    event_type = fields.String()
    occurred_at = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    version = fields.Integer()


ID = dict(required=True, validate=validate.Length(min=1, max=36))


class UserSignedUpEventSchema(IncomingEventSchema):
    """catalog `user_signed_up`: the user's ledger accounts open (P1)."""
    user_id = fields.String(**ID)


class SellerLevelChangedEventSchema(IncomingEventSchema):
    """catalog `seller_level_changed`: the seller's level, which sets clearance (P3). When
    it happened orders the changes (an older one never overrides a newer one)."""
    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    user_id = fields.String(**ID)
    level = fields.String(required=True, validate=validate.Length(min=1, max=20))


class OrderCompletedEventSchema(IncomingEventSchema):
    """orders `order_completed` (O10): the completion is booked (P3)."""
    order_id = fields.String(**ID)


class OrderCancelledEventSchema(IncomingEventSchema):
    """orders `order_cancelled` (O8, O9, O11): a paid order is refunded (P4)."""
    order_id = fields.String(**ID)
    reason = fields.String(load_default=None, allow_none=True)
