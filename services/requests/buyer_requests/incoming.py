"""The events this service reads, each loaded with its producer's contract (issue 16):
a producer may add fields (they are dropped), never remove one we need. The envelope
(event_id, occurred_at, ...) comes along as published (`payload_of`)."""
from marshmallow import fields

from microtache.contract import Contract
from microtache.events import payload_of

from buyer_requests import contract
from orders import contract as orders
from reviews import contract as reviews
from scheduler import contract as scheduler


class catalog:  # noqa: N801  (until catalog.contract is committed: what we read of its events)
    class UserSignedUp(Contract):
        user_id = fields.String(required=True)
        username = fields.String(required=True)

    class GigPublished(Contract):
        gig_id = fields.String(required=True)
        seller_id = fields.String(required=True)
        seller_username = fields.String(load_default=None)
        category = fields.String(required=True)
        subcategory = fields.String(required=True)
        status = fields.String(required=True)

    GigUpdated = GigPublished

    class GigArchived(Contract):
        gig_id = fields.String(required=True)
        seller_id = fields.String(required=True)

    class SellerProfileUpdated(Contract):
        user_id = fields.String(required=True)
        accepts_quotes = fields.Boolean(required=True)
        on_vacation = fields.Boolean(required=True)

    class SellerLevelChanged(Contract):
        user_id = fields.String(required=True)
        level = fields.String(required=True)


def offer_ordered(event):
    """orders `offer_ordered` (Q2, R7)."""
    return payload_of(orders.OfferOrdered(), event)


def expiry_reached(event):
    """scheduler `request_expiry_reached` (R5): the payload we asked for (our own contract),
    with the scheduler's `key` and `due_at` (its contract)."""
    return {**payload_of(contract.RequestExpiryPayload(), event),
            **payload_of(scheduler.DeadlineReached(), event)}


def user_signed_up(event):
    return payload_of(catalog.UserSignedUp(), event)


def gig_facts(event):
    """catalog `gig_published` and `gig_updated`: the same facts."""
    schema = catalog.GigUpdated() if event.get("event_type") == "gig_updated" else \
        catalog.GigPublished()
    return payload_of(schema, event)


def gig_archived(event):
    return payload_of(catalog.GigArchived(), event)


def seller_profile_updated(event):
    return payload_of(catalog.SellerProfileUpdated(), event)


def seller_level_changed(event):
    return payload_of(catalog.SellerLevelChanged(), event)


def seller_rating_changed(event):
    """reviews `seller_rating_changed` (V6)."""
    return payload_of(reviews.SellerRatingChanged(), event)
