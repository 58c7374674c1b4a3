"""Sellers' withdrawals of available earnings (P6)."""

from microtache import metrics
from microtache.errors import Conflict, RuleViolation

from payments.domain import ledger, policies, postings
from payments.domain.orders import Withdrawal
from payments.service_layer.booking import post_transaction


def withdraw(uow, seller_id, amount, request_id):
    """P6: available -> external_payouts. The available account's row is locked
    before its balance is read, so two concurrent withdrawals never overdraw; the
    unique (seller, day) key backs the one-a-day limit. Cause ("withdrawal",
    "<seller_id>:<request_id>"): a repeated request answers the first. Returns the
    `Withdrawal`."""
    existing = uow.payments.withdrawal(seller_id, request_id)
    if existing is not None:
        return existing
    available_account = uow.ledger.account(
        seller_id, ledger.SELLER_AVAILABLE, amount.currency, lock=True
    )
    available = uow.ledger.balance_of(available_account)
    now = uow.now()
    day = now.date().isoformat()
    problem = policies.withdrawal_problem(
        amount, available, uow.payments.withdrawals_on(seller_id, day)
    )
    if problem:
        kind, message, details = problem
        raise (Conflict if kind == "daily" else RuleViolation)(message, details)
    record = Withdrawal(
        seller_id=seller_id,
        request_id=request_id,
        currency=amount.currency,
        amount=amount.amount,
        day=day,
        created_at=now,
    )
    post_transaction(
        uow,
        "withdrawal",
        f"{seller_id}:{request_id}",
        postings.withdrawal(
            available_account,
            uow.ledger.platform_account(ledger.EXTERNAL_PAYOUTS, amount.currency),
            amount,
        ),
    )
    uow.payments.add(record)
    metrics.count_money(metrics.MONEY_WITHDRAWN, uow, amount)
    uow.publish(
        "withdrawal_sent",
        {
            "withdrawal_id": record.id,
            "seller_id": seller_id,
            "amount": amount,
            "sent_at": now,
        },
    )
    return record
