"""Quote requests and custom offers (Q1-Q3): the commands, queries and replies."""

from marshmallow import Schema, fields, validate

from microtache.money import MoneyField

from buyer_requests.contract.bounds import (
    CUSTOM_OFFER_EXPIRY_DAYS,
    QUOTE_DELIVERY_DAYS,
    QUOTE_MAX_ATTACHMENTS,
    QUOTE_ROLES,
    REQUEST_MAX_DESCRIPTION,
)
from buyer_requests.contract.requests import OfferCreateSchema
from buyer_requests.contract.shapes import (
    SLUG,
    AttachmentSchema,
    PageSchema,
    budget_field,
    criteria_field,
    days_field,
    text,
    upload_ids,
)


class QuoteRequestCreateSchema(Schema):
    description = fields.String(required=True, validate=text(REQUEST_MAX_DESCRIPTION))
    category = fields.String(required=True, validate=SLUG)
    subcategory = fields.String(required=True, validate=SLUG)
    criteria = criteria_field()
    delivery_days = days_field(QUOTE_DELIVERY_DAYS, required=True)
    budget = budget_field(load_default=None, allow_none=True)
    # Q1: attachments, uploads (`POST /v1/uploads`, use `quote_attachment`), each 1 GB
    files = upload_ids(QUOTE_MAX_ATTACHMENTS)


class QuoteRequestsQuerySchema(PageSchema):
    role = fields.String(validate=validate.OneOf(QUOTE_ROLES))


class CustomOfferCreateSchema(OfferCreateSchema):
    expires_in_days = days_field(CUSTOM_OFFER_EXPIRY_DAYS, load_default=None, allow_none=True)


class CustomOfferSchema(Schema):
    id = fields.String()
    quote_request_id = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    price = MoneyField()
    delivery_days = fields.Integer()
    revisions = fields.Integer()
    description = fields.String()
    status = fields.String(attribute="current_status")  # `expired` once past expires_at
    expires_at = fields.AwareDateTime(allow_none=True)
    order_id = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()


class QuoteRequestSchema(Schema):
    id = fields.String()
    buyer_id = fields.String()
    buyer = fields.String(attribute="buyer_username", allow_none=True)  # username
    seller_id = fields.String()
    seller = fields.String(attribute="seller_username", allow_none=True)  # username
    description = fields.String()
    category = fields.String()
    subcategory = fields.String()
    criteria = fields.Dict()
    delivery_days = fields.Integer()
    budget = MoneyField(allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentSchema))
    status = fields.String(attribute="current_status")
    custom_offers = fields.List(fields.Nested(CustomOfferSchema))
    created_at = fields.AwareDateTime()


class QuoteRequestPageSchema(Schema):
    results = fields.List(fields.Nested(QuoteRequestSchema))
    next_cursor = fields.String(allow_none=True)
