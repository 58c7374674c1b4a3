"""Accounts (A1): one account both buys and sells; a few are admins."""
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

USER, ADMIN = "user", "admin"
USERNAME = re.compile(r"^[a-z0-9][a-z0-9_]{2,29}$")
MIN_PASSWORD_LENGTH = 8


@dataclass(eq=False)
class User:
    username: str
    email: str
    password_hash: str
    created_at: datetime
    role: str = USER
    country: str | None = None
    languages: list = field(default_factory=list)
    accepts_quotes: bool = True
    on_vacation: bool = False
    level: str = "new"
    rating: float | None = None
    review_count: int = 0
    last_seen_at: datetime | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def is_admin(self):
        return self.role == ADMIN


def username_problem(username):
    if not USERNAME.match(username):
        return ("3 to 30 characters: lower-case letters, digits and underscores, "
                "starting with a letter or digit.")
    return None
