"""The orders service's commands: RPC arguments (the gateway validates HTTP bodies with
them and publishes them in OpenAPI). Unknown fields are refused (no mass assignment)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from microtache.fields import StrictBoolean
from microtache.money import MoneyField

from orders.contract.events import SOURCE_KINDS
from orders.contract.policies import CANCELLATION_REASONS, POLICIES
from orders.contract.statuses import BUYER, SELLER, SELLER_LISTS
from orders.contract.uploads import MAX_DELIVERY_FILES, MAX_MESSAGE_FILES

TEXT = validate.Length(min=1, max=5000)
ID = validate.Length(min=1, max=36)
CURSOR = validate.Length(min=1, max=200)
UPLOAD_ID = validate.Length(min=1, max=64)  # an upload's id (API.md "Files")


class OfferSourceSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(SOURCE_KINDS[1:]))
    id = fields.String(required=True, validate=ID)


class PlaceOrderSchema(Schema):
    """From a gig's package with extras (by name), or from an offer (O1)."""

    class Meta:
        # the document states what `one_source` checks (gateway/openapi.py)
        openapi_one_of = (
            {"required": ["gig_id", "package"], "not": {"required": ["offer"]}},
            {
                "required": ["offer"],
                "not": {"anyOf": [{"required": ["gig_id"]}, {"required": ["package"]}]},
            },
        )

    gig_id = fields.String(validate=ID)
    package = fields.String(validate=validate.OneOf(["basic", "standard", "premium"]))
    extras = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    offer = fields.Nested(OfferSourceSchema)
    payment_method_id = fields.String(load_default=None, allow_none=True, validate=ID)

    @validates_schema
    def one_source(self, data, **kwargs):
        if ("offer" in data) == ("gig_id" in data):
            raise ValidationError("Give either gig_id and package, or offer.", "gig_id")
        if ("gig_id" in data) != ("package" in data):
            raise ValidationError("Which package: basic, standard or premium.", "package")


class RequirementsSchema(Schema):
    text = fields.String(required=True, validate=TEXT)


class DeliverySchema(Schema):
    """O3: a message and files, each an upload (`POST /v1/uploads`, use `delivery`, at
    most 1 GB) named by its id; no file needs `confirm_no_files`."""

    class Meta:
        # the document states O3 (the handler refuses it with 422, gateway/openapi.py)
        openapi_any_of = (
            {"properties": {"files": {"minItems": 1}}, "required": ["files"]},
            {
                "properties": {"confirm_no_files": {"enum": [True]}},
                "required": ["confirm_no_files"],
            },
            {"properties": {"draft": {"enum": [True]}}, "required": ["draft"]},
        )

    message = fields.String(required=True, validate=TEXT)
    files = fields.List(
        fields.String(validate=UPLOAD_ID),
        load_default=list,
        validate=validate.Length(max=MAX_DELIVERY_FILES),
    )
    draft = StrictBoolean(load_default=False)
    confirm_no_files = StrictBoolean(load_default=False)


class RevisionRequestSchema(Schema):
    description = fields.String(required=True, validate=TEXT)


class ReviewExtensionSchema(Schema):
    days = fields.Integer(
        required=True, strict=True, validate=validate.Range(1, POLICIES.max_review_extension_days)
    )


class ExtensionRequestSchema(Schema):
    days = fields.Integer(
        required=True, strict=True, validate=validate.Range(1, POLICIES.max_extension_days)
    )
    message = fields.String(required=True, validate=TEXT)


class ExtrasSchema(Schema):
    """O7: the seller adds days at once, or offers paid extras (`price`, `description`,
    and the days they add) that the buyer accepts by paying for them."""

    class Meta:
        # what `something_added` checks, stated in the document (gateway/openapi.py)
        openapi_any_of = (
            {
                "properties": {"days": {"minimum": 1}, "price": {"enum": [None]}},
                "required": ["days"],
            },
            {
                "properties": {"price": {"type": "object"}, "description": {"type": "string"}},
                "required": ["price", "description"],
            },
        )

    days = fields.Integer(load_default=0, strict=True, validate=validate.Range(0, 30))
    price = MoneyField(load_default=None, allow_none=True, maximum=POLICIES.max_extra_price)
    description = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=500)
    )
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def something_added(self, data, **kwargs):
        if data["price"] is not None and not data["description"]:
            raise ValidationError("Say what the paid extra is.", "description")
        if data["price"] is None and data["days"] < 1:
            raise ValidationError("Add at least a day, or offer a paid extra.", "days")


class ExtraAnswerSchema(Schema):
    payment_method_id = fields.String(load_default=None, allow_none=True, validate=ID)


class CancellationRequestSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(CANCELLATION_REASONS))
    explanation = fields.String(required=True, validate=TEXT)


class VeryLateCancelSchema(Schema):
    explanation = fields.String(load_default=None, allow_none=True, validate=TEXT)


class SupportCancelSchema(Schema):
    """O11: support cancels a completed order only with evidence of no delivery."""

    evidence = fields.String(required=True, validate=validate.Length(min=10, max=5000))


class OrderMessageSchema(Schema):
    """O14: a message on the order page, with files the sender uploaded (API.md "Files")."""

    text = fields.String(required=True, validate=TEXT)
    files = fields.List(
        fields.String(validate=validate.Length(1, 64)),
        load_default=list,
        validate=validate.Length(max=MAX_MESSAGE_FILES),
    )


class OrdersQuerySchema(Schema):
    role = fields.String(load_default="buyer", validate=validate.OneOf([BUYER, SELLER]))
    filter = fields.String(load_default=None, validate=validate.OneOf(SELLER_LISTS))
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(load_default=None, validate=CURSOR)


class MessagesQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(load_default=None, validate=CURSOR)


__all__ = [
    "CancellationRequestSchema",
    "DeliverySchema",
    "ExtensionRequestSchema",
    "ExtraAnswerSchema",
    "ExtrasSchema",
    "OrderMessageSchema",
    "MessagesQuerySchema",
    "OfferSourceSchema",
    "OrdersQuerySchema",
    "PlaceOrderSchema",
    "RequirementsSchema",
    "ReviewExtensionSchema",
    "RevisionRequestSchema",
    "SupportCancelSchema",
    "VeryLateCancelSchema",
]
