"""What catalog tells payments about its users: their ledger accounts open (P1), and a
seller's level, which sets how long their earnings clear (P3)."""

import logging

from payments.domain import ledger, policies
from payments.domain.orders import DEFAULT_SELLER_LEVEL, SellerLevel

log = logging.getLogger(__name__)


def open_user_accounts(uow, event):
    """catalog `user_signed_up`: open the user's ledger accounts (P1), then publish
    `accounts_opened`. Opening only the missing ones keeps it idempotent even
    beyond `handle_once` (another event for the same user changes nothing)."""
    user_id = event["user_id"]
    existing = {account.kind for account in uow.ledger.accounts_of(user_id)}
    accounts = ledger.open_user_accounts(user_id, existing_kinds=existing)
    if accounts:
        uow.ledger.add_accounts(accounts)
        uow.publish("accounts_opened", {"user_id": user_id})
    return accounts


def record_seller_level(uow, event):
    """catalog `seller_level_changed`: keep the seller's level, which sets how long their
    earnings clear (P3). A change older than the one kept (events may arrive out of
    order) changes nothing."""
    level, changed_at = policies.normal_level(event["level"]), event["occurred_at"]
    known = uow.payments.seller_level(event["user_id"])
    if known is None:
        uow.payments.add(SellerLevel(user_id=event["user_id"], level=level, updated_at=changed_at))
    elif not known.change(level, changed_at):
        log.info("seller_level_changed for %s older than the level kept", event["user_id"])
    return level


def seller_level_of(uow, seller_id):
    """The seller's level as catalog last told it; a seller it never mentioned is new."""
    known = uow.payments.seller_level(seller_id)
    return known.level if known is not None else DEFAULT_SELLER_LEVEL
