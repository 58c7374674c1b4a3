"""Password hashing with Argon2id (argon2-cffi), never by hand; strength by zxcvbn.

Argon2 is slow by design (tens of milliseconds of CPU): each hash and check runs in
eventlet's pool of OS threads (argon2-cffi lets go of the GIL meanwhile), so that the
catalog's other requests, searches included, go on while someone signs in.
"""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventlet import tpool
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the rest adds strength anyway

# what an unknown user's password is checked against: the same Argon2 work as for a
# known user, so that the answer's timing does not tell which usernames exist
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password):
    return tpool.execute(_hasher.hash, password)


def verify_password(password_hash, password):
    try:
        return tpool.execute(_hasher.verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_unknown_user(password):
    """As long as `verify_password` for a real account; always False."""
    verify_password(_DUMMY_HASH, password)
    return False


def strength(password, user_inputs=()):
    """(score 0-4, warning) by zxcvbn: common passwords, words, names, keyboard
    patterns, repeats, and the user's own name and e-mail."""
    result = zxcvbn(
        password[:ZXCVBN_MAX_LENGTH], user_inputs=[u[:ZXCVBN_MAX_LENGTH] for u in user_inputs if u]
    )
    return result["score"], result["feedback"].get("warning") or ""
