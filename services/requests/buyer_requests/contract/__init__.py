"""The requests service's contract: the schemas of its RPC arguments and replies and of
every event it publishes (issue 16). It imports only marshmallow and the shared kit, and
is all that anything outside the service may import of it."""

from buyer_requests.contract.bounds import CUSTOM_OFFER, EXPIRY_EVENT, OFFER_KINDS, REQUEST_OFFER
from buyer_requests.contract.events import (
    EVENTS,
    BuyerRequestApproved,
    BuyerRequestExpired,
    BuyerRequestRejected,
    CustomOfferDeclined,
    CustomOfferSent,
    OfferSubmitted,
    QuoteRequested,
    RequestExpiryPayload,
)
from buyer_requests.contract.ordering import (
    OfferTerms,
    OfferTermsQuery,
    OfferTermsQuerySchema,
    OfferTermsSchema,
)
from buyer_requests.contract.quotes import (
    CustomOfferCreateSchema,
    CustomOfferSchema,
    QuoteRequestCreateSchema,
    QuoteRequestPageSchema,
    QuoteRequestSchema,
    QuoteRequestsQuerySchema,
)
from buyer_requests.contract.requests import (
    AdminRequestsQuerySchema,
    BuyerRequestCreateSchema,
    BuyerRequestPageSchema,
    BuyerRequestSchema,
    MyRequestsQuerySchema,
    OfferCreateSchema,
    OfferListSchema,
    OfferSchema,
    OffersQuerySchema,
    OpenRequestPageSchema,
    OpenRequestSchema,
    OpenRequestsQuerySchema,
    OrderOfferSchema,
    RejectionSchema,
)
from buyer_requests.contract.shapes import AttachmentSchema, PageSchema
from buyer_requests.contract.uploads import QUOTE_ATTACHMENT, REQUEST_ATTACHMENT, UPLOAD_USES

__all__ = [
    "EVENTS",
    "CUSTOM_OFFER",
    "EXPIRY_EVENT",
    "OFFER_KINDS",
    "REQUEST_OFFER",
    "BuyerRequestApproved",
    "BuyerRequestExpired",
    "BuyerRequestRejected",
    "CustomOfferDeclined",
    "CustomOfferSent",
    "OfferSubmitted",
    "QuoteRequested",
    "RequestExpiryPayload",
    "OfferTerms",
    "OfferTermsQuery",
    "OfferTermsQuerySchema",
    "OfferTermsSchema",
    "CustomOfferCreateSchema",
    "CustomOfferSchema",
    "QuoteRequestCreateSchema",
    "QuoteRequestPageSchema",
    "QuoteRequestSchema",
    "QuoteRequestsQuerySchema",
    "AdminRequestsQuerySchema",
    "BuyerRequestCreateSchema",
    "BuyerRequestPageSchema",
    "BuyerRequestSchema",
    "MyRequestsQuerySchema",
    "OfferCreateSchema",
    "OfferListSchema",
    "OfferSchema",
    "OffersQuerySchema",
    "OpenRequestPageSchema",
    "OpenRequestSchema",
    "OpenRequestsQuerySchema",
    "OrderOfferSchema",
    "RejectionSchema",
    "AttachmentSchema",
    "PageSchema",
    "QUOTE_ATTACHMENT",
    "REQUEST_ATTACHMENT",
    "UPLOAD_USES",
]
