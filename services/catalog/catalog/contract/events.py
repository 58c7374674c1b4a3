"""Every event the catalog publishes, and the deadline it asks the scheduler for
(`deadline_requested` itself is the shared kit's: microtache.contract.DeadlineRequested).

Producers dump through `EVENTS` (`uow.publish`); consumers read with
`payload_of(catalog.contract.GigPublished(), event)`: fields a newer catalog adds
are ignored.
"""

from marshmallow import fields, validate

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

from catalog.contract.gigs import STATUSES, TIERS
from catalog.contract.moderation import REASONS
from catalog.contract.sellers import SELLER_LEVELS

LEVEL_REVIEW_DUE = "seller_level_review_fell_due"  # the deadline catalog asks for (C7)


class UserSignedUp(Contract):
    user_id = fields.String(required=True)
    username = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)


class SellerProfileUpdated(Contract):
    user_id = fields.String(required=True)
    accepts_quotes = fields.Boolean(required=True)
    on_vacation = fields.Boolean(required=True)
    country = fields.String(required=True, allow_none=True)
    languages = fields.List(fields.String(), required=True)


class GigPackage(Contract):
    tier = fields.String(required=True, validate=validate.OneOf(TIERS))
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)
    revisions = fields.Integer(required=True)


class GigExtra(Contract):
    name = fields.String(required=True)
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)


class GigFacts(Contract):
    """What other services keep of a gig (orders take prices and days from here)."""

    gig_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    seller_username = fields.String(required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    ships_physical_item = fields.Boolean(required=True)
    packages = fields.List(fields.Nested(GigPackage), required=True)
    extras = fields.List(fields.Nested(GigExtra), required=True)


class GigPublished(GigFacts):
    pass


class GigUpdated(GigFacts):
    pass


class GigArchived(Contract):
    gig_id = fields.String(required=True)
    seller_id = fields.String(required=True)


class GigGalleryChanged(Contract):
    """A gig's gallery changed (C1): catalog itself makes the thumbnails its images
    lack, in the background, once the change is committed."""

    gig_id = fields.String(required=True)
    seller_id = fields.String(required=True)
    images = fields.List(fields.String(), required=True)  # upload ids, in order


class SellerLevelChanged(Contract):
    user_id = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(SELLER_LEVELS))
    previous_level = fields.String(required=True, validate=validate.OneOf(SELLER_LEVELS))


class GigReported(Contract):
    report_id = fields.String(required=True)
    gig_id = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(REASONS))


class SellerLevelReviewFellDue(Contract):
    """scheduler `seller_level_review_fell_due`: the deadline catalog asked for (C7)."""

    user_id = fields.String(required=True)
    key = fields.String()
    due_at = fields.AwareDateTime(required=True)


EVENTS = events(
    "catalog",
    EventType(
        "user_signed_up",
        UserSignedUp,
        "A1: an account was created (payments opens its ledger accounts, P1).",
    ),
    EventType(
        "seller_profile_updated",
        SellerProfileUpdated,
        "C6: quotes, vacation, country or languages changed (requests' R rules).",
    ),
    EventType(
        "gig_published",
        GigPublished,
        "C1, C2: a gig is on offer with its packages and extras (orders' terms, O1).",
    ),
    EventType(
        "gig_updated", GigUpdated, "C1, C2: a gig changed, paused or resumed (orders' terms, O1)."
    ),
    EventType(
        "gig_archived",
        GigArchived,
        "C1, C9: a gig left the catalog for good (its seller, or moderation).",
    ),
    EventType(
        "gig_gallery_changed",
        GigGalleryChanged,
        "C1: a gig's gallery changed (catalog makes its images' thumbnails).",
    ),
    EventType(
        "seller_level_changed",
        SellerLevelChanged,
        "C7: a seller's level changed (payments' clearance, P3).",
    ),
    EventType("gig_reported", GigReported, "C9: a gig was reported to moderation."),
)
