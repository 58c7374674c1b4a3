"""Favourites (C8), reports and their moderation (C9), and the pages they come in."""

from marshmallow import Schema, fields, validate

from catalog.contract.common import CURSOR

REASONS = ("spam", "scam", "harassment", "misinformation", "inappropriate")
OPEN, RESOLVED = "open", "resolved"
DISMISS, REMOVE_GIG = "dismiss", "remove_gig"
ACTIONS = (DISMISS, REMOVE_GIG)
MAX_TEXT = 1000


class PageSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50))
    cursor = fields.String(load_default=None, validate=CURSOR)


class FavouritesQuerySchema(PageSchema):
    pass


class FavouriteSchema(Schema):
    id = fields.String()
    title = fields.String()
    seller = fields.String()
    price = fields.Dict()
    status = fields.String()


class ReportSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(REASONS))
    details = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class ReportViewSchema(Schema):
    id = fields.String()
    gig_id = fields.String()
    reporter_id = fields.String()
    reason = fields.String()
    details = fields.String()
    status = fields.String()
    resolution = fields.String(allow_none=True)
    note = fields.String(attribute="resolution_note")
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)


class ReportsQuerySchema(PageSchema):
    status = fields.String(load_default=OPEN, validate=validate.OneOf([OPEN, RESOLVED]))


class ReportResolutionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    note = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
