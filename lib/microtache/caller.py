"""Who is asking: the signed-in user travels with the call, not as an argument (A2).

The gateway checks the bearer token, then sets the caller in Nameko's context
data (`caller.become(...)`); Nameko copies context data into the headers of
every RPC request and event a worker sends (`nameko.caller`), and into the
worker context of whoever receives them. So a service reads the caller with
one dependency provider, as Nameko's own docs/examples/auth.py does:

    class OrdersService:
        caller = Caller()

        @rpc
        def get_order(self, order_id):
            who = self.caller()          # {"id", "username", "role"}, or 401

A service never trusts a user id from a request body, and no RPC takes the
caller as an argument. Only the gateway (and tests) set it; the broker is
reachable only from inside the cluster.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from nameko.containers import WorkerContext
from nameko.extensions import DependencyProvider

from microtache.errors import InvalidInput, Unauthenticated

CONTEXT_KEY = "caller"  # Nameko context data, header `nameko.caller`


class CallerSchema(Schema):
    """The signed-in user, from the verified token (A2)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    username = fields.String(load_default="", allow_none=True)
    role = fields.String(load_default="user")


def caller_context(caller: dict[str, Any]) -> dict[str, Any]:
    """The context data that makes `caller` the caller of a standalone proxy's calls:
    `ServiceRpcProxy("orders", config, context_data=caller_context(buyer))`."""
    return {CONTEXT_KEY: {key: value for key, value in caller.items() if value is not None}}


class CallerOf:
    """The caller of one worker: `who()` (required), `who.optional()`, `who.become(...)`."""

    def __init__(self, worker_ctx: WorkerContext) -> None:
        self._context = worker_ctx.data  # `context_data` is a copy; `data` is the source

    def __call__(self) -> dict[str, Any]:
        """The signed-in caller; 401 when the call carries none."""
        caller = self.optional()
        if caller is None:
            raise Unauthenticated("Sign in: this needs a signed-in user (A2).")
        return caller

    def optional(self) -> dict[str, Any] | None:
        """The caller if the call carries one (a public query may or may not)."""
        raw = self._context.get(CONTEXT_KEY)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise InvalidInput("The call's caller is not an object.")
        try:
            return CallerSchema().load(raw)
        except ValidationError as exc:
            raise InvalidInput(
                "The call's caller is not valid.", exc.normalized_messages()
            ) from exc

    def become(self, caller: dict[str, Any]) -> None:
        """From now on this worker acts, and its RPC calls ask, as `caller` (the gateway,
        once the token is checked)."""
        self._context.update(caller_context(caller))


class Caller(DependencyProvider):
    """`caller = Caller()` on a service class; `self.caller()` in a worker."""

    def get_dependency(self, worker_ctx: WorkerContext) -> CallerOf:
        return CallerOf(worker_ctx)
