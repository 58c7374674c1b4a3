"""The shapes of the orders service's replies."""
from marshmallow import Schema, fields

from microtache.money import MoneyField


class OrderSchema(Schema):
    id = fields.String()
    buyer_id = fields.String()
    seller_id = fields.String()
    gig_id = fields.String()
    status = fields.String()
    price = MoneyField()
    created_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)
    completed_at = fields.AwareDateTime(allow_none=True)
