"""Gigs (C1, C2): what a seller publishes, and the gig other services read
(`get_gig`: orders take a gig's terms from it)."""

from marshmallow import Schema, fields, validate

from microtache.fields import StrictBoolean, not_blank
from microtache.money import MoneyField

from catalog.contract.common import CURSOR, MAX_ATTRIBUTES, BoundedMoney, bounded_money_schema, slug
from catalog.contract.gallery import GalleryInputSchema, GallerySchema

TIERS = ("basic", "standard", "premium")
ACTIVE, PAUSED, ARCHIVED = "active", "paused", "archived"
STATUSES = (ACTIVE, PAUSED, ARCHIVED)

MAX_DESCRIPTION = 500  # C2
TITLE_LENGTH = (15, 80)  # product
PRICE_BOUNDS = (500, 1_000_000)  # $5 (001: "Services de base à 5 $") .. $10,000 (product)
EXTRA_PRICE_BOUNDS = (500, 1_000_000)  # an extra too: $5 .. $10,000 (product, as Fiverr)
EXTRA_DAYS = (0, 30)  # product
DELIVERY_DAYS = (1, 90)  # product
MAX_REVISIONS = 20  # product
MAX_EXTRAS = 10  # product
MAX_PACKAGES = 3  # C1: basic, standard, premium

# C2: a title of 15 to 80 characters once its surrounding spaces are stripped (at most 80
# with them), a description with something written in it
# (15 once stripped is the domain's, 422: schemathesis 4.32 rewrites a pattern that
# counts characters between two non-blank ones into one that does not mean the same)
TITLE = [validate.Length(TITLE_LENGTH[0], TITLE_LENGTH[1]), not_blank("Give the gig a title.")]
DESCRIPTION = [validate.Length(1, MAX_DESCRIPTION), not_blank("Describe the service.")]

PackagePriceSchema = bounded_money_schema("PackagePriceSchema", *PRICE_BOUNDS)
ExtraPriceSchema = bounded_money_schema("ExtraPriceSchema", *EXTRA_PRICE_BOUNDS)


class PackageSchema(Schema):
    tier = fields.String(required=True, validate=validate.OneOf(TIERS))
    price = BoundedMoney(PackagePriceSchema, PRICE_BOUNDS, required=True)
    delivery_days = fields.Integer(
        required=True, strict=True, validate=validate.Range(*DELIVERY_DAYS)
    )
    revisions = fields.Integer(
        required=True, strict=True, validate=validate.Range(0, MAX_REVISIONS)
    )
    description = fields.String(load_default="", validate=validate.Length(max=300))


class ExtraSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 80))
    price = BoundedMoney(ExtraPriceSchema, EXTRA_PRICE_BOUNDS, required=True)
    delivery_days = fields.Integer(
        load_default=0, strict=True, validate=validate.Range(*EXTRA_DAYS)
    )


class GigCreateSchema(Schema):
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(required=True, validate=DESCRIPTION)
    category = fields.String(required=True, validate=slug())
    subcategory = fields.String(required=True, validate=slug())
    packages = fields.List(
        fields.Nested(PackageSchema), required=True, validate=validate.Length(1, MAX_PACKAGES)
    )
    extras = fields.List(
        fields.Nested(ExtraSchema), load_default=list, validate=validate.Length(max=MAX_EXTRAS)
    )
    attributes = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=slug()),
        load_default=dict,
        validate=validate.Length(max=MAX_ATTRIBUTES),
    )
    tags = fields.List(
        fields.String(validate=validate.Length(1, 30)),
        load_default=list,
        validate=validate.Length(max=5),
    )
    ships_physical_item = StrictBoolean(load_default=False)
    accepts_remote_work = StrictBoolean(load_default=True)
    shows_reviews = StrictBoolean(load_default=True)
    gallery = fields.Nested(
        GalleryInputSchema, load_default=lambda: {"images": [], "document": None}
    )


class GigSchema(GigCreateSchema):
    """A gig (`get_gig`, and every gig command's reply). Another service (orders, for a
    gig's terms) reads it through `contract.terms.GigTerms`, which ignores fields a newer
    catalog adds (this schema states no more than it sends, so OpenAPI keeps it closed)."""

    id = fields.String()
    # the seller's username, from the reply's view (a dict); a Function, as ever, so
    # that OpenAPI states it as before (read-only)
    seller = fields.Function(lambda view: view["seller"])
    seller_id = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()
    gallery = fields.Nested(GallerySchema)  # each file with its link (C1)
    online = fields.Boolean()  # the seller is online now (C5, C6)


class GigUpdateSchema(Schema):
    """A change to a gig: GigCreateSchema's fields, all optional and without defaults
    (what is absent stays as it is); `status` pauses or reactivates it."""

    title = fields.String(validate=TITLE)
    description = fields.String(validate=DESCRIPTION)
    category = fields.String(validate=slug())
    subcategory = fields.String(validate=slug())
    packages = fields.List(fields.Nested(PackageSchema), validate=validate.Length(1, MAX_PACKAGES))
    extras = fields.List(fields.Nested(ExtraSchema), validate=validate.Length(max=MAX_EXTRAS))
    attributes = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=slug()),
        validate=validate.Length(max=MAX_ATTRIBUTES),
    )
    tags = fields.List(
        fields.String(validate=validate.Length(1, 30)), validate=validate.Length(max=5)
    )
    ships_physical_item = StrictBoolean()
    accepts_remote_work = StrictBoolean()
    shows_reviews = StrictBoolean()
    status = fields.String(validate=validate.OneOf([ACTIVE, PAUSED]))
    gallery = fields.Nested(GalleryInputSchema)  # the whole gallery, replaced


class OwnGigsQuerySchema(Schema):
    """`list_own_gigs`: the caller's gigs, every status but archived unless `status` asks."""

    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50))
    cursor = fields.String(load_default=None, validate=CURSOR)


class OwnGigSchema(Schema):
    """One of the seller's own gigs, whatever its status."""

    id = fields.String()
    title = fields.String()
    category = fields.String()
    subcategory = fields.String()
    status = fields.String()
    price = MoneyField()  # the starting price
    created_at = fields.AwareDateTime()
    thumbnail_url = fields.String(allow_none=True)  # the cover image's (C1), or null


class OwnGigPageSchema(Schema):
    results = fields.List(fields.Nested(OwnGigSchema))
    next_cursor = fields.String(allow_none=True)
