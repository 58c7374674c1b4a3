"""Accounts (A1): users, and the sign-in failures that throttle them."""

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from catalog.adapters.orm import sign_in_failures
from catalog.domain.accounts import User


class Accounts:
    """`uow.accounts`."""

    def __init__(self, session):
        self.session = session

    def add_new(self, user):
        """Add a new account; False if another replica took its username or e-mail
        since the caller checked (the unique indexes say so). The error's parameters
        hold the new hash: it is dropped here, never logged."""
        taken = False
        with self.session.begin_nested():
            self.session.add(user)
            try:
                self.session.flush()
            except IntegrityError:
                taken = True
        return not taken

    def user(self, user_id):
        return self.session.get(User, user_id)

    def user_by_username(self, username):
        return self.session.scalars(select(User).where(User.username == username)).first()

    def username_or_email_taken(self, username, email):
        return (
            self.session.scalars(
                select(User.username).where(
                    or_(User.username == username, func.lower(User.email) == email.lower())
                )
            ).first()
            is not None
        )

    # sign-in throttling (A1)
    def sign_in_failures(self, key, since):
        if key is None:
            return []
        return self.session.scalars(
            select(sign_in_failures.c.failed_at).where(
                sign_in_failures.c.key == key, sign_in_failures.c.failed_at > since
            )
        ).all()

    def record_sign_in_failure(self, keys, now, forget_before):
        """One more failure for each key; failures too old to count are deleted, so
        the table holds at most the last window's."""
        self.session.execute(
            delete(sign_in_failures).where(sign_in_failures.c.failed_at <= forget_before)
        )
        self.session.execute(
            insert(sign_in_failures), [{"key": key, "failed_at": now} for key in keys if key]
        )

    def forget_sign_in_failures(self, key):
        self.session.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))
