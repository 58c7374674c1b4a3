"""The replies of payments' RPCs: the gateway publishes them in OpenAPI; orders reads
the receipts, completion and refund, reviews the tip receipt (tolerant readers)."""

from marshmallow import fields

from microtache.contract import Contract
from microtache.money import MoneyField


class BalanceSchema(Contract):
    """A user's money, each an amount of minor units with its currency."""

    buyer_balance = MoneyField(positive=False)  # spendable on orders and tips
    pending_clearance = MoneyField(positive=False)  # earnings in clearance (P3)
    available = MoneyField(positive=False)  # withdrawable (P6)
    withdrawn = MoneyField(positive=False)  # paid out so far


class LedgerCheckSchema(Contract):
    balanced = fields.Boolean()
    transactions = fields.Integer()
    unbalanced = fields.List(fields.String())


class LedgerCheckDetailSchema(LedgerCheckSchema):
    negative_balances = fields.List(fields.List(fields.String()))  # [owner_id, kind]
    finished_escrows_not_empty = fields.List(fields.String())  # order ids


class PaymentMethodSchema(Contract):
    id = fields.String()
    brand = fields.String()
    last4 = fields.String()
    is_default = fields.Boolean()  # charged when a payment names no card (T3)
    created_at = fields.AwareDateTime()


class PaymentMethodListSchema(Contract):
    """The caller's cards, newest first, the default marked."""

    results = fields.List(fields.Nested(PaymentMethodSchema))


class OrderReceiptSchema(Contract):
    """`pay_for_order`'s and `order_payment`'s reply (P2)."""

    order_id = fields.String()
    price = MoneyField()
    fee = MoneyField(positive=False)
    total = MoneyField()
    from_balance = MoneyField(positive=False)
    from_card = MoneyField(positive=False)


class ExtraReceiptSchema(OrderReceiptSchema):
    """`price` is the extra's; `fee` and `total` are this payment's."""

    extra_id = fields.String()


class CompletionSchema(Contract):
    """`complete_order`'s reply (P3)."""

    order_id = fields.String()
    earnings = MoneyField(positive=False)
    commission = MoneyField(positive=False)
    fee = MoneyField(positive=False)
    completed_at = fields.AwareDateTime()
    clears_at = fields.AwareDateTime()


class RefundSchema(Contract):
    """`cancel_order`'s and `support_cancel_completed_order`'s reply (P4, P5)."""

    order_id = fields.String()
    refunded = MoneyField()
    clawed_back = MoneyField()
    # where the seller's earnings came back from (support cancellation only):
    # limits.FROM_AVAILABLE or limits.FROM_PENDING
    source = fields.String(data_key="from", attribute="from")


class TipReceiptSchema(Contract):
    """`pay_tip`'s reply (T2, T3)."""

    tip_id = fields.String()
    order_id = fields.String()
    amount = MoneyField()
    fee = MoneyField(positive=False)
    total = MoneyField()
    from_balance = MoneyField(positive=False)
    from_card = MoneyField(positive=False)
    seller_earnings = MoneyField(positive=False)
    clears_at = fields.AwareDateTime()


class WithdrawalReceiptSchema(Contract):
    id = fields.String()
    request_id = fields.String()
    amount = MoneyField()
    created_at = fields.AwareDateTime()


class EntrySchema(Contract):
    account = fields.String()
    amount = MoneyField(positive=False)


class TransactionSchema(Contract):
    id = fields.String()
    cause_type = fields.String()
    cause_id = fields.String()
    created_at = fields.AwareDateTime()
    entries = fields.List(fields.Nested(EntrySchema))


class TransactionPageSchema(Contract):
    results = fields.List(fields.Nested(TransactionSchema))
    next_cursor = fields.String(allow_none=True)
