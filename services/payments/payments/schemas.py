"""The shapes of the payments service's replies (the gateway publishes them in OpenAPI)."""
from marshmallow import Schema, fields

from microtache.money import MoneyField


class BalanceSchema(Schema):
    """A user's money, each an amount of minor units with its currency."""
    buyer_balance = MoneyField(positive=False)       # spendable on orders and tips
    pending_clearance = MoneyField(positive=False)   # earnings in clearance (P3)
    available = MoneyField(positive=False)           # withdrawable (P6)
    withdrawn = MoneyField(positive=False)           # paid out so far


class LedgerCheckSchema(Schema):
    balanced = fields.Boolean()
    transactions = fields.Integer()
    unbalanced = fields.List(fields.String())
