"""One function per command, query or event of payments: load, apply the domain, store, publish.

An event's handler takes its payload as the service loaded it (`payments.schemas`,
`*EventSchema`, through `microtache.events.payload_of`): its fields are there and typed."""
import logging
from datetime import timedelta

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PaymentFailed,
    RuleViolation,
)
from microtache.events import PermanentFailure
from microtache.money import Money
from microtache.pagination import position_cursor, position_of

from payments.adapters.repository import Ledger, Payments
from payments.domain import ledger, policies
from payments.domain.cards import CardDeclined, InvalidCard, ProcessorUnavailable
from payments.domain.orders import (
    CANCELLED,
    COMPLETED,
    DEFAULT_SELLER_LEVEL,
    PAID,
    REFUNDED,
    ExtraPayment,
    OrderPayment,
    PaymentMethod,
    SellerLevel,
    TipPayment,
    Withdrawal,
    default_of,
)

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


def record_seller_level(uow, event):
    """catalog `seller_level_changed`: keep the seller's level, which sets how long their
    earnings clear (P3). A change older than the one kept (events may arrive out of
    order) changes nothing."""
    payments = Payments(uow.session)
    level, changed_at = policies.normal_level(event["level"]), event["occurred_at"]
    known = payments.seller_level(event["user_id"])
    if known is None:
        payments.add(SellerLevel(user_id=event["user_id"], level=level, updated_at=changed_at))
    elif not known.change(level, changed_at):
        log.info("seller_level_changed for %s older than the level kept", event["user_id"])
    return level


def seller_level_of(uow, seller_id):
    """The seller's level as catalog last told it; a seller it never mentioned is new."""
    known = Payments(uow.session).seller_level(seller_id)
    return known.level if known is not None else DEFAULT_SELLER_LEVEL


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
    try:
        transaction = ledger.transaction(cause_type, cause_id, postings, uow.now())
    except ledger.AmountOutOfBounds as exc:
        raise RuleViolation("This amount is above what any payment may move.",
                            {"cause_type": cause_type, "maximum": ledger.ENTRY_MAX,
                             "reason": str(exc)})
    repository.add_transaction(transaction)
    return transaction, True


def balance(uow, user_id, currency=ledger.DEFAULT_CURRENCY):
    repository = Ledger(uow.session)
    balances = repository.balances_of(user_id)
    if not balances:
        raise NotFound("This user has no payment accounts.", {"user_id": user_id})
    result = {
        name: balances.get(kind, Money.zero(currency)) for kind, name in BALANCE_NAMES.items()
    }
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


# --- cards (P2, T3) ----------------------------------------------------------------

def _lock_owner(uow, owner_id):
    """The user's ledger accounts must exist (`user_signed_up` opened them): a token for
    a user catalog never announced gets no card. Their buyer balance's row is locked for
    the rest of the unit of work, so that two changes of one owner's cards never both
    pick a default (the unique index would refuse the second)."""
    repository = Ledger(uow.session)
    if not repository.accounts_of(owner_id):
        raise NotFound("This user has no payment accounts: sign up first (or wait a moment "
                       "after signing up).", {"user_id": owner_id})
    repository.account(owner_id, ledger.BUYER_BALANCE, ledger.DEFAULT_CURRENCY, lock=True)


def _settle_default(uow, owner_id):
    """Mark the owner's default card if none is marked (T3)."""
    default = default_of(Payments(uow.session).payment_methods_of(owner_id))
    if default is not None and not default.is_default:
        default.is_default = True
        uow.session.flush()


def add_payment_method(uow, cards, owner_id, card_number):
    """A card for a user payments knows (404 otherwise); the first is the default (T3)."""
    try:
        details = cards.register(card_number)
    except InvalidCard as exc:
        raise RuleViolation("The card number is not valid.", {"card_number": [str(exc)]})
    _lock_owner(uow, owner_id)
    method = PaymentMethod(owner_id=owner_id, brand=details.brand, last4=details.last4,
                           token=details.token, created_at=uow.now())
    Payments(uow.session).add(method)
    _settle_default(uow, owner_id)
    return method.view()


def payment_methods(uow, owner_id):
    """The owner's cards, newest first, the default marked (T3)."""
    return {"results": [m.view() for m in Payments(uow.session).payment_methods_of(owner_id)]}


def _own_method(uow, owner_id, method_id):
    """The owner's card; another's, like one that does not exist, is not found (A2)."""
    method = Payments(uow.session).payment_method(method_id)
    if method is None or method.owner_id != owner_id:
        raise NotFound("No such payment method.", {"payment_method_id": method_id})
    return method


def remove_payment_method(uow, owner_id, method_id):
    """Remove a card; if it was the default, the newest card left becomes it (T3)."""
    _own_method(uow, owner_id, method_id)
    _lock_owner(uow, owner_id)
    payments = Payments(uow.session)
    payments.remove(_own_method(uow, owner_id, method_id))
    _settle_default(uow, owner_id)
    return None


def set_default_payment_method(uow, owner_id, method_id):
    """The card charged when a payment names none (T3)."""
    _own_method(uow, owner_id, method_id)
    _lock_owner(uow, owner_id)
    chosen = _own_method(uow, owner_id, method_id)
    for method in Payments(uow.session).payment_methods_of(owner_id):
        method.is_default = False
    uow.session.flush()
    chosen.is_default = True
    uow.session.flush()
    return chosen.view()


def default_payment_method(uow, owner_id):
    return next((m for m in Payments(uow.session).payment_methods_of(owner_id)
                 if m.is_default), None)


def take_payment(uow, cards, buyer_id, total, payment_method_id):
    """P2, T3: `total` from the buyer's balance first, the rest charged to the card.

    Returns (from_balance, from_card, charge_id, postings that credit the sources).
    The buyer's balance row is locked first so that two payments never spend it
    twice. A refused charge raises PaymentFailed, and the unit of work books nothing.
    """
    repository, payments = Ledger(uow.session), Payments(uow.session)
    method = None
    if payment_method_id is None:
        method = default_payment_method(uow, buyer_id)      # T3: the default card, if any
    else:
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
    problem = policies.payment_problem(price)
    if problem:
        raise RuleViolation("An order's price is at most $20,000.", problem)
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


def pay_for_order_extra(uow, cards, payment):
    """O7, P2: a paid extra the seller added to an active order, paid by its buyer like
    the order (amount + service fee, balance first then card) into the order's escrow.
    The order's price and fees grow by it, so completion, cancellation and support
    cancellation settle it with the order (P3-P5). Cause ("order_extra", extra_id):
    paying again with the same terms answers the first payment and books nothing."""
    payments, amount = Payments(uow.session), payment["amount"]
    existing = payments.extra(payment["extra_id"])
    if existing is not None:
        if (existing.order_id, existing.buyer_id, existing.money(existing.amount)) != \
                (payment["order_id"], payment["buyer_id"], amount):
            raise Conflict("This extra was paid with other terms.",
                           {"extra_id": payment["extra_id"]})
        return existing.receipt()
    order = _order(uow, payment["order_id"])
    if order.buyer_id != payment["buyer_id"]:
        raise Forbidden("Only the order's buyer pays for its extras.",
                        {"order_id": order.order_id})
    if order.status != PAID:
        raise Conflict(f"This order is {order.status}: extras are paid only while it is active.",
                       {"order_id": order.order_id, "status": order.status})
    problem = policies.payment_problem(amount, order.price + order.extras)
    if problem:
        raise RuleViolation("An order's price, its extras included, is at most $20,000.",
                            problem)
    fee = policies.service_fee(amount)
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, order.buyer_id, amount + fee, payment.get("payment_method_id"))
    escrow = Ledger(uow.session).account(order.order_id, ledger.ESCROW, order.currency)
    post_transaction(uow, "order_extra", payment["extra_id"], sources + [(escrow, amount + fee)])
    order.extras += amount.amount
    order.extras_fee += fee.amount
    record = ExtraPayment(extra_id=payment["extra_id"], order_id=order.order_id,
                          buyer_id=order.buyer_id, currency=amount.currency, amount=amount.amount,
                          fee=fee.amount, from_balance=from_balance.amount,
                          from_card=from_card.amount, charge_id=charge_id, paid_at=uow.now())
    payments.add(record)
    return record.receipt()


def _completion(order):
    return {"order_id": order.order_id, "earnings": order.money(order.earnings),
            "commission": order.money(order.commission), "fee": order.fees,
            "completed_at": order.completed_at, "clears_at": order.clears_at}


def complete_order(uow, order_id, seller_level=None):
    """P3: escrow to the seller's pending clearance (price and paid extras less
    commission) and to the platform (commission and fees); the clearance deadline is
    requested and `earnings_pending` published. Clearance follows `seller_level` if
    given, else the level catalog last gave the seller."""
    order = _order(uow, order_id)
    if order.status == COMPLETED:
        return _completion(order)
    if order.status != PAID:
        raise Conflict(f"This order is {order.status}: it cannot complete.",
                       {"order_id": order_id, "status": order.status})
    if seller_level is None:
        seller_level = seller_level_of(uow, order.seller_id)
    repository = Ledger(uow.session)
    price = order.seller_price
    commission = policies.commission(price)
    earnings = price - commission
    post_transaction(uow, "order_completion", order_id, [
        (repository.account(order_id, ledger.ESCROW, order.currency), -order.total),
        (repository.account(order.seller_id, ledger.SELLER_PENDING, order.currency), earnings),
        (repository.platform_account(ledger.PLATFORM_REVENUE, order.currency),
         commission + order.fees),
    ])
    now = uow.now()
    order.status, order.completed_at = COMPLETED, now
    order.earnings, order.commission = earnings.amount, commission.amount
    order.clears_at = now + policies.clearance_period(seller_level)
    request_deadline(uow, order_clearance_key(order_id), order.clears_at, CLEARANCE_EVENT,
                     {"order_id": order_id})
    uow.publish("earnings_pending", ({
        "order_id": order_id, "seller_id": order.seller_id, "buyer_id": order.buyer_id,
        "earnings": earnings, "clears_at": order.clears_at, "completed_at": now}))
    return _completion(order)


def order_completed(uow, event):
    """orders `order_completed` (O10): book the completion (P3) at the seller's kept
    level. A redelivery, or a completion the RPC already booked, changes nothing. An
    order payments cannot complete (unknown, cancelled, refunded) is parked in the
    dead-letter queue at once: the two services disagree about money, support decides."""
    order = Payments(uow.session).order(event["order_id"])
    if order is None or order.status not in (PAID, COMPLETED):
        status = order.status if order is not None else "unknown"
        raise PermanentFailure(
            f"order {event['order_id']} completed, but its payment is {status}")
    return complete_order(uow, order.order_id)


def clear_earnings(uow, event):
    """scheduler `earnings_cleared` (P3): an order's or a tip's earnings move from
    pending clearance to available, and `earnings_available` is published. One that no
    longer applies (the order was refunded, or is unknown) changes nothing (S3).
    Cause ("clearance", order or tip id)."""
    payments, repository = Payments(uow.session), Ledger(uow.session)
    if event.get("tip_id"):
        tip = payments.tip(event["tip_id"])
        if tip is None:
            log.warning("earnings_cleared for unknown tip %s", event["tip_id"])
            return None
        cause_id, seller_id, earnings = tip.tip_id, tip.seller_id, tip.money(tip.earnings)
        cause = {"tip_id": cause_id}
    else:
        order = payments.order(event.get("order_id"), lock=True)
        if order is None or order.status != COMPLETED:
            log.info("earnings_cleared for order %s: no longer applies", event.get("order_id"))
            return None
        cause_id, seller_id, earnings = order.order_id, order.seller_id, order.money(order.earnings)
        cause = {"order_id": cause_id}
    pending = repository.account(seller_id, ledger.SELLER_PENDING, earnings.currency, lock=True)
    available = repository.account(seller_id, ledger.SELLER_AVAILABLE, earnings.currency)
    transaction, booked = post_transaction(uow, "clearance", cause_id,
                                           [(pending, -earnings), (available, earnings)])
    if booked:
        uow.publish("earnings_available", (
            {**cause, "seller_id": seller_id, "amount": earnings}))
    return {"cause_id": cause_id, "seller_id": seller_id, "cleared": earnings,
            "transaction_id": transaction.id}


def _refunded(uow, order):
    uow.publish("order_refunded", ({
        "order_id": order.order_id, "buyer_id": order.buyer_id, "amount": order.total}))


def cancel_order(uow, order_id):
    """P4: the whole payment (price, extras and fees) back to the buyer's balance;
    `order_refunded` is published."""
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
        _refunded(uow, order)
    return {"order_id": order_id, "refunded": order.total}


def order_cancelled(uow, event):
    """orders `order_cancelled` (O8, O9, O12): refund a paid order (P4), whatever the
    reason: its money is still in escrow. A support cancellation of a completed order
    (reason "support") was refunded by the RPC support_cancel_completed_order before
    orders published it, so an order already cancelled or refunded, like one payments
    does not know, changes nothing: a redelivery never refunds twice (P7). An order
    payments still holds as completed is not refunded here (P5 is support's RPC): it is
    parked in the dead-letter queue for support."""
    order = Payments(uow.session).order(event["order_id"], lock=True)
    if order is None:
        log.warning("order_cancelled for order %s, which has no payment", event["order_id"])
        return None
    if order.status in (CANCELLED, REFUNDED):
        log.info("order_cancelled for order %s: already %s", order.order_id, order.status)
        return None
    if order.status == COMPLETED:
        raise PermanentFailure(
            f"order {order.order_id} cancelled ({event.get('reason')}), but its payment is "
            "completed: only support_cancel_completed_order refunds it")
    return cancel_order(uow, order.order_id)


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
         -(order.money(order.commission) + order.fees)),
        (repository.account(order.buyer_id, ledger.BUYER_BALANCE, order.currency), order.total),
    ])
    if not cleared:
        cancel_deadline(uow, order_clearance_key(order_id))
    order.status = REFUNDED
    uow.publish("earnings_reversed", ({
        "order_id": order_id, "seller_id": order.seller_id, "amount": earnings}))
    _refunded(uow, order)
    return {**refund, "clawed_back": earnings,
            "from": "available" if cleared else "pending_clearance"}


# --- tips (T2, T3) -----------------------------------------------------------------------

def pay_tip(uow, cards, tip):
    """T2 limits, T3 balance first then card, P2 fee; the seller's share (less
    commission) clears like an order's earnings (P3), at `seller_level` if given, else
    the level kept from catalog; `earnings_pending` is published. Cause ("tip", tip_id)."""
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
    level = tip.get("seller_level") or seller_level_of(uow, order.seller_id)
    record = TipPayment(tip_id=tip["tip_id"], order_id=order.order_id, buyer_id=order.buyer_id,
                        seller_id=order.seller_id, currency=amount.currency, amount=amount.amount,
                        fee=fee.amount, earnings=earnings.amount, commission=commission.amount,
                        from_balance=from_balance.amount, from_card=from_card.amount,
                        charge_id=charge_id, paid_at=now,
                        clears_at=now + policies.clearance_period(level))
    payments.add(record)
    request_deadline(uow, tip_clearance_key(record.tip_id), record.clears_at, CLEARANCE_EVENT,
                     {"tip_id": record.tip_id})
    uow.publish("earnings_pending", ({
        "tip_id": record.tip_id, "seller_id": record.seller_id, "buyer_id": record.buyer_id,
        "earnings": earnings, "clears_at": record.clears_at, "paid_at": now}))
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
    problem = policies.withdrawal_problem(
        amount, available, payments.withdrawals_on(seller_id, day)
    )
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
    rows = Ledger(uow.session).transactions_of(user_id, limit + 1, position_of(cursor))
    page = rows[:limit]
    results = [{"id": row.id, "cause_type": row.cause_type, "cause_id": row.cause_id,
                "created_at": row.created_at,
                "entries": [{"account": kind, "amount": money} for kind, money in entries]}
               for row, entries in page]
    next_cursor = (position_cursor(page[-1][0].created_at, page[-1][0].id)
                   if len(rows) > limit else None)
    return {"results": results, "next_cursor": next_cursor}
