"""The shapes of the requests service's commands, queries and replies.

The gateway validates HTTP bodies and query strings with these same schemas and
publishes them in OpenAPI; the service validates its RPC arguments with them again.
Shapes only: the rules (bounds of days, prices, sizes) are in `domain/`.
"""
import re

from marshmallow import EXCLUDE, Schema, fields, validate

from microtache.money import MoneyField
from microtache.service import CallerSchema  # noqa: F401  (the shared one, A2)
from microtache.storage import FileSchema

from buyer_requests.domain import offers, quotes, requests

SLUG = validate.And(validate.Length(1, 60),
                    validate.Regexp(re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                                    error="A slug from GET /v1/categories."))
ID = dict(required=True, validate=validate.Length(min=1, max=36))
def text(max_length):
    """Between 1 and `max_length` characters, not all blank."""
    return validate.And(validate.Length(1, max_length),
                        validate.Regexp(r"[\s\S]*\S", error="Write something."))


# the names are the subcategory's attributes: the category tree refuses others (422), as
# OpenAPI 3.0 cannot state a pattern for a map's keys
CRITERIA = dict(keys=fields.String(), values=fields.String(validate=SLUG),
                load_default=dict, validate=validate.Length(max=20))
CURSOR = validate.Length(1, 200)


def days_field(bounds, **kwargs):
    return fields.Integer(strict=True, validate=validate.Range(*bounds), **kwargs)


def budget_field(**kwargs):
    """R1, Q1: at most what an offer may ask."""
    return MoneyField(maximum=offers.MAX_BUDGET, **kwargs)


def price_field():
    """An offer's price (R6, Q2): $5 to $10,000."""
    return MoneyField(required=True, maximum=offers.PRICE[1])


class PageSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50))
    cursor = fields.String(load_default=None, validate=CURSOR)


# --- buyer requests (R1-R5) ----------------------------------------------------------

class BuyerRequestCreateSchema(Schema):
    description = fields.String(required=True, validate=text(requests.MAX_DESCRIPTION))
    category = fields.String(required=True, validate=SLUG)
    subcategory = fields.String(required=True, validate=SLUG)
    criteria = fields.Dict(**CRITERIA)
    delivery_days = days_field(requests.DELIVERY_DAYS, required=True)
    budget = budget_field(required=True)
    attachment = fields.Nested(FileSchema, load_default=None, allow_none=True)


class MyRequestsQuerySchema(PageSchema):
    status = fields.String(validate=validate.OneOf([s for s in requests.STATUSES
                                                    if s != requests.DELETED]))


class AdminRequestsQuerySchema(PageSchema):
    status = fields.String(load_default=requests.PENDING, validate=validate.OneOf(
        [s for s in requests.STATUSES if s != requests.DELETED]))


class OpenRequestsQuerySchema(PageSchema):
    pass


class RejectionSchema(Schema):
    reason = fields.String(required=True, validate=text(1000))


class AttachmentSchema(Schema):
    """A stored file's metadata (its storage key stays inside the service)."""
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


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
    created_at = fields.AwareDateTime()     # R4: the boost time once boosted
    expires_at = fields.AwareDateTime(allow_none=True)
    offer_count = fields.Integer()          # R7: offers in the buyer's list


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
    delivery_days = days_field(offers.DELIVERY_DAYS, required=True)
    revisions = days_field((0, offers.MAX_REVISIONS), required=True)
    description = fields.String(required=True, validate=text(offers.MAX_DESCRIPTION))


class OffersQuerySchema(Schema):
    sort = fields.String(load_default="date", validate=validate.OneOf(offers.SORTS))


class OfferSchema(Schema):
    id = fields.String()
    request_id = fields.String()
    seller_id = fields.String()
    seller = fields.String(allow_none=True)               # username
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
    payment_method_id = fields.String(load_default=None, allow_none=True,
                                      validate=validate.Length(1, 36))


# --- quote requests and custom offers (Q1-Q3) ------------------------------------

class QuoteRequestCreateSchema(Schema):
    description = fields.String(required=True, validate=text(requests.MAX_DESCRIPTION))
    category = fields.String(required=True, validate=SLUG)
    subcategory = fields.String(required=True, validate=SLUG)
    criteria = fields.Dict(**CRITERIA)
    delivery_days = days_field(quotes.DELIVERY_DAYS, required=True)
    budget = budget_field(load_default=None, allow_none=True)
    attachments = fields.List(fields.Nested(FileSchema), load_default=list,
                              validate=validate.Length(max=quotes.MAX_ATTACHMENTS))


class QuoteRequestsQuerySchema(PageSchema):
    role = fields.String(validate=validate.OneOf(["buyer", "seller"]))


class CustomOfferCreateSchema(OfferCreateSchema):
    expires_in_days = days_field(quotes.EXPIRY_DAYS, load_default=None, allow_none=True)


class CustomOfferSchema(Schema):
    id = fields.String()
    quote_request_id = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    price = MoneyField()
    delivery_days = fields.Integer()
    revisions = fields.Integer()
    description = fields.String()
    status = fields.String(attribute="current_status")    # `expired` once past expires_at
    expires_at = fields.AwareDateTime(allow_none=True)
    order_id = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()


class QuoteRequestSchema(Schema):
    id = fields.String()
    buyer_id = fields.String()
    seller_id = fields.String()
    seller = fields.String(attribute="seller_username", allow_none=True)
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


# --- what orders asks: an offer's terms --------------------------------------------

OFFER_KINDS = ("custom_offer", "request_offer")


class OfferTermsQuerySchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(OFFER_KINDS))
    offer_id = fields.String(**ID)
    buyer_id = fields.String(**ID)


class OfferTermsSchema(Schema):
    offer_id = fields.String()
    kind = fields.String()
    seller_id = fields.String()
    seller_username = fields.String(allow_none=True)
    buyer_id = fields.String()
    price = MoneyField()
    delivery_days = fields.Integer()
    revisions = fields.Integer()
    description = fields.String()
    title = fields.String()
    category = fields.String()
    subcategory = fields.String()


# --- events this service handles -----------------------------------------------------
# Loaded with unknown fields excluded: a producer may add fields (a new version) safely.

class _Event(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)


class UserSignedUpSchema(_Event):
    user_id = fields.String(required=True)
    username = fields.String(required=True)


class GigFactsSchema(_Event):
    gig_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    seller_username = fields.String(load_default=None)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)
    status = fields.String(required=True)


class GigArchivedSchema(_Event):
    gig_id = fields.String(required=True)
    seller_id = fields.String(required=True)


class SellerProfileSchema(_Event):
    user_id = fields.String(required=True)
    accepts_quotes = fields.Boolean(required=True)
    on_vacation = fields.Boolean(required=True)


class SellerLevelSchema(_Event):
    user_id = fields.String(required=True)
    level = fields.String(required=True)


class SellerRatingSchema(_Event):
    seller_id = fields.String(required=True)
    rating = fields.Float(required=True, allow_none=True)
    review_count = fields.Integer(required=True)


class OrderPlacedSchema(_Event):
    class Source(Schema):
        class Meta:
            unknown = EXCLUDE
        kind = fields.String(required=True)
        id = fields.String(required=True)

    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    source = fields.Nested(Source, load_default=None, allow_none=True)


class ExpiryReachedSchema(_Event):
    request_id = fields.String(required=True)
    due_at = fields.AwareDateTime(required=True)
