"""Buyer requests (R1-R5) and sellers' offers on them (R6, R7): the commands, queries and
replies of the requests service. The gateway validates HTTP bodies and query strings with
these schemas and publishes them in OpenAPI; the service validates its RPC arguments with
them again."""

from marshmallow import Schema, fields, validate

from microtache.money import MoneyField

from buyer_requests.contract.bounds import (
    MAX_REVISIONS,
    OFFER_DELIVERY_DAYS,
    OFFER_MAX_DESCRIPTION,
    OFFER_SORTS,
    PENDING,
    REJECTION_MAX_LENGTH,
    REQUEST_DELIVERY_DAYS,
    REQUEST_MAX_ATTACHMENTS,
    REQUEST_MAX_DESCRIPTION,
    SHOWN_REQUEST_STATUSES,
)
from buyer_requests.contract.shapes import (
    SLUG,
    AttachmentSchema,
    PageSchema,
    budget_field,
    criteria_field,
    days_field,
    price_field,
    text,
    upload_ids,
)

# --- buyer requests (R1-R5) ----------------------------------------------------------


class BuyerRequestCreateSchema(Schema):
    description = fields.String(required=True, validate=text(REQUEST_MAX_DESCRIPTION))
    category = fields.String(required=True, validate=SLUG)
    subcategory = fields.String(required=True, validate=SLUG)
    criteria = criteria_field()
    delivery_days = days_field(REQUEST_DELIVERY_DAYS, required=True)
    budget = budget_field(required=True)
    # R1: the optional attachment, an upload (`POST /v1/uploads`, use `request_attachment`)
    files = upload_ids(REQUEST_MAX_ATTACHMENTS)


class MyRequestsQuerySchema(PageSchema):
    status = fields.String(validate=validate.OneOf(SHOWN_REQUEST_STATUSES))


class AdminRequestsQuerySchema(PageSchema):
    status = fields.String(load_default=PENDING, validate=validate.OneOf(SHOWN_REQUEST_STATUSES))


class OpenRequestsQuerySchema(PageSchema):
    pass


class RejectionSchema(Schema):
    reason = fields.String(required=True, validate=text(REJECTION_MAX_LENGTH))


class BuyerRequestSchema(Schema):
    id = fields.String()
    buyer_id = fields.String()
    description = fields.String()
    category = fields.String()
    subcategory = fields.String()
    criteria = fields.Dict()
    delivery_days = fields.Integer()
    budget = MoneyField()
    attachment = fields.Nested(AttachmentSchema, allow_none=True)
    status = fields.String()
    boosted = fields.Boolean()
    rejection_reason = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()  # R4: the boost time once boosted
    expires_at = fields.AwareDateTime(allow_none=True)
    offer_count = fields.Integer()  # R7: offers in the buyer's list


class OpenRequestSchema(BuyerRequestSchema):
    """What a seller sees of a request (R6)."""

    class Meta:
        exclude = ("buyer_id", "rejection_reason", "expires_at", "status")


class BuyerRequestPageSchema(Schema):
    results = fields.List(fields.Nested(BuyerRequestSchema))
    next_cursor = fields.String(allow_none=True)


class OpenRequestPageSchema(Schema):
    results = fields.List(fields.Nested(OpenRequestSchema))
    next_cursor = fields.String(allow_none=True)


# --- offers (R6, R7) -------------------------------------------------------------


class OfferCreateSchema(Schema):
    price = price_field()
    delivery_days = days_field(OFFER_DELIVERY_DAYS, required=True)
    revisions = days_field((0, MAX_REVISIONS), required=True)
    description = fields.String(required=True, validate=text(OFFER_MAX_DESCRIPTION))


class OffersQuerySchema(Schema):
    sort = fields.String(load_default="date", validate=validate.OneOf(OFFER_SORTS))


class OfferSchema(Schema):
    id = fields.String()
    request_id = fields.String()
    seller_id = fields.String()
    seller = fields.String(allow_none=True)  # username
    seller_level = fields.String(allow_none=True)
    seller_rating = fields.Float(allow_none=True)
    seller_review_count = fields.Integer()
    price = MoneyField()
    delivery_days = fields.Integer()
    revisions = fields.Integer()
    description = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()


class OfferListSchema(Schema):
    offer_count = fields.Integer()
    results = fields.List(fields.Nested(OfferSchema))


class OrderOfferSchema(Schema):
    """The body of "order this offer" (the gateway hands it to orders.place_order)."""

    payment_method_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(1, 36)
    )
