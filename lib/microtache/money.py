"""Money as integer minor units with an ISO currency code: never a float."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from marshmallow import Schema, fields, post_load, validate


@dataclass(frozen=True, order=True)
class Money:
    amount: int
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError(f"money amount must be an int of minor units, not {self.amount!r}")

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def percent(self, basis_points: int) -> Money:
        """This amount times basis_points / 10000, rounded half up to the cent."""
        numerator = self.amount * basis_points
        return Money((numerator + 5000) // 10000, self.currency)

    @classmethod
    def zero(cls, currency: str = "USD") -> Money:
        return cls(0, currency)

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Money:
        """The `{"amount", "currency"}` another service sent (already validated there)."""
        return cls(int(data["amount"]), data.get("currency", "USD"))


MAX_AMOUNT = 100_000_000
"""The ceiling of any single amount anyone may send ($1,000,000 in cents): far above
every business bound (each policy sets its own, lower), far below where a sum of
amounts could overflow a 64-bit column. `MoneyField(maximum=...)` lowers it."""


class MoneySchema(Schema):
    amount = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=-MAX_AMOUNT, max=MAX_AMOUNT)
    )
    currency = fields.String(load_default="USD", validate=validate.OneOf(["USD"]))

    @post_load
    def make(self, data: Mapping[str, Any], **kwargs: Any) -> Money:
        return Money(data["amount"], data["currency"])


@cache
def bounded_money_schema(minimum: int, maximum: int) -> type[MoneySchema]:
    """A MoneySchema whose amount lies in [minimum, maximum]: one class per pair of
    bounds, so that the OpenAPI document states each field's own bounds."""
    low = {1: "Positive", -MAX_AMOUNT: ""}.get(minimum, f"From{minimum}")
    name = f"Money{low}UpTo{maximum}"
    amount = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=minimum, max=maximum)
    )
    return type(name, (MoneySchema,), {"amount": amount})


class MoneyField(fields.Nested):
    """A `{"amount", "currency"}` object in JSON, a Money in Python: positive (or not,
    or at least `minimum`), and at most `maximum` minor units (never above MAX_AMOUNT)."""

    def __init__(
        self,
        *,
        positive: bool = True,
        minimum: int | None = None,
        maximum: int = MAX_AMOUNT,
        **kwargs: Any,
    ) -> None:
        self.positive = positive
        self.maximum = min(maximum, MAX_AMOUNT)
        self.minimum = minimum if minimum is not None else (1 if positive else -MAX_AMOUNT)
        super().__init__(bounded_money_schema(self.minimum, self.maximum), **kwargs)

    def _serialize(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        """`(value, attr, obj)`, which marshmallow passes positionally: its `Field` names
        the first `value` and its `Nested` `nested_obj`, so no one signature matches both."""
        value: Money | None = args[0]
        return None if value is None else value.to_dict()
