"""What reviews replies (the gateway publishes these in OpenAPI). Dumped by the service;
a reader ignores fields a newer reviews adds (microtache.contract.Contract)."""

from marshmallow import fields

from microtache.contract import Contract
from microtache.money import MoneyField


class WorkSampleSchema(Contract):
    upload_id = fields.String()  # none for a sample kept before uploads
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class ReviewSchema(Contract):
    id = fields.String()
    order_id = fields.String()
    author_role = fields.String()  # buyer, seller
    author_id = fields.String()
    author_username = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    communication = fields.Integer(allow_none=True)
    service_as_described = fields.Integer(allow_none=True)
    recommend = fields.Integer(allow_none=True)
    rating = fields.Float(allow_none=True)  # the buyer's three scores averaged, or the seller's
    text = fields.String()
    work_sample = fields.Nested(WorkSampleSchema, allow_none=True)
    status = fields.String()  # hidden (V4), published, removed (V7)
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)
    removed_at = fields.AwareDateTime(allow_none=True)


class PrivateFeedbackReplySchema(Contract):
    order_id = fields.String()
    text = fields.String()
    created_at = fields.AwareDateTime()


class OrderReviewsSchema(Contract):
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


class PublicReviewSchema(Contract):
    id = fields.String()
    buyer = fields.String(attribute="author_username")
    communication = fields.Integer()
    service_as_described = fields.Integer()
    recommend = fields.Integer()
    rating = fields.Float()
    text = fields.String()
    work_sample = fields.Nested(WorkSampleSchema, allow_none=True)
    published_at = fields.AwareDateTime()


class SellerReviewsSchema(Contract):
    seller_id = fields.String()
    rating = fields.Float(allow_none=True)
    review_count = fields.Integer()
    results = fields.List(fields.Nested(PublicReviewSchema))
    next_cursor = fields.String(allow_none=True)


class ReviewReportSchema(Contract):
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


class ReviewReportPageSchema(Contract):
    results = fields.List(fields.Nested(AdminReviewReportSchema))
    next_cursor = fields.String(allow_none=True)


class InvitationItemSchema(Contract):
    id = fields.String()
    seller_id = fields.String()
    client_id = fields.String()
    message = fields.String(allow_none=True)
    status = fields.String()  # sent, withdrawn
    created_at = fields.AwareDateTime()
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    blocked_until = fields.AwareDateTime(allow_none=True)


class InvitationSchema(InvitationItemSchema):
    credits_left = fields.Integer()  # V8: of the seller's 20


class InvitationPageSchema(Contract):
    credits_left = fields.Integer()
    results = fields.List(fields.Nested(InvitationItemSchema))
    next_cursor = fields.String(allow_none=True)


class TipReceiptSchema(Contract):
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


class TipOptionsSchema(Contract):
    order_id = fields.String()
    can_tip = fields.Boolean()
    window_ends_at = fields.AwareDateTime(allow_none=True)
    minimum = MoneyField()
    maximum = MoneyField()
    suggested_amounts = fields.List(MoneyField())
    tip = fields.Nested(TipReceiptSchema, allow_none=True)


__all__ = [
    "AdminReviewReportSchema",
    "InvitationItemSchema",
    "InvitationPageSchema",
    "InvitationSchema",
    "OrderReviewsSchema",
    "PrivateFeedbackReplySchema",
    "PublicReviewSchema",
    "ReviewReportPageSchema",
    "ReviewReportSchema",
    "ReviewSchema",
    "SellerReviewsSchema",
    "TipOptionsSchema",
    "TipReceiptSchema",
    "WorkSampleSchema",
]
