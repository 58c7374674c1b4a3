"""Shapes the gateway itself owns: tokens, health, the clock."""

from marshmallow import Schema, fields, validate

from microtache.money import MoneyField


class TokenSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class ClockAdvanceSchema(Schema):
    seconds = fields.Integer(required=True, strict=True, validate=validate.Range(1, 366 * 86400))


class ClockSchema(Schema):
    now = fields.String()
    offset_seconds = fields.Float()


class ErrorSchema(Schema):
    class Body(Schema):
        code = fields.String()
        message = fields.String()
        details = fields.Dict()

    error = fields.Nested(Body)


class WithdrawalRequestSchema(Schema):
    """The body of a withdrawal; the `Idempotency-Key` header names the request."""

    amount = MoneyField(required=True)
