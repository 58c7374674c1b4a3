"""Search (C5) and autocomplete (C4)."""

import re

from marshmallow import Schema, ValidationError, fields, validate

from catalog.contract.common import COUNTRY, CURSOR, LANGUAGE, MAX_ATTRIBUTES, SLUG_PATTERN, slug
from catalog.contract.gigs import DELIVERY_DAYS, PRICE_BOUNDS
from catalog.contract.sellers import SELLER_LEVELS

SORTS = ("relevance", "price", "rating", "reviews", "newest")

_FILTER_SLUG = r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,59}"  # a slug of 1 to 60
_FILTER = rf"\s*{_FILTER_SLUG}\s*:\s*{_FILTER_SLUG}\s*"
ATTRIBUTE_FILTERS_PATTERN = rf"^,*(?:{_FILTER}(?:,+{_FILTER}){{0,{MAX_ATTRIBUTES - 1}}},*)?$"
"""What OpenAPI states of `attributes` in a query string, and what the field checks first;
an empty one (or only commas) filters nothing."""


class AttributeFilters(fields.Field):
    """`style:minimalist,file-format:svg` in a query string; a dict in Python and JSON."""

    def __init__(self, **kwargs):
        super().__init__(
            metadata={"type": "string", "maxLength": 1000, "pattern": ATTRIBUTE_FILTERS_PATTERN},
            **kwargs,
        )

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
                raise ValidationError("Write 'name:value,name:value' (C5).") from None
        filters = dict(pairs)
        if len(filters) > MAX_ATTRIBUTES:
            raise ValidationError(f"At most {MAX_ATTRIBUTES} attributes (C5).")
        if not all(
            isinstance(k, str)
            and isinstance(v, str)
            and len(k) <= 60
            and len(v) <= 60
            and SLUG_PATTERN.match(k)
            and SLUG_PATTERN.match(v)
            for k, v in filters.items()
        ):
            raise ValidationError("Write 'name:value,name:value' with slugs (C5).")
        return filters

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class SearchSchema(Schema):
    q = fields.String(load_default=None, validate=validate.Length(max=200))
    attributes = AttributeFilters()
    category = fields.String(validate=slug())
    subcategory = fields.String(validate=slug())
    max_delivery_days = fields.Integer(validate=validate.Range(*DELIVERY_DAYS))
    min_price = fields.Integer(validate=validate.Range(0, PRICE_BOUNDS[1]))
    max_price = fields.Integer(validate=validate.Range(0, PRICE_BOUNDS[1]))
    online = fields.Boolean()
    seller_level = fields.String(validate=validate.OneOf(list(SELLER_LEVELS)))
    language = fields.String(validate=LANGUAGE)
    country = fields.String(validate=COUNTRY)
    sort = fields.String(validate=validate.OneOf(list(SORTS)))
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
    # the gig's first image's thumbnail (C1 gallery); null without one, or until made
    thumbnail_url = fields.String(allow_none=True)


class SuggestionsQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(1, 100))
    limit = fields.Integer(load_default=8, validate=validate.Range(1, 10))


class SuggestionRemovalSchema(Schema):
    phrase = fields.String(required=True, validate=validate.Length(1, 200))
