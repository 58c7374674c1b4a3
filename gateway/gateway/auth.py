"""Signed access tokens (PyJWT): the gateway signs them at sign-in and checks
them on every private call; services get the caller's identity, never an id
the client claims as "me".

No key lives in the source (issue 15, item 1): `JWT_SECRET`, else, in
development only, the key generated once for the data folder
(`microtache.config.jwt_secret`); production refuses to start without it.

A valid signature is not enough: the account must still exist (and not be
disabled). `KnownCallers` asks catalog (`get_account`) and remembers the answer
for `CALLER_TTL_SECONDS`, in a bounded memory, so a busy caller costs one RPC
every 30 s, not one per request; the role comes from catalog's answer, not from
the token, so a demoted admin stops being one within those 30 s.
"""

import logging
import os
import sys
import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from nameko.extensions import DependencyProvider

from microtache.config import MissingSecret, jwt_secret, setting
from microtache.errors import NotFound, Unauthenticated
from microtache.outages import is_outage

log = logging.getLogger(__name__)

ALGORITHM = "HS256"
ISSUER = "microtache"
CALLER_TTL_SECONDS = 30.0  # how long an account's answer is trusted
CALLER_STALE_SECONDS = 300.0  # ...and how long a known one still is while catalog is down
CALLER_CACHE_SIZE = 10_000  # accounts remembered at most (least recently used go first)


def signing_key(config):
    """`microtache.config.jwt_secret`, read once per setting (not a file read per request)."""
    return _signing_key(
        config.get("JWT_SECRET") or "",
        setting(config, "MICROTACHE_ENV"),
        os.path.abspath(setting(config, "DATA_DIR")),
    )


@lru_cache(maxsize=8)
def _signing_key(key, environment, data_dir):
    return jwt_secret({"JWT_SECRET": key, "MICROTACHE_ENV": environment, "DATA_DIR": data_dir})


def token_ttl(config):
    return timedelta(seconds=int(config.get("TOKEN_TTL_SECONDS") or 3600))


def issue_token(user, config):
    now = datetime.now(UTC)  # security tokens run on real time, not the movable clock
    claims = {
        "sub": user["id"],
        "username": user["username"],
        "role": user["role"],
        "iss": ISSUER,
        "iat": now,
        "exp": now + token_ttl(config),
    }
    return {
        "access_token": jwt.encode(claims, signing_key(config), algorithm=ALGORITHM),
        "token_type": "bearer",
        "expires_in": int(token_ttl(config).total_seconds()),
    }


def caller_from(request, config, query_token=False):
    """The caller the token names (signature, issuer and expiry checked); whether that
    account still exists is `KnownCallers.verify`'s question. With `query_token`, the
    token may come as `?access_token=` instead (a browser's EventSource sends no header)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if query_token and not header and request.args.get("access_token"):
        scheme, token = "bearer", request.args["access_token"]
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Sign in and send 'Authorization: Bearer <token>'.")
    try:
        claims = jwt.decode(
            token,
            signing_key(config),
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The token has expired; sign in again.") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("The token is not valid.") from None
    if not isinstance(claims["sub"], str):
        raise Unauthenticated("The token is not valid.")
    return {
        "id": claims["sub"],
        "username": claims.get("username"),
        "role": claims.get("role", "user"),
    }


def refuse_to_start(message):
    """One clear line on stderr, and a non-zero exit (no traceback to read through)."""
    sys.stderr.write(f"microtache: {message}\n")
    sys.stderr.flush()
    os._exit(78)  # EX_CONFIG


class KnownCallers(DependencyProvider):
    """Checks at setup that tokens can be checked at all (production: `JWT_SECRET`),
    then remembers which accounts exist: `verify(caller, accounts)` with `accounts`
    the worker's RPC proxy to catalog."""

    def setup(self):
        try:
            signing_key(self.container.config)
        except MissingSecret as exc:
            refuse_to_start(str(exc))
        self.known = OrderedDict()  # user id -> (monotonic time, caller or None)

    def get_dependency(self, worker_ctx):
        return self

    def verify(self, caller, accounts):
        """The caller as catalog knows it now ({"id", "username", "role"}), or
        Unauthenticated if the account does not exist or is disabled."""
        user_id, now = caller["id"], time.monotonic()
        seen = self.known.get(user_id)
        if seen is not None and now - seen[0] < CALLER_TTL_SECONDS:
            self.known.move_to_end(user_id)
            known = seen[1]
        else:
            try:
                known = self._ask(caller, accounts)
            except Exception as exc:
                if (
                    is_outage(exc)
                    and seen is not None
                    and seen[1] is not None
                    and now - seen[0] < CALLER_STALE_SECONDS
                ):
                    log.warning(
                        "catalog did not answer for caller %s: using what it said %.0f s ago",
                        user_id,
                        now - seen[0],
                    )
                    return seen[1]
                raise
            self.known[user_id] = (now, known)
            self.known.move_to_end(user_id)
            while len(self.known) > CALLER_CACHE_SIZE:
                self.known.popitem(last=False)
        if known is None:
            raise Unauthenticated(
                "The token's account does not exist or is disabled; sign in again."
            )
        return known

    @staticmethod
    def _ask(caller, accounts):
        """Catalog's answer for the token's account (a system query: `get_account(id)`,
        asked before this caller is trusted); None when it has none, or a disabled one."""
        try:
            account = accounts.get_account(caller["id"])
        except NotFound:
            return None
        if account.get("disabled") or account.get("active") is False:
            return None
        return {
            "id": account["id"],
            "username": account.get("username"),
            "role": account.get("role") or "user",
        }
