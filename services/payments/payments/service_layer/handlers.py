"""One function per command, query or event of payments: load, apply the domain, store, publish."""
import logging
from datetime import datetime, timedelta

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import (Conflict, Forbidden, InvalidInput, NotFound, PaymentFailed,
                               RuleViolation)
from microtache.money import Money
from microtache.pagination import decode_cursor, encode_cursor

from payments.adapters.repository import Ledger, Payments
from payments.domain import ledger, policies
from payments.domain.cards import CardDeclined, InvalidCard, ProcessorUnavailable
from payments.domain.orders import (CANCELLED, COMPLETED, PAID, REFUNDED, OrderPayment,
                                    PaymentMethod, TipPayment, Withdrawal)

log = logging.getLogger(__name__)

# How get_balance names each of a user's accounts ("withdrawn" is counted, see balance()).
BALANCE_NAMES = {
    ledger.BUYER_BALANCE: "buyer_balance",
    ledger.SELLER_PENDING: "pending_clearance",
    ledger.SELLER_AVAILABLE: "available",
}
SUPPORT_WINDOW = timedelta(days=14)          # O11: support cancels within 14 days of completion
CLEARANCE_EVENT = "earnings_cleared"


def order_clearance_key(order_id):
    return f"payments:{order_id}:clearance"


def tip_clearance_key(tip_id):
    return f"payments:tip:{tip_id}:clearance"


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


def balance(uow, user_id, currency=ledger.DEFAULT_CURRENCY):
    repository = Ledger(uow.session)
    balances = repository.balances_of(user_id)
    if not balances:
        raise NotFound("This user has no payment accounts.", {"user_id": user_id})
    result = {name: balances.get(kind, Money.zero(currency)) for kind, name in BALANCE_NAMES.items()}
    # Withdrawals leave for external_payouts; what a seller withdrew is what they moved out.
    result["withdrawn"] = repository.credits_by_cause(
        user_id, ledger.SELLER_AVAILABLE, "withdrawal").get(currency, Money.zero(currency))
    return result


MUST_NOT_BE_NEGATIVE = (ledger.BUYER_BALANCE, ledger.SELLER_PENDING, ledger.SELLER_AVAILABLE)


def check_ledger(uow):
    """The P1 audit: every transaction's entries balance; no user balance is
    negative; the escrow of every finished (completed, cancelled, refunded) order is empty."""
    count, unbalanced = 0, []
    repository = Ledger(uow.session)
    for transaction_id, amounts in repository.transaction_amounts():
        count += 1
        if ledger.balance_problem(amounts):
            unbalanced.append(transaction_id)
    balances = repository.all_balances()
    negative = sorted([owner, kind] for owner, kind, money in balances
                      if kind in MUST_NOT_BE_NEGATIVE and money.amount < 0)
    escrows = {owner: money for owner, kind, money in balances if kind == ledger.ESCROW}
    finished_not_empty = sorted(
        order.order_id for order in Payments(uow.session).orders()
        if order.status != PAID and escrows.get(order.order_id, Money.zero()).amount != 0)
    return {"balanced": not unbalanced, "transactions": count, "unbalanced": unbalanced,
            "negative_balances": negative, "finished_escrows_not_empty": finished_not_empty}


# --- cards -------------------------------------------------------------------------

def add_payment_method(uow, cards, owner_id, card_number):
    try:
        details = cards.register(card_number)
    except InvalidCard as exc:
        raise InvalidInput("The card number is not valid.", {"card_number": [str(exc)]})
    method = PaymentMethod(owner_id=owner_id, brand=details.brand, last4=details.last4,
                           token=details.token, created_at=uow.now())
    Payments(uow.session).add(method)
    return {"id": method.id, "brand": method.brand, "last4": method.last4}


def take_payment(uow, cards, buyer_id, total, payment_method_id):
    """P2, T3: `total` from the buyer's balance first, the rest charged to the card.

    Returns (from_balance, from_card, charge_id, postings that credit the sources).
    The buyer's balance row is locked first so that two payments never spend it
    twice. A refused charge raises PaymentFailed, and the unit of work books nothing.
    """
    repository, payments = Ledger(uow.session), Payments(uow.session)
    method = None
    if payment_method_id is not None:
        method = payments.payment_method(payment_method_id)
        if method is None:
            raise NotFound("No such payment method.", {"payment_method_id": payment_method_id})
        if method.owner_id != buyer_id:
            raise Forbidden("This payment method belongs to someone else.",
                            {"payment_method_id": payment_method_id})
    wallet = repository.account(buyer_id, ledger.BUYER_BALANCE, total.currency, lock=True)
    available = repository.balance_of(wallet)
    from_balance = Money(max(0, min(available.amount, total.amount)), total.currency)
    from_card = total - from_balance
    postings, charge_id = [], None
    if from_balance.amount:
        postings.append((wallet, -from_balance))
    if from_card.amount:
        if method is None:
            raise PaymentFailed("Your balance does not cover this payment: add a payment method.",
                                {"from_balance": from_balance.to_dict(),
                                 "to_charge": from_card.to_dict()})
        details = {"payment_method_id": method.id, "last4": method.last4,
                   "amount": from_card.to_dict()}
        # The card is charged inside the unit of work: if booking then fails, a real
        # provider's charge would be voided (the sandbox takes nothing).
        try:
            charge_id = cards.charge(method.token, from_card)
        except CardDeclined:
            raise PaymentFailed("Your card was declined.", {**details, "reason": "declined"})
        except ProcessorUnavailable:
            raise PaymentFailed("The card could not be charged right now; please try again "
                                "in a few minutes.", {**details, "reason": "processor_unavailable"})
        postings.append((repository.platform_account(ledger.EXTERNAL_CARDS, total.currency),
                         -from_card))
    return from_balance, from_card, charge_id, postings


# --- orders (P2-P5) ------------------------------------------------------------------

def _order(uow, order_id):
    order = Payments(uow.session).order(order_id, lock=True)
    if order is None:
        raise NotFound("No payment for this order.", {"order_id": order_id})
    return order


def pay_for_order(uow, cards, payment):
    """P2: price + service fee into the order's escrow. Cause ("order_payment", order_id):
    paying again answers the first payment and books nothing."""
    order_id, price = payment["order_id"], payment["price"]
    payments = Payments(uow.session)
    existing = payments.order(order_id)
    if existing is not None:
        if existing.buyer_id != payment["buyer_id"] or existing.price != price.amount:
            raise Conflict("This order was paid with other terms.", {"order_id": order_id})
        return existing.receipt()
    fee = policies.service_fee(price)
    total = price + fee
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, payment["buyer_id"], total, payment.get("payment_method_id"))
    escrow = Ledger(uow.session).account(order_id, ledger.ESCROW, price.currency)
    post_transaction(uow, "order_payment", order_id, sources + [(escrow, total)])
    order = OrderPayment(order_id=order_id, buyer_id=payment["buyer_id"],
                         seller_id=payment["seller_id"], currency=price.currency,
                         price=price.amount, fee=fee.amount, from_balance=from_balance.amount,
                         from_card=from_card.amount, charge_id=charge_id, paid_at=uow.now())
    payments.add(order)
    return order.receipt()


def _completion(order):
    return {"order_id": order.order_id, "earnings": order.money(order.earnings),
            "commission": order.money(order.commission), "fee": order.money(order.fee),
            "completed_at": order.completed_at, "clears_at": order.clears_at}


def complete_order(uow, order_id, seller_level):
    """P3: escrow to the seller's pending clearance (price less commission) and to
    the platform (commission and fee); the clearance deadline is requested."""
    order = _order(uow, order_id)
    if order.status == COMPLETED:
        return _completion(order)
    if order.status != PAID:
        raise Conflict(f"This order is {order.status}: it cannot complete.",
                       {"order_id": order_id, "status": order.status})
    repository = Ledger(uow.session)
    price = order.money(order.price)
    commission = policies.commission(price)
    earnings = price - commission
    post_transaction(uow, "order_completion", order_id, [
        (repository.account(order_id, ledger.ESCROW, order.currency), -order.total),
        (repository.account(order.seller_id, ledger.SELLER_PENDING, order.currency), earnings),
        (repository.platform_account(ledger.PLATFORM_REVENUE, order.currency),
         commission + order.money(order.fee)),
    ])
    now = uow.now()
    order.status, order.completed_at = COMPLETED, now
    order.earnings, order.commission = earnings.amount, commission.amount
    order.clears_at = now + policies.clearance_period(seller_level)
    request_deadline(uow, order_clearance_key(order_id), order.clears_at, CLEARANCE_EVENT,
                     {"order_id": order_id})
    return _completion(order)


def clear_earnings(uow, event):
    """scheduler `earnings_cleared` (P3): an order's or a tip's earnings move from
    pending clearance to available. One that no longer applies (the order was
    refunded, or is unknown) changes nothing (S3). Cause ("clearance", order or tip id)."""
    payments, repository = Payments(uow.session), Ledger(uow.session)
    if event.get("tip_id"):
        tip = payments.tip(event["tip_id"])
        if tip is None:
            log.warning("earnings_cleared for unknown tip %s", event["tip_id"])
            return None
        cause_id, seller_id, earnings = tip.tip_id, tip.seller_id, tip.money(tip.earnings)
    else:
        order = payments.order(event.get("order_id"), lock=True)
        if order is None or order.status != COMPLETED:
            log.info("earnings_cleared for order %s: no longer applies", event.get("order_id"))
            return None
        cause_id, seller_id, earnings = order.order_id, order.seller_id, order.money(order.earnings)
    pending = repository.account(seller_id, ledger.SELLER_PENDING, earnings.currency, lock=True)
    available = repository.account(seller_id, ledger.SELLER_AVAILABLE, earnings.currency)
    transaction, _ = post_transaction(uow, "clearance", cause_id,
                                      [(pending, -earnings), (available, earnings)])
    return {"cause_id": cause_id, "seller_id": seller_id, "cleared": earnings,
            "transaction_id": transaction.id}


def cancel_order(uow, order_id):
    """P4: the whole payment (price and fee) back to the buyer's balance."""
    order = _order(uow, order_id)
    if order.status not in (PAID, CANCELLED):
        message = ("A completed order is cancelled only by support (O11)."
                   if order.status == COMPLETED else f"This order is {order.status}.")
        raise Conflict(message, {"order_id": order_id, "status": order.status})
    if order.status == PAID:
        repository = Ledger(uow.session)
        post_transaction(uow, "order_refund", order_id, [
            (repository.account(order_id, ledger.ESCROW, order.currency), -order.total),
            (repository.account(order.buyer_id, ledger.BUYER_BALANCE, order.currency), order.total),
        ])
        order.status = CANCELLED
    return {"order_id": order_id, "refunded": order.total}


def support_cancel_completed_order(uow, order_id):
    """P5 (O11): the buyer gets the whole payment back on their balance; the seller's
    earnings come back from pending clearance if not yet cleared, else from
    available; the platform gives back its commission and the fee.

    A seller who already withdrew the cleared earnings (available short) is not
    pushed below zero: the cancellation is refused (Conflict) and support has to
    settle it another way. Evidence and who may ask are the orders service's checks.
    """
    order = _order(uow, order_id)
    refund = {"order_id": order_id, "refunded": order.total}
    if order.status == REFUNDED:
        return refund
    if order.status != COMPLETED:
        raise Conflict("Only a completed order is cancelled by support.",
                       {"order_id": order_id, "status": order.status})
    if uow.now() > order.completed_at + SUPPORT_WINDOW:
        raise Conflict("A completed order is cancelled by support only within 14 days (O11).",
                       {"order_id": order_id, "completed_at": order.completed_at.isoformat()})
    repository = Ledger(uow.session)
    earnings = order.money(order.earnings)
    cleared = repository.transaction_for("clearance", order_id) is not None
    source = repository.account(order.seller_id,
                                ledger.SELLER_AVAILABLE if cleared else ledger.SELLER_PENDING,
                                order.currency, lock=True)
    held = repository.balance_of(source)
    if held < earnings:
        raise Conflict("The seller no longer holds these earnings (already withdrawn).",
                       {"order_id": order_id, "earnings": earnings.to_dict(),
                        "held": held.to_dict()})
    post_transaction(uow, "support_refund", order_id, [
        (source, -earnings),
        (repository.platform_account(ledger.PLATFORM_REVENUE, order.currency),
         -(order.money(order.commission) + order.money(order.fee))),
        (repository.account(order.buyer_id, ledger.BUYER_BALANCE, order.currency), order.total),
    ])
    if not cleared:
        cancel_deadline(uow, order_clearance_key(order_id))
    order.status = REFUNDED
    return {**refund, "clawed_back": earnings,
            "from": "available" if cleared else "pending_clearance"}


# --- tips (T2, T3) -----------------------------------------------------------------------

def pay_tip(uow, cards, tip):
    """T2 limits, T3 balance first then card, P2 fee; the seller's share (less
    commission) clears like an order's earnings (P3). Cause ("tip", tip_id)."""
    payments, repository = Payments(uow.session), Ledger(uow.session)
    existing = payments.tip(tip["tip_id"])
    if existing is not None:
        if existing.buyer_id != tip["buyer_id"] or existing.amount != tip["amount"].amount:
            raise Conflict("This tip was paid with other terms.", {"tip_id": tip["tip_id"]})
        return existing.receipt()
    order = payments.order(tip["order_id"])
    if order is None:
        raise NotFound("No payment for this order.", {"order_id": tip["order_id"]})
    if order.buyer_id != tip["buyer_id"] or order.seller_id != tip["seller_id"]:
        raise Forbidden("Only the order's buyer tips its seller.", {"order_id": tip["order_id"]})
    if order.status != COMPLETED:
        raise Conflict("Only a completed order can be tipped.",
                       {"order_id": order.order_id, "status": order.status})
    amount = tip["amount"]
    problem = policies.tip_problem(tip["order_price"], amount)
    if problem:
        raise RuleViolation("A tip is at least $5, and at most $25 for an order under $25 or "
                            "else at most the order's price.", problem)
    fee = policies.service_fee(amount)
    commission = policies.commission(amount)
    earnings = amount - commission
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, tip["buyer_id"], amount + fee, tip.get("payment_method_id"))
    post_transaction(uow, "tip", tip["tip_id"], sources + [
        (repository.account(order.seller_id, ledger.SELLER_PENDING, amount.currency), earnings),
        (repository.platform_account(ledger.PLATFORM_REVENUE, amount.currency), commission + fee),
    ])
    now = uow.now()
    record = TipPayment(tip_id=tip["tip_id"], order_id=order.order_id, buyer_id=order.buyer_id,
                        seller_id=order.seller_id, currency=amount.currency, amount=amount.amount,
                        fee=fee.amount, earnings=earnings.amount, commission=commission.amount,
                        from_balance=from_balance.amount, from_card=from_card.amount,
                        charge_id=charge_id, paid_at=now,
                        clears_at=now + policies.clearance_period(tip.get("seller_level")))
    payments.add(record)
    request_deadline(uow, tip_clearance_key(record.tip_id), record.clears_at, CLEARANCE_EVENT,
                     {"tip_id": record.tip_id})
    return record.receipt()


# --- withdrawals (P6) ---------------------------------------------------------------------

def withdraw(uow, seller_id, amount, request_id):
    """P6: available -> external_payouts. The available account's row is locked
    before its balance is read, so two concurrent withdrawals never overdraw; the
    unique (seller, day) key backs the one-a-day limit. Cause ("withdrawal",
    "<seller_id>:<request_id>"): a repeated request answers the first."""
    payments, repository = Payments(uow.session), Ledger(uow.session)
    existing = payments.withdrawal(seller_id, request_id)
    if existing is not None:
        return existing.receipt()
    available_account = repository.account(seller_id, ledger.SELLER_AVAILABLE, amount.currency,
                                           lock=True)
    available = repository.balance_of(available_account)
    now = uow.now()
    day = now.date().isoformat()
    problem = policies.withdrawal_problem(amount, available, payments.withdrawals_on(seller_id, day))
    if problem:
        kind, message, details = problem
        raise (Conflict if kind == "daily" else RuleViolation)(message, details)
    record = Withdrawal(seller_id=seller_id, request_id=request_id, currency=amount.currency,
                        amount=amount.amount, day=day, created_at=now)
    post_transaction(uow, "withdrawal", f"{seller_id}:{request_id}", [
        (available_account, -amount),
        (repository.platform_account(ledger.EXTERNAL_PAYOUTS, amount.currency), amount),
    ])
    payments.add(record)
    return record.receipt()


# --- history -----------------------------------------------------------------------------

def transactions(uow, user_id, limit=20, cursor=None):
    """The caller's ledger history, newest first, with only their own accounts' entries."""
    after = None
    if cursor:
        position = decode_cursor(cursor, "at", "id")
        try:
            after = (datetime.fromisoformat(position["at"]), position["id"])
        except (TypeError, ValueError):
            raise InvalidInput("The request is not valid.", {"cursor": ["Not a cursor this API gave."]})
    rows = Ledger(uow.session).transactions_of(user_id, limit + 1, after)
    page = rows[:limit]
    results = [{"id": row.id, "cause_type": row.cause_type, "cause_id": row.cause_id,
                "created_at": row.created_at,
                "entries": [{"account": kind, "amount": money} for kind, money in entries]}
               for row, entries in page]
    next_cursor = (encode_cursor({"at": page[-1][0].created_at.isoformat(), "id": page[-1][0].id})
                   if len(rows) > limit else None)
    return {"results": results, "next_cursor": next_cursor}
