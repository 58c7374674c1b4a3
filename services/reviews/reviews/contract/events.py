"""Every event reviews publishes (docs/messaging.md, "reviews"; the deadline requests are
the shared kit's, microtache.contract.SHARED_EVENTS), and the payloads of the deadlines it
asks the scheduler for, which come back to it as scheduler events."""

from marshmallow import fields, validate

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

from reviews.contract.constants import BUYER, SELLER, SELLER_REVIEWED, WINDOW_CLOSED

ROLE = validate.OneOf([BUYER, SELLER])


class SellerRatingChanged(Contract):
    """V6: the average of the seller's published buyers' reviews, or null, and their count."""

    seller_id = fields.String(required=True)
    rating = fields.Float(required=True, allow_none=True, validate=validate.Range(1, 5))
    review_count = fields.Integer(required=True, validate=validate.Range(min=0))


class ReviewPosted(Contract):
    """V1, V4: no scores nor text, a buyer's review may still be hidden."""

    review_id = fields.String(required=True)
    order_id = fields.String(required=True)
    author_role = fields.String(required=True, validate=ROLE)
    author_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    posted_at = fields.AwareDateTime(required=True)


class ReviewPublished(Contract):
    review_id = fields.String(required=True)
    order_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    rating = fields.Float(required=True)
    published_at = fields.AwareDateTime(required=True)
    because = fields.String(
        required=True, validate=validate.OneOf([SELLER_REVIEWED, WINDOW_CLOSED])
    )


class ReviewReported(Contract):
    report_id = fields.String(required=True)
    review_id = fields.String(required=True)
    reason = fields.String(required=True)


class ReviewRemoved(Contract):
    review_id = fields.String(required=True)
    order_id = fields.String(required=True)
    author_role = fields.String(required=True, validate=ROLE)
    seller_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    removed_at = fields.AwareDateTime(required=True)
    report_id = fields.String(required=True, allow_none=True)  # null: support (O11)


class ReviewInvitationSent(Contract):
    invitation_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    client_id = fields.String(required=True)
    message = fields.String(required=True, allow_none=True)


class TipSent(Contract):
    tip_id = fields.String(required=True)
    order_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    amount = MoneyField(required=True)
    message = fields.String(required=True)
    paid_at = fields.AwareDateTime(required=True)


EVENTS = events(
    "reviews",
    EventType(
        "seller_rating_changed",
        SellerRatingChanged,
        "A seller's rating and review count changed: a buyer's review was published "
        "or a counted one removed (V6, V7).",
    ),
    EventType(
        "review_posted",
        ReviewPosted,
        "A party reviewed an order; no scores or text, it may be hidden (V1, V4).",
    ),
    EventType(
        "review_published",
        ReviewPublished,
        "A buyer's review became visible to the seller and public (V4, V6).",
    ),
    EventType("review_reported", ReviewReported, "Someone reported a review (V7)."),
    EventType(
        "review_removed",
        ReviewRemoved,
        "An admin, or support's cancellation, took a review down (V7, O11).",
    ),
    EventType(
        "review_invitation_sent",
        ReviewInvitationSent,
        "A seller invited a past client to review (V8).",
    ),
    EventType("tip_sent", TipSent, "A buyer's tip was paid (T1-T3)."),
)


# --- deadlines reviews asked for, as the scheduler fires them: reviews' own payloads (its
# contract with itself); the scheduler adds `key` and `due_at` (scheduler.contract)


class ReviewWindowEnded(Contract):
    """V2, V4: the window of the order, 10 days after completion."""

    order_id = fields.String(required=True)
    ends_at = fields.AwareDateTime(required=True)


class InvitationBlockEnded(Contract):
    """V8: 3 weeks after a withdrawn invitation."""

    invitation_id = fields.String(required=True)
    blocked_until = fields.AwareDateTime(required=True)


__all__ = [
    "EVENTS",
    "InvitationBlockEnded",
    "ReviewInvitationSent",
    "ReviewPosted",
    "ReviewPublished",
    "ReviewRemoved",
    "ReviewReported",
    "ReviewWindowEnded",
    "SellerRatingChanged",
    "TipSent",
]
