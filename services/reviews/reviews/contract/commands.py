"""The commands and queries reviews takes (the gateway validates HTTP bodies and query
strings with them and publishes them in OpenAPI): unknown fields are refused (no mass
assignment)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from microtache.money import MoneyField

from reviews.contract.constants import (
    ACTIONS,
    BUYER_SCORES,
    MAX_TEXT,
    OPEN,
    REASONS,
    RESOLVED,
    STARS,
    TIP_MAX,
)
from reviews.contract.uploads import MAX_WORK_SAMPLES

# an id: no NUL character, which PostgreSQL's text refuses (a 500 schemathesis found)
ID = [validate.Length(min=1, max=36), validate.Regexp(r"^[^\x00]*$", error="Not an id.")]


def stars(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(*STARS), **kwargs)


class ReviewCreateSchema(Schema):
    """The buyer: `communication`, `service_as_described`, `recommend` (1-5 each), `text`,
    optional `files`: a work sample, the buyer's upload (`POST /v1/uploads`, use
    `work_sample`, at most 30 MB) by its id (V1). The seller: `rating` (1-5) and `text` (V4)."""

    class Meta:
        # what `one_kind` checks, stated in the document (gateway/openapi.py)
        openapi_one_of = (
            {"required": list(BUYER_SCORES), "not": {"required": ["rating"]}},
            {
                "required": ["rating"],
                "not": {"anyOf": [{"required": [name]} for name in (*BUYER_SCORES, "files")]},
            },
        )

    communication = stars()
    service_as_described = stars()
    recommend = stars()
    rating = stars()
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    files = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        validate=validate.Length(max=MAX_WORK_SAMPLES),
    )

    @validates_schema
    def one_kind(self, data, **kwargs):
        scores = [name for name in BUYER_SCORES if name in data]
        if "rating" in data and (scores or "files" in data):
            raise ValidationError(
                "A buyer gives the three scores, a seller gives `rating`; not both.", "rating"
            )
        if "rating" not in data and len(scores) != 3:
            missing = [name for name in BUYER_SCORES if name not in data]
            raise ValidationError({name: ["Missing data for required field."] for name in missing})


class PrivateFeedbackSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(load_default=None, validate=validate.Length(1, 200))


class SellerReviewsQuerySchema(PageQuerySchema):
    pass


class ReviewReportCreateSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(REASONS))
    details = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ReviewReportsQuerySchema(PageQuerySchema):
    status = fields.String(load_default="open", validate=validate.OneOf([OPEN, RESOLVED]))


class ReviewReportResolutionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class InvitationCreateSchema(Schema):
    client_id = fields.String(required=True, validate=ID)
    message = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class InvitationsQuerySchema(PageQuerySchema):
    pass


class TipCreateSchema(Schema):
    """T1-T3: one of the suggested amounts or another; a message for the seller."""

    amount = MoneyField(required=True, maximum=TIP_MAX)
    message = fields.String(load_default="", validate=validate.Length(max=1000))
    payment_method_id = fields.String(load_default=None, allow_none=True, validate=ID)


__all__ = [
    "ID",
    "InvitationCreateSchema",
    "InvitationsQuerySchema",
    "PageQuerySchema",
    "PrivateFeedbackSchema",
    "ReviewCreateSchema",
    "ReviewReportCreateSchema",
    "ReviewReportResolutionSchema",
    "ReviewReportsQuerySchema",
    "SellerReviewsQuerySchema",
    "TipCreateSchema",
]
