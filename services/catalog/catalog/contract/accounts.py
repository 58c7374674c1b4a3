"""Accounts (A1, A2): sign-up, sign-in, the account and its profile."""

import re

from marshmallow import Schema, fields, validate

from microtache.fields import StrictBoolean, not_blank

from catalog.contract.common import COUNTRY, LANGUAGE

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_]{2,29}$")
USERNAME_RULE = (
    "3 to 30 characters: lower-case letters, digits and underscores, "
    "starting with a letter or digit."
)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


class SignUpSchema(Schema):
    username = fields.String(
        required=True,
        validate=[validate.Length(3, 30), validate.Regexp(USERNAME, error=USERNAME_RULE)],
    )
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=[
            validate.Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH),
            not_blank("Not only spaces."),
        ],
    )
    country = fields.String(load_default=None, allow_none=True, validate=COUNTRY)
    languages = fields.List(
        fields.String(validate=LANGUAGE), load_default=list, validate=validate.Length(max=10)
    )


class SignInSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(1, 128))


class ProfileUpdateSchema(Schema):
    country = fields.String(allow_none=True, validate=COUNTRY)
    languages = fields.List(fields.String(validate=LANGUAGE), validate=validate.Length(max=10))
    accepts_quotes = StrictBoolean()
    on_vacation = StrictBoolean()


class AccountSchema(Schema):
    """An account (`get_account`, `sign_up`, `update_profile`); the gateway reads
    `get_account(account_id)` before it trusts a token's caller. A reader loads it with
    `AccountSchema(unknown=EXCLUDE)`: fields a newer catalog adds are ignored (the
    schema itself states no more than it sends, so OpenAPI keeps it closed)."""

    id = fields.String()
    username = fields.String()
    email = fields.String()
    role = fields.String()
    country = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    accepts_quotes = fields.Boolean()
    on_vacation = fields.Boolean()
    level = fields.String()
    rating = fields.Float(allow_none=True)
    review_count = fields.Integer()
    last_seen_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()


class ContactSchema(Schema):
    """How to reach a person (`contact`): a system query, for the inbox's e-mails (N4);
    the gateway exposes it to nobody. `languages` in the person's order of preference."""

    username = fields.String()
    email = fields.String()
    languages = fields.List(fields.String())


class PublicAccountSchema(AccountSchema):
    class Meta:
        exclude = ("email", "role", "on_vacation")
