"""The arguments of payments' RPCs: those the gateway validates HTTP bodies and queries
with, and those orders (pay_for_order, pay_for_order_extra) and reviews (pay_tip) send.
Unknown fields are refused (a plain Schema): a command says exactly what it means."""

from marshmallow import Schema, fields, validate

from microtache.money import MoneyField

from payments.contract.limits import (
    CURSOR_MAX_LENGTH,
    ID_MAX_LENGTH,
    LEVEL_MAX_LENGTH,
    PAGE_MAX,
    PAYMENT_MAX,
    REQUEST_ID_MAX_LENGTH,
    TIP_MAX,
    WITHDRAWAL_MAX,
)

ID = dict(required=True, validate=validate.Length(min=1, max=ID_MAX_LENGTH))
METHOD_ID = dict(
    load_default=None, allow_none=True, validate=validate.Length(min=1, max=ID_MAX_LENGTH)
)
CURSOR = dict(
    load_default=None, allow_none=True, validate=validate.Length(min=1, max=CURSOR_MAX_LENGTH)
)


class AddPaymentMethodSchema(Schema):
    # 16 digits, spaced or dashed as printed (OpenAPI states it); a number whose check
    # digit (Luhn) is wrong is well-formed, and refused as 422 by the card processor
    card_number = fields.String(
        required=True,
        validate=[
            validate.Length(min=16, max=23),
            validate.Regexp(r"^[ -]*([0-9][ -]*){16}$", error="16 digits, spaces and dashes."),
        ],
    )


class PaymentMethodIdSchema(Schema):
    """A card of the caller's, named in a path."""

    payment_method_id = fields.String(**ID)


class OrderPaymentSchema(Schema):
    """orders' `pay_for_order` (P2): the buyer pays an order's price and fee into escrow."""

    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    price = MoneyField(required=True, maximum=PAYMENT_MAX)
    payment_method_id = fields.String(**METHOD_ID)


class ExtraPaymentSchema(Schema):
    """A paid extra the seller added to an order (O7), paid by the order's buyer."""

    extra_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    amount = MoneyField(required=True, maximum=PAYMENT_MAX)
    payment_method_id = fields.String(**METHOD_ID)


class TipSchema(Schema):
    """reviews' `pay_tip` (T2, T3)."""

    tip_id = fields.String(**ID)
    order_id = fields.String(**ID)
    buyer_id = fields.String(**ID)
    seller_id = fields.String(**ID)
    order_price = MoneyField(required=True, maximum=PAYMENT_MAX)
    amount = MoneyField(required=True, maximum=TIP_MAX)
    payment_method_id = fields.String(**METHOD_ID)
    seller_level = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=LEVEL_MAX_LENGTH)
    )


class WithdrawalRequestSchema(Schema):
    """The body of a withdrawal (P6); the `Idempotency-Key` header names the request."""

    amount = MoneyField(required=True, maximum=WITHDRAWAL_MAX)


class WithdrawalSchema(WithdrawalRequestSchema):
    request_id = fields.String(
        required=True, validate=validate.Length(min=1, max=REQUEST_ID_MAX_LENGTH)
    )


class TransactionsQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_MAX))
    cursor = fields.String(**CURSOR)
