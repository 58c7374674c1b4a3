"""The shapes of the requests service's replies."""
from marshmallow import Schema, fields

from microtache.money import MoneyField


class BuyerRequestSchema(Schema):
    id = fields.String()
    buyer_id = fields.String()
    description = fields.String()
    category = fields.String()
    subcategory = fields.String()
    delivery_days = fields.Integer()
    budget = MoneyField()
    status = fields.String()
    created_at = fields.AwareDateTime()
