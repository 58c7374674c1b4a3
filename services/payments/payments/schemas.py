"""The shapes of the payments service's arguments, replies (the gateway publishes them in
OpenAPI) and the payloads of the events it publishes."""
from marshmallow import Schema, fields, validate

from microtache.money import MoneyField
from microtache.service import CallerSchema  # noqa: F401  (the shared one, A2)


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


class LedgerCheckDetailSchema(LedgerCheckSchema):
    negative_balances = fields.List(fields.List(fields.String()))   # [owner_id, kind]
    finished_escrows_not_empty = fields.List(fields.String())        # order ids


# --- commands' arguments ----------------------------------------------------------

class AddPaymentMethodSchema(Schema):
    card_number = fields.String(required=True, validate=validate.Length(min=12, max=23))


ID = dict(required=True, validate=validate.Length(min=1, max=36))


class OrderPaymentSchema(Schema):
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    price = MoneyField(required=True)
    payment_method_id = fields.String(load_default=None, allow_none=True)


class ExtraPaymentSchema(Schema):
    """A paid extra the seller added to an order (O7), paid by the order's buyer."""
    extra_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    amount = MoneyField(required=True)
    payment_method_id = fields.String(load_default=None, allow_none=True)


class TipSchema(Schema):
    tip_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    order_price = MoneyField(required=True)
    amount = MoneyField(required=True)
    payment_method_id = fields.String(load_default=None, allow_none=True)
    seller_level = fields.String(load_default=None, allow_none=True)


class WithdrawalSchema(Schema):
    amount = MoneyField(required=True)
    request_id = fields.String(required=True, validate=validate.Length(min=1, max=60))


class TransactionsQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, allow_none=True)


# --- replies ------------------------------------------------------------------------

class PaymentMethodSchema(Schema):
    id = fields.String()
    brand = fields.String()
    last4 = fields.String()


class OrderReceiptSchema(Schema):
    order_id = fields.String()
    price = MoneyField()
    fee = MoneyField(positive=False)
    total = MoneyField()
    from_balance = MoneyField(positive=False)
    from_card = MoneyField(positive=False)


class ExtraReceiptSchema(OrderReceiptSchema):
    """`price` is the extra's; `fee` and `total` are this payment's."""
    extra_id = fields.String()


class CompletionSchema(Schema):
    order_id = fields.String()
    earnings = MoneyField(positive=False)
    commission = MoneyField(positive=False)
    fee = MoneyField(positive=False)
    completed_at = fields.AwareDateTime()
    clears_at = fields.AwareDateTime()


class RefundSchema(Schema):
    order_id = fields.String()
    refunded = MoneyField()
    clawed_back = MoneyField()
    # where the seller's earnings came back from (support cancellation only)
    source = fields.String(data_key="from", attribute="from")


class TipReceiptSchema(Schema):
    tip_id = fields.String()
    order_id = fields.String()
    amount = MoneyField()
    fee = MoneyField(positive=False)
    total = MoneyField()
    from_balance = MoneyField(positive=False)
    from_card = MoneyField(positive=False)
    seller_earnings = MoneyField(positive=False)
    clears_at = fields.AwareDateTime()


class WithdrawalReceiptSchema(Schema):
    id = fields.String()
    request_id = fields.String()
    amount = MoneyField()
    created_at = fields.AwareDateTime()


class EntrySchema(Schema):
    account = fields.String()
    amount = MoneyField(positive=False)


class TransactionSchema(Schema):
    id = fields.String()
    cause_type = fields.String()
    cause_id = fields.String()
    created_at = fields.AwareDateTime()
    entries = fields.List(fields.Nested(EntrySchema))


class TransactionPageSchema(Schema):
    results = fields.List(fields.Nested(TransactionSchema))
    next_cursor = fields.String(allow_none=True)


# --- events published (the outbox adds event_id, event_type, occurred_at, version) ---
# An absent key is left out: a payload names an `order_id` or a `tip_id`.

class EarningsPendingSchema(Schema):
    """`earnings_pending`: a completed order's or a paid tip's earnings entered clearance (P3)."""
    order_id = fields.String()
    tip_id = fields.String()
    seller_id = fields.String()
    buyer_id = fields.String()
    earnings = MoneyField()
    clears_at = fields.AwareDateTime()
    completed_at = fields.AwareDateTime()    # an order's
    paid_at = fields.AwareDateTime()         # a tip's


class EarningsAvailableSchema(Schema):
    """`earnings_available`: earnings left clearance and may be withdrawn (P3, P6)."""
    order_id = fields.String()
    tip_id = fields.String()
    seller_id = fields.String()
    amount = MoneyField()


class EarningsReversedSchema(Schema):
    """`earnings_reversed`: a support cancellation took an order's earnings back (P5)."""
    order_id = fields.String()
    seller_id = fields.String()
    amount = MoneyField()


class OrderRefundedSchema(Schema):
    """`order_refunded`: an order's whole payment went back to the buyer's balance (P4, P5)."""
    order_id = fields.String()
    buyer_id = fields.String()
    amount = MoneyField()
