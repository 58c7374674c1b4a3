"""What orders asks the requests service: an offer's terms (`offer_terms`, Q2, R7).

    requests.offer_terms(kind, offer_id)     # the buyer is the call's caller (A2)

`OfferTermsQuery` validates the arguments, `OfferTerms` is the reply: orders loads it
with this schema (a tolerant reader: fields added later are dropped).
"""

from marshmallow import fields, validate

from microtache.contract import Contract
from microtache.money import MoneyField

from buyer_requests.contract.bounds import OFFER_KINDS
from buyer_requests.contract.shapes import ID


class OfferTermsQuery(Contract):
    """`offer_terms(kind, offer_id, buyer_id=None)`: `buyer_id`, if given, must be the
    caller's (it is the caller's when left out)."""

    kind = fields.String(required=True, validate=validate.OneOf(OFFER_KINDS))
    offer_id = fields.String(**ID)
    buyer_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=36)
    )


class OfferTerms(Contract):
    """The terms an order from this offer is placed at."""

    offer_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(OFFER_KINDS))
    seller_id = fields.String(required=True)
    seller_username = fields.String(load_default=None, allow_none=True)
    buyer_id = fields.String(required=True)
    price = MoneyField(required=True)
    delivery_days = fields.Integer(required=True)
    revisions = fields.Integer(required=True)
    description = fields.String(required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)


OfferTermsQuerySchema = OfferTermsQuery  # the names before issue 16
OfferTermsSchema = OfferTerms
