"""Accounts (A1): one account both buys and sells; a few are admins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from catalog.contract.accounts import (  # noqa: F401  (the contract states them)
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    USERNAME,
    USERNAME_RULE,
)

USER, ADMIN = "user", "admin"
MIN_PASSWORD_SCORE = 2  # zxcvbn's 0-4: 2 is "somewhat guessable" (1e8 guesses), product
ONLINE_WINDOW = timedelta(minutes=5)  # C5, C6: "online now" is seen in the last 5 minutes


def online_since(now: datetime) -> datetime:
    """C5, C6: the earliest `last_seen_at` of someone online now (search's `online`
    filter compares the gigs' copies of it in the database)."""
    return now - ONLINE_WINDOW


def is_online(last_seen_at: datetime | None, now: datetime) -> bool:
    """C5, C6: "online now", the same rule as search's `online` filter."""
    return last_seen_at is not None and last_seen_at >= online_since(now)


def normalise_email(email: str) -> str:
    """E-mails are one account whatever their case (stored and compared lower-case)."""
    return email.strip().lower()


def password_problem(password: str, strength: tuple[int, str | None]) -> str | None:
    """The password policy: `strength` is (score 0-4, warning) from a maintained
    estimator (zxcvbn, with its lists of common passwords, names and words)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"At least {MIN_PASSWORD_LENGTH} characters."
    if not password.strip():
        return "Not only spaces."
    score, warning = strength
    if score < MIN_PASSWORD_SCORE:
        reason = warning or "It is too easy to guess."
        return f"{reason} Choose a longer phrase of uncommon words."
    return None


@dataclass(eq=False)
class User:
    username: str
    email: str
    password_hash: str = field(repr=False)  # never in a log line or a traceback
    created_at: datetime
    role: str = USER
    country: str | None = None
    languages: list[str] = field(default_factory=list)
    accepts_quotes: bool = True
    on_vacation: bool = False
    level: str = "new"
    rating: float | None = None
    review_count: int = 0
    last_seen_at: datetime | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def username_problem(username: str) -> str | None:
    if not USERNAME.match(username):
        return USERNAME_RULE
    return None
