"""The errors a caller may expect, shared by every service and the gateway.

A service raises one of these from its domain; Nameko carries it over RPC and,
because each class is registered with `deserialize_to_instance`, the gateway
gets the same class back and turns it into the JSON envelope
`{"error": {"code", "message", "details"}}` with the class's HTTP status.
"""

from __future__ import annotations

import json
from typing import Any

from nameko.exceptions import deserialize_to_instance


class MicrotacheError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | str | None = None) -> None:
        if isinstance(details, str):  # as it crossed RPC (below)
            details = json.loads(details)
        self.message = message
        self.details = details or {}
        # Nameko's `serialize` turns every scalar of `args` but a string into text
        # (`safe_for_serialization`): 3993 would reach the caller as "3993", None as
        # "None". The details cross as JSON text instead, and come back as they were.
        super().__init__(message, json.dumps(self.details, default=str))

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


@deserialize_to_instance
class InvalidInput(MicrotacheError):
    """The request is malformed; `details` maps each field to its messages."""

    status, code = 400, "invalid_input"


@deserialize_to_instance
class Unauthenticated(MicrotacheError):
    status, code = 401, "unauthenticated"


@deserialize_to_instance
class PaymentFailed(MicrotacheError):
    status, code = 402, "payment_failed"


@deserialize_to_instance
class Forbidden(MicrotacheError):
    status, code = 403, "forbidden"


@deserialize_to_instance
class NotFound(MicrotacheError):
    status, code = 404, "not_found"


@deserialize_to_instance
class Conflict(MicrotacheError):
    """A rule forbids the action now (the state may allow it later)."""

    status, code = 409, "conflict"


@deserialize_to_instance
class RuleViolation(MicrotacheError):
    """Well-formed, but a business rule refuses it (a limit, a bound)."""

    status, code = 422, "rule_violation"


@deserialize_to_instance
class TooManyRequests(MicrotacheError):
    """Too many attempts (sign-in throttling): `details["retry_after_seconds"]` says
    when to try again; the gateway sends it as `Retry-After`."""

    status, code = 429, "too_many_requests"


@deserialize_to_instance
class ServiceUnavailable(MicrotacheError):
    """Another service did not answer in time."""

    status, code = 503, "service_unavailable"


EXPECTED = (
    InvalidInput,
    Unauthenticated,
    PaymentFailed,
    Forbidden,
    NotFound,
    Conflict,
    RuleViolation,
    TooManyRequests,
)
"""What `@rpc(expected_exceptions=EXPECTED)` declares: not logged as failures."""
