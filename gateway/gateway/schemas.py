"""Shapes the gateway itself owns: tokens, errors, the withdrawal header's body."""

from marshmallow import Schema, fields

from microtache.money import MoneyField


class TokenSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class ErrorSchema(Schema):
    class Body(Schema):
        code = fields.String()
        message = fields.String()
        details = fields.Dict()

    error = fields.Nested(Body)


class WithdrawalRequestSchema(Schema):
    """The body of a withdrawal; the `Idempotency-Key` header names the request."""

    amount = MoneyField(required=True)
