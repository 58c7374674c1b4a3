"""The orders service's replies: the order page, its lists and messages, and the facts
other services read (`OrderFacts`). Readers ignore fields they do not know."""

from marshmallow import fields, validate

from microtache.contract import Contract
from microtache.money import MoneyField

from orders.contract.statuses import STATUSES


class PartySchema(Contract):
    id = fields.String()
    username = fields.String()


class TimelineEntrySchema(Contract):
    at = fields.AwareDateTime()
    actor = fields.String()
    action = fields.String()
    status = fields.String()
    note = fields.String(allow_none=True)


class StoredFileSchema(Contract):
    upload_id = fields.String()  # none for a file delivered before uploads
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class KeptFileSchema(StoredFileSchema):
    """A delivered file as orders keeps it, for the gateway only (`delivered_file`): its
    storage key says where its bytes are (API.md "Files"); never the bytes themselves."""

    key = fields.String()


class DeliveryReplySchema(Contract):
    id = fields.String()
    message = fields.String()
    files = fields.List(fields.Nested(StoredFileSchema))
    draft = fields.Boolean()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class ExtensionReplySchema(Contract):
    id = fields.String()
    days = fields.Integer()
    message = fields.String()
    state = fields.String()
    created_at = fields.AwareDateTime()
    answer_by = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)


class CancellationReplySchema(Contract):
    id = fields.String()
    opened_by = fields.String()
    reason = fields.String()
    explanation = fields.String()
    state = fields.String()
    created_at = fields.AwareDateTime()
    answer_by = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)


class ExtraOfferReplySchema(Contract):
    id = fields.String()
    description = fields.String()
    price = MoneyField()
    days = fields.Integer()
    state = fields.String()
    created_at = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)


class OrderSummarySchema(Contract):
    id = fields.String()
    status = fields.String()
    title = fields.String()
    buyer = fields.Nested(PartySchema)
    seller = fields.Nested(PartySchema)
    price = MoneyField()
    created_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)
    completed_at = fields.AwareDateTime(allow_none=True)
    starred = fields.Boolean()


class OrderSchema(OrderSummarySchema):
    """The order page (O14, O15): its terms, dates, deadlines, timeline and requests."""

    source = fields.Dict()  # {"kind": gig|custom_offer|request_offer, "id"}
    gig_id = fields.String(allow_none=True)
    package = fields.String(allow_none=True)
    extras = fields.List(fields.Dict())
    ships_physical_item = fields.Boolean()
    delivery_days = fields.Integer()
    revisions_included = fields.Integer()
    revisions_used = fields.Integer()
    requirements = fields.String(allow_none=True)
    started_at = fields.AwareDateTime(allow_none=True)
    delivered_at = fields.AwareDateTime(allow_none=True)
    review_ends_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    cancellation_reason = fields.String(allow_none=True)
    time_left_seconds = fields.Integer(allow_none=True)  # O15; negative once late
    earnings = MoneyField(positive=False, allow_none=True)  # O15: the seller's, once completed
    deadlines = fields.Dict(keys=fields.String(), values=fields.AwareDateTime())
    allowed_actions = fields.List(fields.String())
    timeline = fields.List(fields.Nested(TimelineEntrySchema))
    deliveries = fields.List(fields.Nested(DeliveryReplySchema))
    extension_requests = fields.List(fields.Nested(ExtensionReplySchema))
    cancellation_requests = fields.List(fields.Nested(CancellationReplySchema))
    extra_offers = fields.List(fields.Nested(ExtraOfferReplySchema))


class OrderPageSchema(Contract):
    results = fields.List(fields.Nested(OrderSummarySchema))
    next_cursor = fields.String(allow_none=True)


class OrderMessageReplySchema(Contract):
    id = fields.String()
    sender = fields.String(attribute="sender_role")
    sender_id = fields.String()
    text = fields.String()
    files = fields.List(fields.Nested(StoredFileSchema))
    created_at = fields.AwareDateTime()


class OrderMessagePageSchema(Contract):
    results = fields.List(fields.Nested(OrderMessageReplySchema))
    next_cursor = fields.String(allow_none=True)


class Party(Contract):
    id = fields.String(required=True)
    username = fields.String(required=True, allow_none=True)


class OrderFacts(Contract):
    """`order_facts(order_id)`: what another service (reviews) needs of an order. The
    same names as the order page's, so `OrderFacts().load(page)` reads a page too."""

    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    buyer = fields.Nested(Party, required=True)
    seller = fields.Nested(Party, required=True)
    price = MoneyField(required=True)
    completed_at = fields.AwareDateTime(required=True, allow_none=True)


__all__ = [
    "CancellationReplySchema",
    "DeliveryReplySchema",
    "ExtensionReplySchema",
    "ExtraOfferReplySchema",
    "OrderMessagePageSchema",
    "OrderMessageReplySchema",
    "OrderFacts",
    "OrderPageSchema",
    "OrderSchema",
    "OrderSummarySchema",
    "Party",
    "PartySchema",
    "KeptFileSchema",
    "StoredFileSchema",
    "TimelineEntrySchema",
]
