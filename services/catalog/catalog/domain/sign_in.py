"""Sign-in throttling (A1): failed attempts counted per account and per client
address in a sliding window, kept in the catalog's database so that every
replica sees the same counts."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
ACCOUNT_FAILURES = 5  # then the account is locked...
ACCOUNT_LOCK = timedelta(minutes=1)  # ...1 minute, doubling with each further failure...
ACCOUNT_LOCK_MAX = WINDOW  # ...up to 15 minutes
ADDRESS_FAILURES = 20  # per client address, whatever the accounts tried


def account_key(username: str | None) -> str:
    """The account as throttled: the name typed, known or not (an unknown name is
    throttled alike, so that throttling tells nothing about which names exist)."""
    return _key("account", (username or "").strip().lower())


def address_key(address: str | None) -> str | None:
    return _key("address", address.strip()) if address and address.strip() else None


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def retry_after(
    account_failures: Iterable[datetime], address_failures: Iterable[datetime], now: datetime
) -> int | None:
    """Seconds before another attempt may be made (None: now), given the times of
    the recent failures of the account and of the address (within WINDOW)."""
    waits = []
    account_failures = sorted(t for t in account_failures if t > now - WINDOW)
    if len(account_failures) >= ACCOUNT_FAILURES:
        doublings = min(len(account_failures) - ACCOUNT_FAILURES, 16)
        lock = min(ACCOUNT_LOCK * 2**doublings, ACCOUNT_LOCK_MAX)
        waits.append(account_failures[-1] + lock - now)
    address_failures = sorted(t for t in address_failures if t > now - WINDOW)
    if len(address_failures) >= ADDRESS_FAILURES:
        # allowed again when the window holds fewer than ADDRESS_FAILURES failures
        waits.append(address_failures[len(address_failures) - ADDRESS_FAILURES] + WINDOW - now)
    wait = max(waits, default=timedelta(0))
    return math.ceil(wait.total_seconds()) if wait > timedelta(0) else None
