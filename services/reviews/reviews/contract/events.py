"""Every event reviews publishes (docs/messaging.md, "reviews"), and the payloads of the
deadlines it asks the scheduler for, which come back to it as scheduler events."""
from datetime import datetime

from marshmallow import fields, validate

from microtache.contract import Contract, EventType, events
from microtache.deadlines import DEADLINE_CANCELLED, DEADLINE_REQUESTED
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
    because = fields.String(required=True,
                            validate=validate.OneOf([SELLER_REVIEWED, WINDOW_CLOSED]))


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
    report_id = fields.String(required=True, allow_none=True)   # null: support (O11)


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


class IsoInstant(fields.AwareDateTime):
    """A timezone-aware instant, ISO 8601 on the wire; dumps a datetime or an ISO string
    (`microtache.deadlines.request_deadline` hands over `due_at.isoformat()`)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return super()._serialize(value, attr, obj, **kwargs)


class DeadlineRequested(Contract):
    """S1 (microtache.deadlines): schedule, or move, the deadline `key`. The same fields
    as scheduler.contract.DeadlineRequested, which a contract may not import."""
    key = fields.String(required=True, validate=validate.Length(3, 200))
    due = IsoInstant(required=True)
    fires = fields.String(required=True, validate=validate.Length(3, 100))
    payload = fields.Dict(keys=fields.String(), load_default=dict, dump_default=dict)


class DeadlineCancelled(Contract):
    """S1: the deadline `key` will not fire (scheduler.contract.DeadlineCancelled)."""
    key = fields.String(required=True, validate=validate.Length(3, 200))


EVENTS = events(
    "reviews",
    EventType("seller_rating_changed", SellerRatingChanged,
              "A seller's rating and review count changed: a buyer's review was published "
              "or a counted one removed (V6, V7)."),
    EventType("review_posted", ReviewPosted,
              "A party reviewed an order; no scores or text, it may be hidden (V1, V4)."),
    EventType("review_published", ReviewPublished,
              "A buyer's review became visible to the seller and public (V4, V6)."),
    EventType("review_reported", ReviewReported, "Someone reported a review (V7)."),
    EventType("review_removed", ReviewRemoved,
              "An admin, or support's cancellation, took a review down (V7, O11)."),
    EventType("review_invitation_sent", ReviewInvitationSent,
              "A seller invited a past client to review (V8)."),
    EventType("tip_sent", TipSent, "A buyer's tip was paid (T1-T3)."),
    EventType(DEADLINE_REQUESTED, DeadlineRequested,
              "Ask the scheduler for a deadline: the review window's end (V2), an "
              "invitation block's end (V8) (S1)."),
    EventType(DEADLINE_CANCELLED, DeadlineCancelled,
              "Cancel a deadline asked for: a window closed early (V2) (S1)."),
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
    "DeadlineCancelled",
    "DeadlineRequested",
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
