"""The double-entry ledger (P1, P7): plain Python, no framework.

Every movement of money is a `Transaction` of two or more entries, each a
signed amount of integer minor units on one `Account`. A positive amount is a
debit (money arriving in the account), a negative one a credit (money leaving
it), so a transaction balances when its debits equal its credits, that is when
its entries sum to zero, all in one currency: money only ever moves, it is
never created or lost. An account's balance is the sum of its entries.
"""

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from microtache.money import MAX_AMOUNT, Money

# Account kinds. A user owns one of each of the first three per currency; an
# order owns its escrow (owner_id = the order's id); the platform (owner_id None)
# owns the last three.
BUYER_BALANCE = "buyer_balance"  # money a user may spend on orders and tips
SELLER_PENDING = "seller_pending"  # earnings in clearance (P3)
SELLER_AVAILABLE = "seller_available"  # cleared earnings, withdrawable (P6)
SELLER_WITHDRAWN = "seller_withdrawn"  # legacy (opened by sign-ups before 0002, never posted
#                                          to): "withdrawn" is counted from withdrawal entries
ESCROW = "escrow"  # one order's payment until completion or cancellation (P2)
PLATFORM_REVENUE = "platform_revenue"  # service fees and commissions (P2, P3)
EXTERNAL_CARDS = "external_cards"  # buyers' payment methods: money coming in
EXTERNAL_PAYOUTS = "external_payouts"  # sellers' payout methods: money going out (P6)

USER_KINDS = (BUYER_BALANCE, SELLER_PENDING, SELLER_AVAILABLE)
ORDER_KINDS = (ESCROW,)
PLATFORM_KINDS = (PLATFORM_REVENUE, EXTERNAL_CARDS, EXTERNAL_PAYOUTS)
EXTERNAL_KINDS = (EXTERNAL_CARDS, EXTERNAL_PAYOUTS)
KINDS = USER_KINDS + (SELLER_WITHDRAWN,) + ORDER_KINDS + PLATFORM_KINDS
MUST_NOT_BE_NEGATIVE = (BUYER_BALANCE, SELLER_PENDING, SELLER_AVAILABLE)  # P1's audit
DEFAULT_CURRENCY = "USD"
# No one entry moves more than this (the ceiling of any amount, microtache.money): far
# above every payment the policies allow, far below where sums could overflow a 64-bit
# column. The policies refuse first; the ledger refuses anyway (defence in depth).
ENTRY_MAX = MAX_AMOUNT


class UnbalancedTransaction(ValueError):
    """A transaction that would create or destroy money (P1): a programming error."""


class AmountOutOfBounds(ValueError):
    """An entry above the ceiling (ENTRY_MAX): a programming error, or an attack that got
    past every schema and policy; nothing is booked."""


@dataclass(eq=False)
class Account:
    kind: str
    currency: str = DEFAULT_CURRENCY
    owner_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown account kind {self.kind!r}")
        if self.kind in PLATFORM_KINDS and self.owner_id is not None:
            raise ValueError(f"a {self.kind} account belongs to the platform, not a user")
        if self.kind not in PLATFORM_KINDS and self.owner_id is None:
            raise ValueError(f"a {self.kind} account belongs to a user or an order")


@dataclass(eq=False)
class Entry:
    account_id: str
    amount: int  # minor units; + debit, - credit


@dataclass(eq=False)
class Transaction:
    cause_type: str  # what caused it (P7): e.g. order_payment, tip, withdrawal, refund
    cause_id: str  # the id of that order, tip, withdrawal...
    created_at: datetime
    entries: list[Entry] = field(default_factory=list)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def open_user_accounts(
    owner_id: str, currency: str = DEFAULT_CURRENCY, existing_kinds: Collection[str] = ()
) -> list[Account]:
    """The accounts a new user needs, less those they already have."""
    return [Account(kind, currency, owner_id) for kind in USER_KINDS if kind not in existing_kinds]


def balance_problem(amounts: Sequence[Money]) -> str | None:
    """Why entries of these `Money` amounts do not make a balanced transaction, or None (P1)."""
    if len(amounts) < 2:
        return "a transaction needs at least two entries"
    currencies = {amount.currency for amount in amounts}
    if len(currencies) != 1:
        return f"a transaction is in one currency, not {sorted(currencies)}"
    if any(amount.amount == 0 for amount in amounts):
        return "an entry moves a non-zero amount"
    debits = sum(a.amount for a in amounts if a.amount > 0)
    credits = -sum(a.amount for a in amounts if a.amount < 0)
    if debits != credits:
        return f"debits ({debits}) differ from credits ({credits})"
    return None


def transaction(
    cause_type: str, cause_id: str, postings: Iterable[tuple[Account, Money]], at: datetime
) -> Transaction:
    """A balanced transaction from `postings`, a list of (Account, Money); else
    `UnbalancedTransaction` (P1). The cause is required (P7)."""
    if not cause_type or not cause_id:
        raise ValueError("every transaction names its cause (P7)")
    for account, amount in postings:
        if amount.currency != account.currency:
            raise UnbalancedTransaction(
                f"{amount.currency} entry on a {account.currency} account {account.id}"
            )
    too_large = [amount.amount for _, amount in postings if abs(amount.amount) > ENTRY_MAX]
    if too_large:
        raise AmountOutOfBounds(f"{cause_type} {cause_id}: entries above {ENTRY_MAX}: {too_large}")
    problem = balance_problem([amount for _, amount in postings])
    if problem:
        raise UnbalancedTransaction(f"{cause_type} {cause_id}: {problem}")
    return Transaction(
        cause_type=str(cause_type),
        cause_id=str(cause_id),
        created_at=at,
        entries=[Entry(account.id, amount.amount) for account, amount in postings],
    )


def balance(amounts: Iterable[int], currency: str = DEFAULT_CURRENCY) -> Money:
    """An account's balance: the sum of its entries' amounts (ints of minor units)."""
    return Money(sum(amounts), currency)


@dataclass(frozen=True)
class Audit:
    """What P1's audit found: the transactions whose entries do not balance, the user
    accounts below zero ([owner_id, kind]), the finished orders whose escrow is not empty."""

    transactions: int
    unbalanced: list[str]
    negative_balances: list[list[str | None]]
    finished_escrows_not_empty: list[str]

    @property
    def balanced(self) -> bool:
        return not self.unbalanced


def audit(
    transaction_amounts: Iterable[tuple[str, Sequence[Money]]],
    balances: Iterable[tuple[str | None, str, Money]],
    finished_orders: Iterable[str],
) -> Audit:
    """P1: every transaction's entries balance, no user balance is negative, and the
    escrow of every finished (completed, cancelled, refunded) order is empty.
    `transaction_amounts` is (transaction id, its entries' Money), `balances` is
    (owner_id, kind, Money) of every account."""
    count, unbalanced = 0, []
    for transaction_id, amounts in transaction_amounts:
        count += 1
        if balance_problem(amounts):
            unbalanced.append(transaction_id)
    balances = list(balances)
    negative = sorted(
        [owner, kind]
        for owner, kind, money in balances
        if kind in MUST_NOT_BE_NEGATIVE and money.amount < 0
    )
    escrows = {owner: money for owner, kind, money in balances if kind == ESCROW}
    not_empty = sorted(
        order_id for order_id in finished_orders if escrows.get(order_id, Money.zero()).amount != 0
    )
    return Audit(count, unbalanced, negative, not_empty)
