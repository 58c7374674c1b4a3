"""What payments shows: balances, the ledger's history and its audit, cards, an order's
completion (P1, P3, P6, P7, T3). Queries only; nothing here changes anything."""

from microtache.errors import NotFound
from microtache.money import Money
from microtache.pagination import position_cursor, position_of

from payments.domain import ledger

# How get_balance names each of a user's accounts ("withdrawn" is counted, see balance()).
BALANCE_NAMES = {
    ledger.BUYER_BALANCE: "buyer_balance",
    ledger.SELLER_PENDING: "pending_clearance",
    ledger.SELLER_AVAILABLE: "available",
}
MUST_NOT_BE_NEGATIVE = (ledger.BUYER_BALANCE, ledger.SELLER_PENDING, ledger.SELLER_AVAILABLE)


def balance(uow, user_id, currency=ledger.DEFAULT_CURRENCY):
    balances = uow.ledger.balances_of(user_id)
    if not balances:
        raise NotFound("This user has no payment accounts.", {"user_id": user_id})
    result = {
        name: balances.get(kind, Money.zero(currency)) for kind, name in BALANCE_NAMES.items()
    }
    # Withdrawals leave for external_payouts; what a seller withdrew is what they moved out.
    result["withdrawn"] = uow.ledger.credits_by_cause(
        user_id, ledger.SELLER_AVAILABLE, "withdrawal"
    ).get(currency, Money.zero(currency))
    return result


def check_ledger(uow):
    """The P1 audit: every transaction's entries balance; no user balance is
    negative; the escrow of every finished (completed, cancelled, refunded) order is empty."""
    count, unbalanced = 0, []
    for transaction_id, amounts in uow.ledger.transaction_amounts():
        count += 1
        if ledger.balance_problem(amounts):
            unbalanced.append(transaction_id)
    balances = uow.ledger.all_balances()
    negative = sorted(
        [owner, kind]
        for owner, kind, money in balances
        if kind in MUST_NOT_BE_NEGATIVE and money.amount < 0
    )
    escrows = {owner: money for owner, kind, money in balances if kind == ledger.ESCROW}
    finished_not_empty = sorted(
        order.order_id
        for order in uow.payments.orders()
        if not order.holds_escrow and escrows.get(order.order_id, Money.zero()).amount != 0
    )
    return {
        "balanced": not unbalanced,
        "transactions": count,
        "unbalanced": unbalanced,
        "negative_balances": negative,
        "finished_escrows_not_empty": finished_not_empty,
    }


def payment_methods(uow, owner_id):
    """The owner's cards, newest first, the default marked (T3)."""
    return {"results": [m.view() for m in uow.payments.payment_methods_of(owner_id)]}


def order_receipt(uow, order_id):
    """The order's payment receipt, or None if it was never paid (P2)."""
    payment = uow.payments.order(str(order_id))
    return None if payment is None else payment.receipt()


def completion(order):
    """What completing an order booked (P3)."""
    return {
        "order_id": order.order_id,
        "earnings": order.money(order.earnings),
        "commission": order.money(order.commission),
        "fee": order.fees,
        "completed_at": order.completed_at,
        "clears_at": order.clears_at,
    }


def transactions(uow, user_id, limit=20, cursor=None):
    """The caller's ledger history, newest first, with only their own accounts' entries."""
    rows = uow.ledger.transactions_of(user_id, limit + 1, position_of(cursor))
    page = rows[:limit]
    results = [
        {
            "id": row.id,
            "cause_type": row.cause_type,
            "cause_id": row.cause_id,
            "created_at": row.created_at,
            "entries": [{"account": kind, "amount": money} for kind, money in entries],
        }
        for row, entries in page
    ]
    next_cursor = (
        position_cursor(page[-1][0].created_at, page[-1][0].id) if len(rows) > limit else None
    )
    return {"results": results, "next_cursor": next_cursor}
