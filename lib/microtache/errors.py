"""The errors a caller may expect, shared by every service and the gateway.

A service raises one of these from its domain; Nameko carries it over RPC and,
because each class is registered with `deserialize_to_instance`, the gateway
gets the same class back and turns it into the JSON envelope
`{"error": {"code", "message", "details"}}` with the class's HTTP status.
"""

from __future__ import annotations

from typing import Any

from nameko.exceptions import deserialize_to_instance


class MicrotacheError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, details or {})
        self.message = message
        self.details = details or {}

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
