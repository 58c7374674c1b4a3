"""The shapes of the reviews service's replies."""
from marshmallow import Schema, fields


class ReviewSchema(Schema):
    id = fields.String()
    order_id = fields.String()
    author_id = fields.String()
    seller_id = fields.String()
    communication = fields.Integer(allow_none=True)
    service_as_described = fields.Integer(allow_none=True)
    recommend = fields.Integer(allow_none=True)
    rating = fields.Float(allow_none=True)
    text = fields.String()
    created_at = fields.AwareDateTime()
