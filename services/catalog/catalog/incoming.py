"""Events of other services that catalog handles (C7), read tolerantly: local copies,
until each producer's contract states them."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from microtache.money import MoneyField

from catalog.contract.common import INT32


class Id(fields.Field):
    """An id sent as a string or a number; a string here."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
            raise ValidationError("An id.")
        return str(value)


class IncomingEventSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    event_type = fields.String()
    occurred_at = fields.AwareDateTime()
    version = fields.Integer()


class OrderCompletedEventSchema(IncomingEventSchema):
    """orders `order_completed`."""
    order_id = Id(required=True)
    seller_id = Id(required=True)
    completed_at = fields.AwareDateTime(required=True)
    delivered_on_time = fields.Boolean(required=True, allow_none=True)   # none: not on time


class OrderCancelledEventSchema(IncomingEventSchema):
    """orders `order_cancelled`."""
    order_id = Id(required=True)
    seller_id = Id(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    reason = fields.String(load_default=None)


class EarningsPendingEventSchema(IncomingEventSchema):
    """payments `earnings_pending`: an order's or a tip's earnings entered clearance."""
    order_id = Id(load_default=None)
    tip_id = Id(load_default=None)
    seller_id = Id(required=True)
    earnings = MoneyField(required=True)


class EarningsReversedEventSchema(IncomingEventSchema):
    """payments `earnings_reversed`: earnings taken back from the seller (P5)."""
    order_id = Id(load_default=None)
    seller_id = Id(required=True)
    amount = MoneyField(required=True)


class SellerRatingChangedEventSchema(IncomingEventSchema):
    """reviews `seller_rating_changed` (V6): the average of buyers' reviews, with their count."""
    occurred_at = fields.AwareDateTime(required=True)
    seller_id = Id(required=True)
    rating = fields.Float(required=True, allow_none=True, validate=validate.Range(0, 5))
    review_count = fields.Integer(required=True, validate=validate.Range(0, INT32))


