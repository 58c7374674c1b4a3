"""The shapes of the payments service's arguments, replies (the gateway publishes them in
OpenAPI), the payloads of the events it publishes and those of the events it handles."""
from datetime import UTC

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from microtache.money import MoneyField
from microtache.service import CallerSchema  # noqa: F401  (the shared one, A2)

from payments.domain.policies import POLICIES


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
    # 16 digits, spaced or dashed as printed (OpenAPI states it); a number whose check
    # digit (Luhn) is wrong is well-formed, and refused as 422 by the card processor
    card_number = fields.String(required=True, validate=[
        validate.Length(min=16, max=23),
        validate.Regexp(r"^[ -]*([0-9][ -]*){16}$", error="16 digits, spaces and dashes.")])


ID = dict(required=True, validate=validate.Length(min=1, max=36))
METHOD_ID = dict(load_default=None, allow_none=True, validate=validate.Length(min=1, max=36))
CURSOR = dict(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))


class OrderPaymentSchema(Schema):
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    price = MoneyField(required=True, maximum=POLICIES.payment_max)
    payment_method_id = fields.String(**METHOD_ID)


class ExtraPaymentSchema(Schema):
    """A paid extra the seller added to an order (O7), paid by the order's buyer."""
    extra_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    amount = MoneyField(required=True, maximum=POLICIES.payment_max)
    payment_method_id = fields.String(**METHOD_ID)


class TipSchema(Schema):
    tip_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    order_price = MoneyField(required=True, maximum=POLICIES.payment_max)
    amount = MoneyField(required=True, maximum=POLICIES.tip_max)
    payment_method_id = fields.String(**METHOD_ID)
    seller_level = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(min=1, max=20))


class WithdrawalRequestSchema(Schema):
    """The body of a withdrawal (P6); the `Idempotency-Key` header names the request."""
    amount = MoneyField(required=True, maximum=POLICIES.withdrawal_max)


class WithdrawalSchema(WithdrawalRequestSchema):
    request_id = fields.String(required=True, validate=validate.Length(min=1, max=60))


class TransactionsQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(**CURSOR)


# --- replies ------------------------------------------------------------------------

class PaymentMethodSchema(Schema):
    id = fields.String()
    brand = fields.String()
    last4 = fields.String()
    is_default = fields.Boolean()        # charged when a payment names no card (T3)
    created_at = fields.AwareDateTime()


class PaymentMethodListSchema(Schema):
    """The caller's cards, newest first, the default marked."""
    results = fields.List(fields.Nested(PaymentMethodSchema))


class PaymentMethodIdSchema(Schema):
    """A card of the caller's, named in a path."""
    payment_method_id = fields.String(**ID)


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


# --- events handled (loaded with microtache.events.payload_of: a malformed one is parked) ---
# Only the fields payments uses are read; the others, and any added later, are left out.

class IncomingEventSchema(Schema):
    """The envelope every event carries (docs/messaging.md)."""
    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True, validate=validate.Length(min=1))
    event_type = fields.String()
    occurred_at = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    version = fields.Integer()


class UserSignedUpEventSchema(IncomingEventSchema):
    """catalog `user_signed_up`: the user's ledger accounts open (P1)."""
    user_id = fields.String(**ID)


class SellerLevelChangedEventSchema(IncomingEventSchema):
    """catalog `seller_level_changed`: the seller's level, which sets clearance (P3). When
    it happened orders the changes (an older one never overrides a newer one)."""
    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    user_id = fields.String(**ID)
    level = fields.String(required=True, validate=validate.Length(min=1, max=20))


class OrderCompletedEventSchema(IncomingEventSchema):
    """orders `order_completed` (O10): the completion is booked (P3)."""
    order_id = fields.String(**ID)


class OrderCancelledEventSchema(IncomingEventSchema):
    """orders `order_cancelled` (O8, O9, O11): a paid order is refunded (P4)."""
    order_id = fields.String(**ID)
    reason = fields.String(load_default=None, allow_none=True)


class EarningsClearedEventSchema(IncomingEventSchema):
    """scheduler `earnings_cleared`, the deadline payments asked for: an order's or a tip's
    earnings leave clearance (P3)."""
    order_id = fields.String(load_default=None, validate=validate.Length(min=1, max=36))
    tip_id = fields.String(load_default=None, validate=validate.Length(min=1, max=36))

    @validates_schema
    def _one_cause(self, data, **kwargs):
        if (data.get("order_id") is None) == (data.get("tip_id") is None):
            raise ValidationError("Either order_id or tip_id.")
