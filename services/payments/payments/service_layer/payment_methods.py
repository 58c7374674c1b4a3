"""Buyers' cards (P2, T3): added, removed, one of them the default."""

from microtache.errors import NotFound, RuleViolation

from payments.domain import ledger
from payments.domain.cards import InvalidCard
from payments.domain.orders import PaymentMethod, default_of


def _lock_owner(uow, owner_id):
    """The user's ledger accounts must exist (`user_signed_up` opened them): a token for
    a user catalog never announced gets no card. Their buyer balance's row is locked for
    the rest of the unit of work, so that two changes of one owner's cards never both
    pick a default (the unique index would refuse the second)."""
    if not uow.ledger.accounts_of(owner_id):
        raise NotFound(
            "This user has no payment accounts: sign up first (or wait a moment after signing up).",
            {"user_id": owner_id},
        )
    uow.ledger.account(owner_id, ledger.BUYER_BALANCE, ledger.DEFAULT_CURRENCY, lock=True)


def _settle_default(uow, owner_id):
    """Mark the owner's default card if none is marked (T3)."""
    default = default_of(uow.payments.payment_methods_of(owner_id))
    if default is not None and not default.is_default:
        default.is_default = True
        uow.payments.flush()


def add_payment_method(uow, cards, owner_id, card_number):
    """A card for a user payments knows (404 otherwise); the first is the default (T3)."""
    try:
        details = cards.register(card_number)
    except InvalidCard as exc:
        raise RuleViolation("The card number is not valid.", {"card_number": [str(exc)]}) from exc
    _lock_owner(uow, owner_id)
    method = PaymentMethod(
        owner_id=owner_id,
        brand=details.brand,
        last4=details.last4,
        token=details.token,
        created_at=uow.now(),
    )
    uow.payments.add(method)
    _settle_default(uow, owner_id)
    return method


def _own_method(uow, owner_id, method_id):
    """The owner's card; another's, like one that does not exist, is not found (A2)."""
    method = uow.payments.payment_method(method_id)
    if method is None or method.owner_id != owner_id:
        raise NotFound("No such payment method.", {"payment_method_id": method_id})
    return method


def remove_payment_method(uow, owner_id, method_id):
    """Remove a card; if it was the default, the newest card left becomes it (T3)."""
    _own_method(uow, owner_id, method_id)
    _lock_owner(uow, owner_id)
    uow.payments.remove(_own_method(uow, owner_id, method_id))
    _settle_default(uow, owner_id)
    return None


def set_default_payment_method(uow, owner_id, method_id):
    """The card charged when a payment names none (T3)."""
    _own_method(uow, owner_id, method_id)
    _lock_owner(uow, owner_id)
    chosen = _own_method(uow, owner_id, method_id)
    for method in uow.payments.payment_methods_of(owner_id):
        method.is_default = False
    uow.payments.flush()  # the old default unmarked before the new one (unique index)
    chosen.is_default = True
    uow.payments.flush()
    return chosen
