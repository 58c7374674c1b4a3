"""What other services read of a gig (`get_gig`'s reply, as orders prices an order
from it, O1): a tolerant reader of `GigSchema`'s reply. Fields a newer catalog adds,
at the top or in a package (its `description`), are ignored; `GigSchema` itself
stays closed, so OpenAPI states exactly what it sends (`additionalProperties: false`)."""

from marshmallow import fields

from microtache.contract import Contract

from catalog.contract.events import GigExtra, GigPackage


class GigTerms(Contract):
    """`GigTerms().load(catalog.get_gig(gig_id))`: prices are Money once loaded."""

    id = fields.String(required=True)
    seller_id = fields.String(required=True)
    seller = fields.String(required=True)  # the seller's username
    title = fields.String(required=True)
    status = fields.String(required=True)
    packages = fields.List(fields.Nested(GigPackage), required=True)
    extras = fields.List(fields.Nested(GigExtra), load_default=list)
    ships_physical_item = fields.Boolean(load_default=False)
