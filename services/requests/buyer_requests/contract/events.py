"""Every event the requests service publishes (`EVENTS`), and the deadline event it asks
the scheduler for and reads back (its own contract with itself)."""
from datetime import datetime

from marshmallow import ValidationError, fields, validate

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

from buyer_requests.contract.bounds import EXPIRY_EVENT


def iso_datetime(value):
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError("An ISO 8601 date and time.") from None
    if parsed.tzinfo is None:
        raise ValidationError("A date and time with its UTC offset.")


# --- buyer requests (R2, R5) --------------------------------------------------------------

class BuyerRequestApproved(Contract):
    request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)


class BuyerRequestRejected(Contract):
    request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    reason = fields.String(required=True)


class BuyerRequestExpired(Contract):
    request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)


# --- offers (R6) and quotes (Q1, Q2) ----------------------------------------------------------

class OfferSubmitted(Contract):
    offer_id = fields.String(required=True)
    request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)


class QuoteRequested(Contract):
    quote_request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)


class CustomOfferSent(Contract):
    custom_offer_id = fields.String(required=True)
    quote_request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)
    expires_at = fields.AwareDateTime(required=True, allow_none=True)


class CustomOfferDeclined(Contract):
    custom_offer_id = fields.String(required=True)
    quote_request_id = fields.String(required=True)
    buyer_id = fields.String(required=True)
    seller_id = fields.String(required=True)


# --- the expiry deadline (R5, S1): asked of the scheduler, read back from it -------------------

class RequestExpiryPayload(Contract):
    """What the scheduler is asked to hand back when a request's expiry falls due."""
    request_id = fields.String(required=True)


class DeadlineRequested(Contract):
    """microtache.deadlines.request_deadline: schedule (or move) the deadline `key`."""
    key = fields.String(required=True)
    due = fields.String(required=True, validate=iso_datetime)
    fires = fields.String(required=True, validate=validate.OneOf([EXPIRY_EVENT]))
    payload = fields.Nested(RequestExpiryPayload, required=True)


class DeadlineCancelled(Contract):
    """microtache.deadlines.cancel_deadline: forget the deadline `key`."""
    key = fields.String(required=True)


class RequestExpiryReached(RequestExpiryPayload):
    """scheduler `request_expiry_reached`: the payload asked for, with the scheduler's
    `key` and `due_at` (S1, S3)."""
    key = fields.String(load_default=None)
    due_at = fields.AwareDateTime(required=True)


EVENTS = events(
    "requests",
    EventType("buyer_request_approved", BuyerRequestApproved,
              "An admin approved a buyer request: sellers see it from now on (R2)."),
    EventType("buyer_request_rejected", BuyerRequestRejected,
              "An admin rejected a buyer request, with the reason the buyer is sent (R2)."),
    EventType("buyer_request_expired", BuyerRequestExpired,
              "A request saw no new offer and no boost for 14 days (R5)."),
    EventType("offer_submitted", OfferSubmitted,
              "A seller sent an offer on a buyer request (R6)."),
    EventType("quote_requested", QuoteRequested,
              "A buyer asked a seller for a quote from their profile (Q1)."),
    EventType("custom_offer_sent", CustomOfferSent,
              "The seller asked answered a quote request with a custom offer (Q2, Q3)."),
    EventType("custom_offer_declined", CustomOfferDeclined,
              "The buyer declined a custom offer (Q2)."),
    EventType("deadline_requested", DeadlineRequested,
              "Asks the scheduler to fire request_expiry_reached at the request's expiry "
              "(R5, S1)."),
    EventType("deadline_cancelled", DeadlineCancelled,
              "A request's expiry no longer applies: the scheduler forgets it (R5, S1)."),
)
