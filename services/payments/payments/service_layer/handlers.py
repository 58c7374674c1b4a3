"""One function per command, query or event of payments: load, apply the domain, store, publish."""
from microtache.errors import NotFound

from payments.adapters.repository import Ledger
from payments.domain import ledger

# How get_balance names each of a user's accounts.
BALANCE_NAMES = {
    ledger.BUYER_BALANCE: "buyer_balance",
    ledger.SELLER_PENDING: "pending_clearance",
    ledger.SELLER_AVAILABLE: "available",
    ledger.SELLER_WITHDRAWN: "withdrawn",
}


def open_user_accounts(uow, event):
    """catalog `user_signed_up`: open the user's ledger accounts (P1), then publish
    `accounts_opened`. Opening only the missing ones keeps it idempotent even
    beyond `handle_once` (another event for the same user changes nothing)."""
    user_id = event["user_id"]
    repository = Ledger(uow.session)
    existing = {account.kind for account in repository.accounts_of(user_id)}
    accounts = ledger.open_user_accounts(user_id, existing_kinds=existing)
    if accounts:
        repository.add_accounts(accounts)
        uow.publish("accounts_opened", {"user_id": user_id})
    return accounts


def post_transaction(uow, cause_type, cause_id, postings):
    """Book a balanced transaction (P1) for a cause at most once (P7).

    `postings` is a list of (Account, Money). A cause already booked returns the
    transaction booked then and books nothing; two workers racing on the same
    cause meet the unique key on (cause_type, cause_id), and the loser's retry
    finds the winner's transaction.
    """
    repository = Ledger(uow.session)
    booked = repository.transaction_for(cause_type, str(cause_id))
    if booked is not None:
        return booked, False
    transaction = ledger.transaction(cause_type, cause_id, postings, uow.now())
    repository.add_transaction(transaction)
    return transaction, True


def balance(uow, user_id):
    balances = Ledger(uow.session).balances_of(user_id)
    if not balances:
        raise NotFound("This user has no payment accounts.", {"user_id": user_id})
    return {name: balances.get(kind, ledger.balance([])) for kind, name in BALANCE_NAMES.items()}


def check_ledger(uow):
    """The P1 audit: every transaction's entries balance."""
    count, unbalanced = 0, []
    for transaction_id, amounts in Ledger(uow.session).transaction_amounts():
        count += 1
        if ledger.balance_problem(amounts):
            unbalanced.append(transaction_id)
    return {"balanced": not unbalanced, "transactions": count, "unbalanced": unbalanced}
