"""Fields the requests contract's schemas share: slugs, ids, text, days, money, pages."""

import re

from marshmallow import Schema, fields, validate

from microtache.money import MoneyField

from buyer_requests.contract.bounds import MAX_BUDGET, PAGE_DEFAULT, PAGE_LIMIT, PRICE

SLUG = validate.And(
    validate.Length(1, 60),
    validate.Regexp(
        re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$"), error="A slug from GET /v1/categories."
    ),
)
ID = dict(required=True, validate=validate.Length(min=1, max=36))
CURSOR = validate.Length(1, 200)


def text(max_length):
    """Between 1 and `max_length` characters, not all blank."""
    return validate.And(
        validate.Length(1, max_length), validate.Regexp(r"[\s\S]*\S", error="Write something.")
    )


def criteria_field():
    """The names are the subcategory's attributes: the category tree refuses others (422),
    as OpenAPI 3.0 cannot state a pattern for a map's keys."""
    return fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=SLUG),
        load_default=dict,
        validate=validate.Length(max=20),
    )


def days_field(bounds, **kwargs):
    return fields.Integer(strict=True, validate=validate.Range(*bounds), **kwargs)


def budget_field(**kwargs):
    """R1, Q1: at most what an offer may ask."""
    return MoneyField(maximum=MAX_BUDGET, **kwargs)


def price_field():
    """An offer's price (R6, Q2): $5 to $10,000."""
    return MoneyField(required=True, maximum=PRICE[1])


class PageSchema(Schema):
    limit = fields.Integer(load_default=PAGE_DEFAULT, validate=validate.Range(*PAGE_LIMIT))
    cursor = fields.String(load_default=None, validate=CURSOR)


def upload_ids(most):
    """Files a command names: the ids of the caller's uploads (API.md "Files")."""
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        load_default=list,
        validate=validate.Length(max=most),
    )


class AttachmentSchema(Schema):
    """A kept file's metadata (its storage key stays inside the service)."""

    upload_id = fields.String()  # none for a file attached before uploads
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
