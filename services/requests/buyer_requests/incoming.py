"""The events this service reads, each loaded with its producer's contract (issue 16):
a producer may add fields (they are dropped), never remove one we need. The envelope
(event_id, occurred_at, ...) comes along as published (`payload_of`)."""

from microtache.events import payload_of

from buyer_requests import contract
from catalog import contract as catalog
from orders import contract as orders
from reviews import contract as reviews
from scheduler import contract as scheduler


def offer_ordered(event):
    """orders `offer_ordered` (Q2, R7)."""
    return payload_of(orders.OfferOrdered(), event)


def expiry_reached(event):
    """scheduler `request_expiry_reached` (R5): the payload we asked for (our own contract),
    with the scheduler's `key` and `due_at` (its contract)."""
    return {
        **payload_of(contract.RequestExpiryPayload(), event),
        **payload_of(scheduler.DeadlineReached(), event),
    }


def user_signed_up(event):
    return payload_of(catalog.UserSignedUp(), event)


def gig_facts(event):
    """catalog `gig_published` and `gig_updated`: the same facts."""
    schema = (
        catalog.GigUpdated() if event.get("event_type") == "gig_updated" else catalog.GigPublished()
    )
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
