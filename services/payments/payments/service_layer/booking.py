"""Booking money (P1, P7) and taking a buyer's payment (P2, T3): what every use case
that moves money shares."""

from microtache.errors import Forbidden, NotFound, PaymentFailed, RuleViolation
from microtache.money import Money

from payments.domain import ledger, postings
from payments.domain.cards import CardDeclined, ProcessorUnavailable


def post_transaction(uow, cause_type, cause_id, entries, new_cause=False):
    """Book a balanced transaction (P1) for a cause at most once (P7).

    `entries` is a list of (Account, Money) (a recipe of `payments.domain.postings`). A
    cause already booked returns (the transaction booked then, False) and books nothing;
    two workers racing on the same cause meet the unique key on (cause_type, cause_id),
    and the loser's retry finds the winner's transaction.

    `new_cause`: the caller has just found no record of the cause, which is written in
    the same transaction as its booking (an order's payment): the lookup is skipped, and
    the unique key alone refuses a second booking (as it does for a concurrent one).
    """
    if not new_cause:
        booked = uow.ledger.transaction_for(cause_type, str(cause_id))
        if booked is not None:
            return booked, False
    try:
        transaction = ledger.transaction(cause_type, cause_id, entries, uow.now())
    except ledger.AmountOutOfBounds as exc:
        raise RuleViolation(
            "This amount is above what any payment may move.",
            {"cause_type": cause_type, "maximum": ledger.ENTRY_MAX, "reason": str(exc)},
        ) from exc
    uow.ledger.add_transaction(transaction)
    return transaction, True


def default_payment_method(uow, owner_id):
    return next((m for m in uow.payments.payment_methods_of(owner_id) if m.is_default), None)


def _method_to_charge(uow, buyer_id, payment_method_id):
    """The card named, which must be the buyer's; else their default card, if any (T3)."""
    if payment_method_id is None:
        return default_payment_method(uow, buyer_id)
    method = uow.payments.card(payment_method_id)
    if method is None:
        raise NotFound("No such payment method.", {"payment_method_id": payment_method_id})
    if method.owner_id != buyer_id:
        raise Forbidden(
            "This payment method belongs to someone else.", {"payment_method_id": payment_method_id}
        )
    return method


def take_payment(uow, cards, buyer_id, total, payment_method_id):
    """P2, T3: `total` from the buyer's balance first, the rest charged to the card.

    Returns (from_balance, from_card, charge_id, postings that credit the sources).
    The buyer's balance row is locked first so that two payments never spend it
    twice. A refused charge raises PaymentFailed, and the unit of work books nothing.
    """
    # A card named is checked even when the balance covers it all; the default card is
    # looked up only when a part is left to charge.
    method = (
        None if payment_method_id is None else _method_to_charge(uow, buyer_id, payment_method_id)
    )
    wallet, available = uow.ledger.locked_balance(buyer_id, ledger.BUYER_BALANCE, total.currency)
    from_balance = Money(max(0, min(available.amount, total.amount)), total.currency)
    from_card = total - from_balance
    charge_id = None
    if from_card.amount:
        if method is None:
            method = default_payment_method(uow, buyer_id)
        if method is None:
            raise PaymentFailed(
                "Your balance does not cover this payment: add a payment method.",
                {"from_balance": from_balance.to_dict(), "to_charge": from_card.to_dict()},
            )
        charge_id = _charge(cards, method, from_card)
    external_cards = (
        uow.ledger.platform_account(ledger.EXTERNAL_CARDS, total.currency)
        if from_card.amount
        else None
    )
    return (
        from_balance,
        from_card,
        charge_id,
        postings.paid_from(wallet, from_balance, external_cards, from_card),
    )


def _charge(cards, method, amount):
    """The card is charged inside the unit of work: if booking then fails, a real
    provider's charge would be voided (the sandbox takes nothing)."""
    details = {"payment_method_id": method.id, "last4": method.last4, "amount": amount.to_dict()}
    try:
        return cards.charge(method.token, amount)
    except CardDeclined:
        raise PaymentFailed("Your card was declined.", {**details, "reason": "declined"}) from None
    except ProcessorUnavailable:
        raise PaymentFailed(
            "The card could not be charged right now; please try again in a few minutes.",
            {**details, "reason": "processor_unavailable"},
        ) from None
