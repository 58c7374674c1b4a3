"""What several of the catalog's schemas share: codes, slugs, cursors, bounded money."""

import re

from marshmallow import fields, validate

from microtache.money import MoneyField, MoneySchema

LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="An ISO 639-1 code such as 'en'.")
COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="An ISO 3166-1 alpha-2 code such as 'FR'.")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG = validate.Regexp(SLUG_PATTERN, error="A slug from GET /v1/categories.")
SLUG_LENGTH = validate.Length(1, 60)  # the category columns
CURSOR = validate.Length(max=200)  # next_cursor as this API gives it
MAX_ATTRIBUTES = 20  # a subcategory has a handful
INT32 = 2**31 - 1


def slug():
    return [SLUG_LENGTH, SLUG]


def bounded_money_schema(name, minimum, maximum):
    """A MoneySchema whose amount is bounded by a policy, so that OpenAPI states the
    bounds (`minimum`, `maximum` on `amount`) that the server enforces."""
    return type(
        name,
        (MoneySchema,),
        {
            "amount": fields.Integer(
                required=True, strict=True, validate=validate.Range(min=minimum, max=maximum)
            )
        },
    )


class BoundedMoney(MoneyField):
    """`MoneyField(maximum=...)`, nesting a schema that publishes both bounds."""

    def __init__(self, schema, bounds, **kwargs):
        super().__init__(maximum=bounds[1], **kwargs)
        self.nested = schema


def client_address(value):
    """An address or an id the gateway passes (sign-in throttling, searchers): a
    short string, or None."""
    if isinstance(value, str) and 0 < len(value.strip()) <= 100:
        return value.strip()
    return None
