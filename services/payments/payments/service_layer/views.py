"""What payments shows: the replies of its RPCs, as its contract's schemas dump them.

Presentation lives here, not on the domain's records: receipts of orders, extras, tips
and withdrawals (P2, P6, T2), cards (T3), an order's completion (P3) and refund (P4,
P5), balances, the ledger's history and its audit (P1, P7). The use cases return domain
objects; the entrypoints turn them into replies with these functions. Nothing here
changes anything."""

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
    """The P1 audit (payments.domain.ledger.audit) as the admin's ledger check answers it."""
    report = ledger.audit(
        uow.ledger.transaction_amounts(),
        uow.ledger.all_balances(),
        [order.order_id for order in uow.payments.orders() if not order.holds_escrow],
    )
    return {
        "balanced": report.balanced,
        "transactions": report.transactions,
        "unbalanced": report.unbalanced,
        "negative_balances": report.negative_balances,
        "finished_escrows_not_empty": report.finished_escrows_not_empty,
    }


def payment_method(method):
    """A card as its owner sees it (T3): never its token."""
    return {
        "id": method.id,
        "brand": method.brand,
        "last4": method.last4,
        "is_default": method.is_default,
        "created_at": method.created_at,
    }


def payment_methods(uow, owner_id):
    """The owner's cards, newest first, the default marked (T3)."""
    return {"results": [payment_method(m) for m in uow.payments.payment_methods_of(owner_id)]}


def order_receipt(order):
    """The answer to paying for an order, extras apart (paying again answers the same, P2)."""
    return {
        "order_id": order.order_id,
        "price": order.money(order.price),
        "fee": order.money(order.fee),
        "total": order.money(order.price + order.fee),
        "from_balance": order.money(order.from_balance),
        "from_card": order.money(order.from_card),
    }


def order_payment(uow, order_id):
    """The order's payment receipt, or None if it was never paid (P2)."""
    order = uow.payments.order(str(order_id))
    return None if order is None else order_receipt(order)


def extra_receipt(extra):
    """The answer to paying for an order's extra (O7, P2): `price` is the extra's."""
    return {
        "extra_id": extra.extra_id,
        "order_id": extra.order_id,
        "price": extra.money(extra.amount),
        "fee": extra.money(extra.fee),
        "total": extra.money(extra.amount + extra.fee),
        "from_balance": extra.money(extra.from_balance),
        "from_card": extra.money(extra.from_card),
    }


def tip_receipt(tip):
    """The answer to paying a tip (T2, T3), with the seller's share and when it clears."""
    return {
        "tip_id": tip.tip_id,
        "order_id": tip.order_id,
        "amount": tip.money(tip.amount),
        "fee": tip.money(tip.fee),
        "total": tip.money(tip.amount + tip.fee),
        "from_balance": tip.money(tip.from_balance),
        "from_card": tip.money(tip.from_card),
        "seller_earnings": tip.money(tip.earnings),
        "clears_at": tip.clears_at,
    }


def withdrawal_receipt(withdrawal):
    """The answer to a withdrawal (P6); a repeated request answers the first."""
    return {
        "id": withdrawal.id,
        "request_id": withdrawal.request_id,
        "amount": Money(withdrawal.amount, withdrawal.currency),
        "created_at": withdrawal.created_at,
    }


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


def refund(settled):
    """What cancelling an order gave back (P4), and for support's cancellation of a
    completed one, what it took back from the seller and from where (P5);
    `settled` is a `settlement.Refund`."""
    reply = {"order_id": settled.order.order_id, "refunded": settled.order.total}
    if settled.clawed_back is not None:
        reply.update({"clawed_back": settled.clawed_back, "from": settled.source})
    return reply


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
