"""The reviews service's commands, replies (the gateway publishes them in OpenAPI) and the
payloads of the events it publishes and handles."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from microtache.money import MoneyField
from microtache.service import CallerSchema  # noqa: F401  (the shared one, A2)
from microtache.storage import FileSchema

from reviews.domain.moderation import ACTIONS, REASONS
from reviews.domain.policies import POLICIES

# an id: no NUL character, which PostgreSQL's text refuses (a 500 schemathesis found)
ID = [validate.Length(min=1, max=36), validate.Regexp(r"^[^\x00]*$", error="Not an id.")]
STARS = validate.Range(*POLICIES.stars)
BUYER_SCORES = ("communication", "service_as_described", "recommend")


def stars(**kwargs):
    return fields.Integer(strict=True, validate=STARS, **kwargs)


# --- commands and queries ------------------------------------------------------------------

class ReviewCreateSchema(Schema):
    """The buyer: `communication`, `service_as_described`, `recommend` (1-5 each), `text`,
    optional `work_sample` (a file, V1). The seller: `rating` (1-5) and `text` (V4)."""

    class Meta:
        # what `one_kind` checks, stated in the document (gateway/openapi.py)
        openapi_one_of = (
            {"required": list(BUYER_SCORES), "not": {"required": ["rating"]}},
            {"required": ["rating"], "not": {"anyOf": [{"required": [name]} for name in
                                                       (*BUYER_SCORES, "work_sample")]}})
    communication = stars()
    service_as_described = stars()
    recommend = stars()
    rating = stars()
    text = fields.String(required=True, validate=validate.Length(min=1, max=POLICIES.max_text))
    work_sample = fields.Nested(FileSchema)

    @validates_schema
    def one_kind(self, data, **kwargs):
        scores = [name for name in BUYER_SCORES if name in data]
        if "rating" in data and (scores or "work_sample" in data):
            raise ValidationError("A buyer gives the three scores, a seller gives `rating`; "
                                  "not both.", "rating")
        if "rating" not in data and len(scores) != 3:
            missing = [name for name in BUYER_SCORES if name not in data]
            raise ValidationError({name: ["Missing data for required field."]
                                   for name in missing})


class PrivateFeedbackSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=POLICIES.max_text))


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(load_default=None, validate=validate.Length(1, 200))


class SellerReviewsQuerySchema(PageQuerySchema):
    pass


class ReviewReportCreateSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(REASONS))
    details = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=2000))


class ReviewReportsQuerySchema(PageQuerySchema):
    status = fields.String(load_default="open", validate=validate.OneOf(["open", "resolved"]))


class ReviewReportResolutionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class InvitationCreateSchema(Schema):
    client_id = fields.String(required=True, validate=ID)
    message = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=1000))


class InvitationsQuerySchema(PageQuerySchema):
    pass


class TipCreateSchema(Schema):
    """T1-T3: one of the suggested amounts or another; a message for the seller."""
    amount = MoneyField(required=True, maximum=POLICIES.tip_max)
    message = fields.String(load_default="", validate=validate.Length(max=1000))
    payment_method_id = fields.String(load_default=None, allow_none=True, validate=ID)


# --- replies -----------------------------------------------------------------------------

class WorkSampleSchema(Schema):
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class ReviewSchema(Schema):
    id = fields.String()
    order_id = fields.String()
    author_role = fields.String()            # buyer, seller
    author_id = fields.String()
    author_username = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    communication = fields.Integer(allow_none=True)
    service_as_described = fields.Integer(allow_none=True)
    recommend = fields.Integer(allow_none=True)
    rating = fields.Float(allow_none=True)   # the buyer's three scores averaged, or the seller's
    text = fields.String()
    work_sample = fields.Nested(WorkSampleSchema, allow_none=True)
    status = fields.String()                 # hidden (V4), published, removed (V7)
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)
    removed_at = fields.AwareDateTime(allow_none=True)


class PrivateFeedbackReplySchema(Schema):
    order_id = fields.String()
    text = fields.String()
    created_at = fields.AwareDateTime()


class OrderReviewsSchema(Schema):
    """What the caller may see of an order's reviews (V4, V5)."""
    order_id = fields.String()
    order_status = fields.String()
    window_ends_at = fields.AwareDateTime(allow_none=True)
    window_open = fields.Boolean()
    buyer_reviewed = fields.Boolean()
    buyer_review = fields.Nested(ReviewSchema, allow_none=True)
    seller_review = fields.Nested(ReviewSchema, allow_none=True)
    private_feedback = fields.Nested(PrivateFeedbackReplySchema, allow_none=True)
    can_review = fields.Boolean()


class PublicReviewSchema(Schema):
    id = fields.String()
    buyer = fields.String(attribute="author_username")
    communication = fields.Integer()
    service_as_described = fields.Integer()
    recommend = fields.Integer()
    rating = fields.Float()
    text = fields.String()
    work_sample = fields.Nested(WorkSampleSchema, allow_none=True)
    published_at = fields.AwareDateTime()


class SellerReviewsSchema(Schema):
    seller_id = fields.String()
    rating = fields.Float(allow_none=True)
    review_count = fields.Integer()
    results = fields.List(fields.Nested(PublicReviewSchema))
    next_cursor = fields.String(allow_none=True)


class ReviewReportSchema(Schema):
    id = fields.String()
    review_id = fields.String()
    reporter_id = fields.String()
    reason = fields.String()
    details = fields.String(allow_none=True)
    status = fields.String()
    resolution = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)


class AdminReviewReportSchema(ReviewReportSchema):
    review = fields.Nested(ReviewSchema)


class ReviewReportPageSchema(Schema):
    results = fields.List(fields.Nested(AdminReviewReportSchema))
    next_cursor = fields.String(allow_none=True)


class InvitationItemSchema(Schema):
    id = fields.String()
    seller_id = fields.String()
    client_id = fields.String()
    message = fields.String(allow_none=True)
    status = fields.String()                 # sent, withdrawn
    created_at = fields.AwareDateTime()
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    blocked_until = fields.AwareDateTime(allow_none=True)


class InvitationSchema(InvitationItemSchema):
    credits_left = fields.Integer()          # V8: of the seller's 20


class InvitationPageSchema(Schema):
    credits_left = fields.Integer()
    results = fields.List(fields.Nested(InvitationItemSchema))
    next_cursor = fields.String(allow_none=True)


class TipReceiptSchema(Schema):
    """Payments' receipt (T3) and the message."""
    tip_id = fields.String()
    order_id = fields.String()
    amount = MoneyField()
    fee = MoneyField(positive=False)
    total = MoneyField()
    from_balance = MoneyField(positive=False)
    from_card = MoneyField(positive=False)
    seller_earnings = MoneyField(positive=False)
    clears_at = fields.AwareDateTime()
    message = fields.String()
    message_posted = fields.Boolean()
    paid_at = fields.AwareDateTime()


class TipOptionsSchema(Schema):
    order_id = fields.String()
    can_tip = fields.Boolean()
    window_ends_at = fields.AwareDateTime(allow_none=True)
    minimum = MoneyField()
    maximum = MoneyField()
    suggested_amounts = fields.List(MoneyField())
    tip = fields.Nested(TipReceiptSchema, allow_none=True)


# --- events we publish --------------------------------------------------------------------

class SellerRatingChangedSchema(Schema):
    seller_id = fields.String()
    rating = fields.Float(allow_none=True)
    review_count = fields.Integer()


class ReviewPostedSchema(Schema):
    review_id = fields.String(attribute="id")
    order_id = fields.String()
    author_role = fields.String()
    author_id = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    posted_at = fields.AwareDateTime(attribute="created_at")


class ReviewPublishedSchema(Schema):
    review_id = fields.String(attribute="id")
    order_id = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    rating = fields.Float()
    published_at = fields.AwareDateTime()
    because = fields.String()                # seller_reviewed, window_closed


class ReviewReportedSchema(Schema):
    report_id = fields.String(attribute="id")
    review_id = fields.String()
    reason = fields.String()


class ReviewRemovedSchema(Schema):
    review_id = fields.String(attribute="id")
    order_id = fields.String()
    author_role = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    removed_at = fields.AwareDateTime()
    report_id = fields.String()


class InvitationSentSchema(Schema):
    invitation_id = fields.String(attribute="id")
    seller_id = fields.String()
    client_id = fields.String()
    message = fields.String(allow_none=True)


class TipSentSchema(Schema):
    tip_id = fields.String()
    order_id = fields.String()
    buyer_id = fields.String()
    seller_id = fields.String()
    amount = MoneyField()
    message = fields.String()
    paid_at = fields.AwareDateTime()


# --- events we handle ---------------------------------------------------------------------

class _Event(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)


class OrderCompletedSchema(_Event):
    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    completed_at = fields.AwareDateTime(required=True)


class OrderCancelledSchema(_Event):
    order_id = fields.String(required=True)


class WindowEndedSchema(_Event):
    order_id = fields.String(required=True)
    ends_at = fields.AwareDateTime(required=True)


class BlockEndedSchema(_Event):
    invitation_id = fields.String(required=True)
    blocked_until = fields.AwareDateTime(required=True)
