"""Signed access tokens (PyJWT): the gateway signs them at sign-in and checks
them on every private call; services get the caller's identity, never an id
the client claims as "me"."""
import os
from datetime import datetime, timedelta, timezone

import jwt

from microtache.config import is_production
from microtache.errors import Unauthenticated

ALGORITHM = "HS256"
ISSUER = "microtache"
DEVELOPMENT_SECRET = "development-only-secret-change-me-0123456789"


def signing_key(config):
    key = config.get("JWT_SECRET") or os.environ.get("JWT_SECRET")
    if key:
        return key
    if is_production(config):
        raise RuntimeError("JWT_SECRET must be set in production")
    return DEVELOPMENT_SECRET


def token_ttl(config):
    return timedelta(seconds=int(config.get("TOKEN_TTL_SECONDS") or 3600))


def issue_token(user, config):
    now = datetime.now(timezone.utc)   # security tokens run on real time, not the movable clock
    claims = {"sub": user["id"], "username": user["username"], "role": user["role"],
              "iss": ISSUER, "iat": now, "exp": now + token_ttl(config)}
    return {"access_token": jwt.encode(claims, signing_key(config), algorithm=ALGORITHM),
            "token_type": "bearer", "expires_in": int(token_ttl(config).total_seconds())}


def caller_from(request, config):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Sign in and send 'Authorization: Bearer <token>'.")
    try:
        claims = jwt.decode(token, signing_key(config), algorithms=[ALGORITHM], issuer=ISSUER,
                            options={"require": ["sub", "exp", "iss"]})
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The token has expired; sign in again.")
    except jwt.InvalidTokenError:
        raise Unauthenticated("The token is not valid.")
    return {"id": claims["sub"], "username": claims.get("username"), "role": claims.get("role", "user")}
