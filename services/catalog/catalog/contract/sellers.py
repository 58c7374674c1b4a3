"""Sellers (C6, C7): their public profile, and the levels they hold."""

from marshmallow import Schema, fields

from microtache.money import MoneyField

from catalog.contract.accounts import PublicAccountSchema

NEW, LEVEL_ONE, LEVEL_TWO, TOP_RATED, PRO = "new", "level_one", "level_two", "top_rated", "pro"
SELLER_LEVELS = (NEW, LEVEL_ONE, LEVEL_TWO, TOP_RATED, PRO)


class ProfileGigSchema(Schema):
    id = fields.String()
    title = fields.String()
    category = fields.String()
    subcategory = fields.String()
    price = MoneyField()  # the gig's starting price
    created_at = fields.AwareDateTime()


class SellerProfileSchema(PublicAccountSchema):
    """A seller's public profile (C6), with the figures of their level (C7), whether
    they are online now (C5's rule) and on vacation."""

    class Meta:
        exclude = ("email", "role")  # on_vacation is public here (C6)

    online = fields.Boolean()  # seen in the last 5 minutes (C5, C6)
    gigs = fields.List(fields.Nested(ProfileGigSchema))  # the seller's active gigs
    completed_orders = fields.Integer()
    on_time_rate = fields.Float(allow_none=True)
