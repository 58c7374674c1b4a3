"""Accounts (A1, A2): sign-up, sign-in and its throttle, the account and its profile,
"seen online"."""

from datetime import timedelta

from microtache.errors import Conflict, InvalidInput, NotFound, RuleViolation, TooManyRequests

from catalog.adapters.passwords import hash_password, strength, verify_password, verify_unknown_user
from catalog.domain import sign_in as throttle
from catalog.domain.accounts import ADMIN, User, normalise_email, password_problem, username_problem

TAKEN = "That username or email is already taken."


def sign_up(uow, data, role="user", check_password=True):
    """A1: a new account. E-mails are one account whatever their case; the password
    must pass the policy (`accounts.password_problem`). The development admin, whose
    password the configuration sets, skips the policy (`check_password=False`)."""
    problem = username_problem(data["username"])
    if problem:
        raise InvalidInput("The account is not valid.", {"username": [problem]})
    email = normalise_email(data["email"])
    if uow.accounts.username_or_email_taken(data["username"], email):
        raise Conflict(TAKEN)
    if check_password:
        problem = password_problem(
            data["password"],
            strength(data["password"], [data["username"], email, email.split("@")[0]]),
        )
        if problem:
            # well-formed (the schema, and OpenAPI, state its length), but guessable: a
            # rule no JSON Schema can state (issue 15, item 8), so 422, not 400
            raise RuleViolation("The password is too weak.", {"password": [problem]})
    user = User(
        username=data["username"],
        email=email,
        password_hash=hash_password(data["password"]),
        role=role,
        country=data.get("country"),
        languages=data.get("languages") or [],
        created_at=uow.now(),
    )
    if not uow.accounts.add_new(user):  # another replica took the name or e-mail since
        raise Conflict(TAKEN)
    uow.publish(
        "user_signed_up", {"user_id": user.id, "username": user.username, "country": user.country}
    )
    return user


def sign_in_check(uow, username, client_address):
    """A1, before the password is checked: refused (429) while the account or the
    client address has too many recent failures; else the account, or None when
    no account has that name (then a dummy hash is checked, the same work)."""
    accounts = uow.accounts
    now = uow.now()
    since = now - throttle.WINDOW
    wait = throttle.retry_after(
        accounts.sign_in_failures(throttle.account_key(username), since),
        accounts.sign_in_failures(throttle.address_key(client_address), since),
        now,
    )
    if wait is not None:
        raise TooManyRequests(
            "Too many failed sign-ins; try again later.", {"retry_after_seconds": wait}
        )
    user = accounts.user_by_username(username)
    return None if user is None else (user.id, user.password_hash)


def password_matches(found, password):
    """Argon2 either way: a known account's hash, or a dummy one for an unknown name."""
    if found is None:
        return verify_unknown_user(password)
    return verify_password(found[1], password)


def sign_in_failed(uow, username, client_address):
    now = uow.now()
    uow.accounts.record_sign_in_failure(
        [throttle.account_key(username), throttle.address_key(client_address)],
        now,
        now - throttle.WINDOW,
    )


def signed_in(uow, user_id, username):
    """The right password: the account's failures are forgotten (the address's are not)."""
    uow.accounts.forget_sign_in_failures(throttle.account_key(username))
    user = uow.accounts.user(user_id)
    user.last_seen_at = uow.now()
    uow.gigs.seller_changed(user)  # "online now" in search (C5)
    return user


def account(uow, user_id):
    user = uow.accounts.user(user_id)
    if user is None:
        raise NotFound("No such account.")
    return user


def contact(uow, user_id):
    """N4: how to reach the person by e-mail, and in which language (the inbox asks)."""
    return account(uow, user_id)


def update_profile(uow, user_id, changes):
    """C6: the owner changes their profile; a change of nothing is refused."""
    if not changes:
        raise InvalidInput(
            "Nothing to change: give at least one field of the profile.",
            {"_schema": ["At least one field is required."]},
        )
    user = account(uow, user_id)
    for name, value in changes.items():
        setattr(user, name, value)
    uow.gigs.seller_changed(user)  # country and languages filter search (C5)
    uow.publish(
        "seller_profile_updated",
        {
            "user_id": user.id,
            "accepts_quotes": user.accepts_quotes,
            "on_vacation": user.on_vacation,
            "country": user.country,
            "languages": user.languages,
        },
    )
    return user


SEEN_REFRESH = timedelta(seconds=30)  # closer sightings than this change nothing


def seen_online(uow, user_id):
    """The user was just active (gateway `user_seen`): last seen now, online in search."""
    user = uow.accounts.user(user_id)
    now = uow.now()
    if user is not None and (user.last_seen_at is None or now - user.last_seen_at >= SEEN_REFRESH):
        user.last_seen_at = now
        uow.gigs.seller_changed(user)
    return user


def ensure_admin(uow, password, email="admin@microtache.local"):
    """Development settings only: an `admin` account to approve and moderate."""
    if uow.accounts.user_by_username("admin") is None:
        sign_up(
            uow,
            {"username": "admin", "email": email, "password": password},
            role=ADMIN,
            check_password=False,
        )
