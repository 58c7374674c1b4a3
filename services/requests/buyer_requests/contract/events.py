"""Every event the requests service publishes (`EVENTS`; the deadline requests it publishes
through microtache.deadlines are the shared kit's, microtache.contract.SHARED_EVENTS), and
the payload of the deadline it asks the scheduler for and reads back (its own contract
with itself)."""

from marshmallow import fields

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

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


# --- the expiry deadline (R5, S1): asked of the scheduler, read back from it --------------


class RequestExpiryPayload(Contract):
    """What the scheduler is asked to hand back when a request's expiry falls due
    (`request_expiry_reached`, with the scheduler's own fields: scheduler.contract's
    DeadlineReached)."""

    request_id = fields.String(required=True)


EVENTS = events(
    "requests",
    EventType(
        "buyer_request_approved",
        BuyerRequestApproved,
        "An admin approved a buyer request: sellers see it from now on (R2).",
    ),
    EventType(
        "buyer_request_rejected",
        BuyerRequestRejected,
        "An admin rejected a buyer request, with the reason the buyer is sent (R2).",
    ),
    EventType(
        "buyer_request_expired",
        BuyerRequestExpired,
        "A request saw no new offer and no boost for 14 days (R5).",
    ),
    EventType("offer_submitted", OfferSubmitted, "A seller sent an offer on a buyer request (R6)."),
    EventType(
        "quote_requested",
        QuoteRequested,
        "A buyer asked a seller for a quote from their profile (Q1).",
    ),
    EventType(
        "custom_offer_sent",
        CustomOfferSent,
        "The seller asked answered a quote request with a custom offer (Q2, Q3).",
    ),
    EventType(
        "custom_offer_declined", CustomOfferDeclined, "The buyer declined a custom offer (Q2)."
    ),
)
