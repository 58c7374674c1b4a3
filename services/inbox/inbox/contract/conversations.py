"""Conversations (M1-M3): the schemas of their RPC arguments and replies, and the
events the inbox publishes about them."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from microtache.contract import Contract, EventType

from inbox.contract.uploads import MAX_MESSAGE_ATTACHMENTS

# --- bounds and names (product) ---------------------------------------------------------------

MAX_TEXT = 5000  # characters of one message (M2, product)
PREVIEW_CHARS = 140  # what `message_sent` carries of the text
USERNAME = validate.Length(min=1, max=64)
ID = validate.Length(min=1, max=64)

# a message's kind: written by a person, or a fact of requests shown in the pair's
# conversation (M2: Q1 and Q2)
KIND_TEXT = "text"
KIND_QUOTE_REQUEST = "quote_request"
KIND_CUSTOM_OFFER = "custom_offer"
KIND_CUSTOM_OFFER_DECLINED = "custom_offer_declined"
MESSAGE_KINDS = (KIND_TEXT, KIND_QUOTE_REQUEST, KIND_CUSTOM_OFFER, KIND_CUSTOM_OFFER_DECLINED)

# reports on messages (M3), resolved by an admin as catalog's C9 and reviews' V7 queues
REPORT_REASONS = ("spam", "abuse", "scam", "personal_information", "other")
REPORT_OPEN, REPORT_RESOLVED = "open", "resolved"
REPORT_STATUSES = (REPORT_OPEN, REPORT_RESOLVED)
REPORT_DISMISS, REPORT_REMOVE_MESSAGE = "dismiss", "remove_message"
REPORT_ACTIONS = (REPORT_DISMISS, REPORT_REMOVE_MESSAGE)
REPORT_DISMISSED, REPORT_REMOVED = "dismissed", "removed"

# --- arguments ----------------------------------------------------------------------------


class MessageCreateSchema(Schema):
    """`POST /v1/conversations/{id}/messages`: text, and optional uploads (M2); one of
    them at least."""

    class Meta:
        # what `_something` checks, stated in the document (gateway/openapi.py)
        openapi_any_of = (
            {"properties": {"text": {"pattern": r"\S"}}, "required": ["text"]},
            {"properties": {"files": {"minItems": 1}}, "required": ["files"]},
        )

    text = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    files = fields.List(
        fields.String(validate=ID),
        load_default=list,
        validate=validate.Length(max=MAX_MESSAGE_ATTACHMENTS),
    )

    @validates_schema
    def _something(self, data, **kwargs):
        if not data.get("text", "").strip() and not data.get("files"):
            raise ValidationError("A message has text or files.", "text")


class ConversationStartSchema(MessageCreateSchema):
    """`POST /v1/conversations`: write to `with` (a username), from one of their gigs
    (`gig_id`) or their profile (M1)."""

    with_ = fields.String(required=True, data_key="with", validate=USERNAME)
    gig_id = fields.String(load_default=None, allow_none=True, validate=ID)


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class ConversationsQuerySchema(PageQuerySchema):
    """`GET /v1/conversations`."""


class MessagesQuerySchema(PageQuerySchema):
    """`GET /v1/conversations/{id}/messages`: newest first; `cursor` goes further back."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class MessageReportCreateSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(REPORT_REASONS))
    details = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class MessageReportsQuerySchema(PageQuerySchema):
    status = fields.String(load_default=REPORT_OPEN, validate=validate.OneOf(REPORT_STATUSES))


class MessageReportResolutionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(REPORT_ACTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


# --- replies ------------------------------------------------------------------------------


class MessageFileSchema(Contract):
    upload_id = fields.String()
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String(allow_none=True)


class MessageSchema(Contract):
    id = fields.String()
    conversation_id = fields.String()
    sender_id = fields.String()
    sender = fields.String(allow_none=True)  # username
    kind = fields.String(validate=validate.OneOf(MESSAGE_KINDS))
    text = fields.String()  # empty once moderation removed it (M3)
    files = fields.List(fields.Nested(MessageFileSchema))
    reference_id = fields.String(allow_none=True)  # the quote request or custom offer
    gig_id = fields.String(allow_none=True)  # the gig it was written from (M1)
    created_at = fields.AwareDateTime()
    removed = fields.Boolean()


class ConversationSchema(Contract):
    id = fields.String()
    with_ = fields.String(data_key="with", attribute="with", allow_none=True)  # username
    with_id = fields.String()
    unread_count = fields.Integer()
    last_message = fields.Nested(MessageSchema, allow_none=True)
    blocked_by = fields.List(fields.String())  # usernames of who blocked whom (M3)
    can_write = fields.Boolean()  # false once the other side blocked me (M3)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class ConversationPageSchema(Contract):
    results = fields.List(fields.Nested(ConversationSchema))
    next_cursor = fields.String(allow_none=True)


class MessagePageSchema(Contract):
    conversation = fields.Nested(ConversationSchema)
    results = fields.List(fields.Nested(MessageSchema))
    next_cursor = fields.String(allow_none=True)


class PostedMessageSchema(Contract):
    """What writing answers: the conversation and the message written."""

    conversation = fields.Nested(ConversationSchema)
    message = fields.Nested(MessageSchema)


class MessageReportSchema(Contract):
    id = fields.String()
    message_id = fields.String()
    conversation_id = fields.String()
    reporter_id = fields.String()
    reason = fields.String()
    details = fields.String(allow_none=True)
    status = fields.String()
    resolution = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)


class AdminMessageReportSchema(MessageReportSchema):
    message = fields.Nested(MessageSchema)


class MessageReportPageSchema(Contract):
    results = fields.List(fields.Nested(AdminMessageReportSchema))
    next_cursor = fields.String(allow_none=True)


# --- events -------------------------------------------------------------------------------


class MessageSent(Contract):
    """A message in a conversation (M2): the notifications' "new message" (N1) and the
    live stream read it."""

    conversation_id = fields.String(required=True)
    message_id = fields.String(required=True)
    sender_id = fields.String(required=True)
    recipient_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    preview = fields.String(required=True, validate=validate.Length(max=PREVIEW_CHARS))
    file_count = fields.Integer(required=True)


CONVERSATION_EVENTS: tuple[EventType, ...] = (
    EventType(
        "message_sent",
        MessageSent,
        "M2: a message in a pair's conversation (written, or a quote request or custom offer).",
    ),
)

__all__ = [
    "CONVERSATION_EVENTS",
    "KIND_CUSTOM_OFFER",
    "KIND_CUSTOM_OFFER_DECLINED",
    "KIND_QUOTE_REQUEST",
    "KIND_TEXT",
    "MAX_TEXT",
    "MESSAGE_KINDS",
    "PREVIEW_CHARS",
    "REPORT_ACTIONS",
    "REPORT_DISMISS",
    "REPORT_DISMISSED",
    "REPORT_OPEN",
    "REPORT_REASONS",
    "REPORT_REMOVED",
    "REPORT_REMOVE_MESSAGE",
    "REPORT_RESOLVED",
    "REPORT_STATUSES",
    "AdminMessageReportSchema",
    "ConversationPageSchema",
    "ConversationSchema",
    "ConversationStartSchema",
    "ConversationsQuerySchema",
    "MessageCreateSchema",
    "MessageFileSchema",
    "MessagePageSchema",
    "MessageReportCreateSchema",
    "MessageReportPageSchema",
    "MessageReportResolutionSchema",
    "MessageReportSchema",
    "MessageReportsQuerySchema",
    "MessageSchema",
    "MessageSent",
    "MessagesQuerySchema",
    "PostedMessageSchema",
]
