"""The shapes of the catalog's commands, queries and replies.

The gateway validates HTTP bodies with these same schemas and publishes them
in OpenAPI; the service validates its RPC arguments with them again.
"""
import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from microtache.fields import StrictBoolean, not_blank
from microtache.money import MoneyField, MoneySchema

from catalog.domain import accounts, gigs, reports

LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="An ISO 639-1 code such as 'en'.")
COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="An ISO 3166-1 alpha-2 code such as 'FR'.")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG = validate.Regexp(SLUG_PATTERN, error="A slug from GET /v1/categories.")
SLUG_LENGTH = validate.Length(1, 60)          # the category columns
CURSOR = validate.Length(max=200)             # next_cursor as this API gives it
MAX_ATTRIBUTES = 20                           # a subcategory has a handful
INT32 = 2 ** 31 - 1


def slug():
    return [SLUG_LENGTH, SLUG]


# C2: a title of 15 to 80 characters once its surrounding spaces are stripped (at most 80
# with them), a description with something written in it
# (15 once stripped is the domain's, 422: schemathesis 4.32 rewrites a pattern that
# counts characters between two non-blank ones into one that does not mean the same)
TITLE = [validate.Length(gigs.TITLE_LENGTH[0], gigs.TITLE_LENGTH[1]),
         not_blank("Give the gig a title.")]
DESCRIPTION = [validate.Length(1, gigs.MAX_DESCRIPTION), not_blank("Describe the service.")]


def bounded_money_schema(name, minimum, maximum):
    """A MoneySchema whose amount is bounded by a policy, so that OpenAPI states the
    bounds (`minimum`, `maximum` on `amount`) that the server enforces."""
    return type(name, (MoneySchema,), {
        "amount": fields.Integer(required=True, strict=True,
                                 validate=validate.Range(min=minimum, max=maximum))})


class BoundedMoney(MoneyField):
    """`MoneyField(maximum=...)`, nesting a schema that publishes both bounds."""

    def __init__(self, schema, bounds, **kwargs):
        super().__init__(maximum=bounds[1], **kwargs)
        self.nested = schema


PackagePriceSchema = bounded_money_schema("PackagePriceSchema", *gigs.PRICE_BOUNDS)
ExtraPriceSchema = bounded_money_schema("ExtraPriceSchema", *gigs.EXTRA_PRICE_BOUNDS)


class SignUpSchema(Schema):
    username = fields.String(required=True, validate=[validate.Length(3, 30), validate.Regexp(
        accounts.USERNAME, error=accounts.USERNAME_RULE)])
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=[validate.Length(
        accounts.MIN_PASSWORD_LENGTH, accounts.MAX_PASSWORD_LENGTH), not_blank("Not only spaces.")])
    country = fields.String(load_default=None, allow_none=True, validate=COUNTRY)
    languages = fields.List(fields.String(validate=LANGUAGE), load_default=list,
                            validate=validate.Length(max=10))


class SignInSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(1, 128))


class ProfileUpdateSchema(Schema):
    country = fields.String(allow_none=True, validate=COUNTRY)
    languages = fields.List(fields.String(validate=LANGUAGE), validate=validate.Length(max=10))
    accepts_quotes = StrictBoolean()
    on_vacation = StrictBoolean()


class AccountSchema(Schema):
    id = fields.String()
    username = fields.String()
    email = fields.String()
    role = fields.String()
    country = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    accepts_quotes = fields.Boolean()
    on_vacation = fields.Boolean()
    level = fields.String()
    rating = fields.Float(allow_none=True)
    review_count = fields.Integer()
    last_seen_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()


class PublicAccountSchema(AccountSchema):
    class Meta:
        exclude = ("email", "role", "on_vacation")


class PackageSchema(Schema):
    tier = fields.String(required=True, validate=validate.OneOf(gigs.TIERS))
    price = BoundedMoney(PackagePriceSchema, gigs.PRICE_BOUNDS, required=True)
    delivery_days = fields.Integer(required=True, strict=True,
                                   validate=validate.Range(*gigs.DELIVERY_DAYS))
    revisions = fields.Integer(required=True, strict=True,
                               validate=validate.Range(0, gigs.MAX_REVISIONS))
    description = fields.String(load_default="", validate=validate.Length(max=300))


class ExtraSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 80))
    price = BoundedMoney(ExtraPriceSchema, gigs.EXTRA_PRICE_BOUNDS, required=True)
    delivery_days = fields.Integer(load_default=0, strict=True,
                                   validate=validate.Range(*gigs.EXTRA_DAYS))


class GigCreateSchema(Schema):
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(required=True, validate=DESCRIPTION)
    category = fields.String(required=True, validate=slug())
    subcategory = fields.String(required=True, validate=slug())
    packages = fields.List(fields.Nested(PackageSchema), required=True,
                           validate=validate.Length(1, 3))
    extras = fields.List(fields.Nested(ExtraSchema), load_default=list,
                         validate=validate.Length(max=gigs.MAX_EXTRAS))
    attributes = fields.Dict(keys=fields.String(), values=fields.String(validate=slug()),
                             load_default=dict, validate=validate.Length(max=MAX_ATTRIBUTES))
    tags = fields.List(fields.String(validate=validate.Length(1, 30)), load_default=list,
                       validate=validate.Length(max=5))
    ships_physical_item = StrictBoolean(load_default=False)
    accepts_remote_work = StrictBoolean(load_default=True)
    shows_reviews = StrictBoolean(load_default=True)


class GigSchema(GigCreateSchema):
    id = fields.String()
    seller = fields.Function(lambda gig: gig.seller_username)
    seller_id = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()


class GigUpdateSchema(Schema):
    """A change to a gig: GigCreateSchema's fields, all optional and without defaults
    (what is absent stays as it is); `status` pauses or reactivates it."""
    title = fields.String(validate=TITLE)
    description = fields.String(validate=DESCRIPTION)
    category = fields.String(validate=slug())
    subcategory = fields.String(validate=slug())
    packages = fields.List(fields.Nested(PackageSchema), validate=validate.Length(1, 3))
    extras = fields.List(fields.Nested(ExtraSchema), validate=validate.Length(max=gigs.MAX_EXTRAS))
    attributes = fields.Dict(keys=fields.String(), values=fields.String(validate=slug()),
                             validate=validate.Length(max=MAX_ATTRIBUTES))
    tags = fields.List(fields.String(validate=validate.Length(1, 30)),
                       validate=validate.Length(max=5))
    ships_physical_item = StrictBoolean()
    accepts_remote_work = StrictBoolean()
    shows_reviews = StrictBoolean()
    status = fields.String(validate=validate.OneOf([gigs.ACTIVE, gigs.PAUSED]))


class ProfileGigSchema(Schema):
    id = fields.String()
    title = fields.String()
    category = fields.String()
    subcategory = fields.String()
    price = fields.Function(lambda gig: gig.starting_price.to_dict())
    created_at = fields.AwareDateTime()


class SellerProfileSchema(PublicAccountSchema):
    """A seller's public profile (C6), with the figures of their level (C7)."""
    gigs = fields.List(fields.Nested(ProfileGigSchema), attribute="active_gigs")
    completed_orders = fields.Integer()
    on_time_rate = fields.Float(allow_none=True)


class PageSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50))
    cursor = fields.String(load_default=None, validate=CURSOR)


class FavouritesQuerySchema(PageSchema):
    pass


class FavouriteSchema(Schema):
    id = fields.String()
    title = fields.String()
    seller = fields.String()
    price = fields.Dict()
    status = fields.String()


class ReportSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(reports.REASONS))
    details = fields.String(load_default="", validate=validate.Length(max=reports.MAX_TEXT))


class ReportViewSchema(Schema):
    id = fields.String()
    gig_id = fields.String()
    reporter_id = fields.String()
    reason = fields.String()
    details = fields.String()
    status = fields.String()
    resolution = fields.String(allow_none=True)
    note = fields.String(attribute="resolution_note")
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)


class ReportsQuerySchema(PageSchema):
    status = fields.String(load_default=reports.OPEN,
                           validate=validate.OneOf([reports.OPEN, reports.RESOLVED]))


class ReportResolutionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(reports.ACTIONS))
    note = fields.String(load_default="", validate=validate.Length(max=reports.MAX_TEXT))


class SuggestionsQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(1, 100))
    limit = fields.Integer(load_default=8, validate=validate.Range(1, 10))


class SuggestionRemovalSchema(Schema):
    phrase = fields.String(required=True, validate=validate.Length(1, 200))


def client_address(value):
    """An address or an id the gateway passes (sign-in throttling, searchers): a
    short string, or None."""
    if isinstance(value, str) and 0 < len(value.strip()) <= 100:
        return value.strip()
    return None


_FILTER_SLUG = r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,59}"      # a slug of 1 to 60
_FILTER = rf"\s*{_FILTER_SLUG}\s*:\s*{_FILTER_SLUG}\s*"
ATTRIBUTE_FILTERS_PATTERN = rf"^,*(?:{_FILTER}(?:,+{_FILTER}){{0,{MAX_ATTRIBUTES - 1}}},*)?$"
"""What OpenAPI states of `attributes` in a query string, and what the field checks first;
an empty one (or only commas) filters nothing."""


class AttributeFilters(fields.Field):
    """`style:minimalist,file-format:svg` in a query string; a dict in Python and JSON."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"type": "string", "maxLength": 1000,
                                   "pattern": ATTRIBUTE_FILTERS_PATTERN}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            pairs = value.items()
        elif len(str(value)) > 1000:
            raise ValidationError("At most 1000 characters (C5).")
        elif not re.match(ATTRIBUTE_FILTERS_PATTERN, str(value)):
            raise ValidationError("Write 'name:value,name:value' with slugs (C5).")
        else:
            try:
                pairs = [part.split(":", 1) for part in str(value).split(",") if part]
                pairs = [(name.strip(), choice.strip()) for name, choice in pairs]
            except ValueError:
                raise ValidationError("Write 'name:value,name:value' (C5).")
        filters = dict(pairs)
        if len(filters) > MAX_ATTRIBUTES:
            raise ValidationError(f"At most {MAX_ATTRIBUTES} attributes (C5).")
        if not all(isinstance(k, str) and isinstance(v, str)
                                  and len(k) <= 60 and len(v) <= 60
                                  and SLUG_PATTERN.match(k) and SLUG_PATTERN.match(v)
                                  for k, v in filters.items()):
            raise ValidationError("Write 'name:value,name:value' with slugs (C5).")
        return filters

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class SearchSchema(Schema):
    q = fields.String(load_default=None, validate=validate.Length(max=200))
    attributes = AttributeFilters()
    category = fields.String(validate=slug())
    subcategory = fields.String(validate=slug())
    max_delivery_days = fields.Integer(validate=validate.Range(*gigs.DELIVERY_DAYS))
    min_price = fields.Integer(validate=validate.Range(0, gigs.PRICE_BOUNDS[1]))
    max_price = fields.Integer(validate=validate.Range(0, gigs.PRICE_BOUNDS[1]))
    online = fields.Boolean()
    seller_level = fields.String(validate=validate.OneOf(
        ["new", "level_one", "level_two", "top_rated", "pro"]))
    language = fields.String(validate=LANGUAGE)
    country = fields.String(validate=COUNTRY)
    sort = fields.String(
        validate=validate.OneOf(["relevance", "price", "rating", "reviews", "newest"])
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50))
    cursor = fields.String(load_default=None, validate=CURSOR)
    # C5: min_price above max_price is a range with nothing in it: it matches no gig (an
    # empty page), as any other filter that nothing meets; JSON Schema cannot compare two
    # parameters, so refusing it would refuse a request the document calls valid.


class SearchResultSchema(Schema):
    id = fields.String()
    title = fields.String()
    seller = fields.String(attribute="username")
    seller_level = fields.String(attribute="level")
    seller_rating = fields.Float(attribute="rating", allow_none=True)
    seller_review_count = fields.Integer(attribute="review_count")
    category = fields.String()
    subcategory = fields.String()
    price = fields.Function(lambda row: {"amount": row["price"], "currency": "USD"})
    created_at = fields.AwareDateTime()


# events this service handles (C7), read tolerantly: a producer may add fields
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


class LevelReviewDueEventSchema(IncomingEventSchema):
    """scheduler `seller_level_review_fell_due`: the deadline catalog asked for (C7)."""
    user_id = Id(required=True)
    key = fields.String()
    due_at = fields.AwareDateTime(required=True)
