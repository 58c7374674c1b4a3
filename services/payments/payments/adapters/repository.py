"""Reading and writing the ledger."""

from itertools import groupby

from sqlalchemy import and_, bindparam, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from microtache.money import Money

from payments.adapters.orm import (
    ledger_accounts,
    ledger_entries,
    ledger_transactions,
    order_payments,
    payment_methods,
)
from payments.domain.ledger import Account, Transaction
from payments.domain.orders import (
    ExtraPayment,
    OrderPayment,
    PaymentMethod,
    SellerLevel,
    TipPayment,
    Withdrawal,
)

# Each dialect's INSERT that can skip a row a unique key already holds.
INSERT_OR_IGNORE = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}

# The statements of the payment's hot path (#21), built once: building a SELECT costs
# more than SQLite takes to run it. Their values are bound at each call.
_OWNED = (
    ledger_accounts.c.owner_id == bindparam("owner_id"),
    ledger_accounts.c.kind == bindparam("kind"),
    ledger_accounts.c.currency == bindparam("currency"),
)
# Accounts are read as ids (an `Account` is never changed once opened): no ORM loading.
_ACCOUNT = select(ledger_accounts.c.id).where(*_OWNED)
_ACCOUNT_LOCKED = _ACCOUNT.with_for_update()
_PLATFORM_ACCOUNT = select(ledger_accounts.c.id).where(
    ledger_accounts.c.owner_id.is_(None),
    ledger_accounts.c.kind == bindparam("kind"),
    ledger_accounts.c.currency == bindparam("currency"),
)
_OPEN = {
    dialect: insert_or_ignore(ledger_accounts).on_conflict_do_nothing()
    for dialect, insert_or_ignore in INSERT_OR_IGNORE.items()
}
_BALANCE = select(func.coalesce(func.sum(ledger_entries.c.amount), 0)).where(
    ledger_entries.c.account_id == bindparam("account_id")
)
# A balance to spend, locked (`Ledger.locked_balance`). PostgreSQL: the row locked by
# _ACCOUNT_LOCKED first, the balance summed by the next statement (_BALANCE), whose
# snapshot (read committed) is taken once the lock is held, so it sees every entry the
# transaction that held the lock before committed. Summed in the locking statement, the
# balance would come from a snapshot taken before the wait: a double spend
# (test_payments_concurrent_spends). SQLite: one writer at a time (the store's writer
# lock in a process; across processes, a transaction that read a snapshot older than
# another's commit cannot write): the row and its balance in one statement.
_ACCOUNT_AND_BALANCE = select(
    ledger_accounts.c.id,
    select(func.coalesce(func.sum(ledger_entries.c.amount), 0))
    .where(ledger_entries.c.account_id == ledger_accounts.c.id)
    .scalar_subquery(),
).where(*_OWNED)
_ORDER = select(OrderPayment).where(OrderPayment.order_id == bindparam("order_id"))
_ORDER_LOCKED = _ORDER.with_for_update()
_ORDER_ROW = select(order_payments).where(order_payments.c.order_id == bindparam("order_id"))
_CARD_ROW = select(payment_methods).where(payment_methods.c.id == bindparam("method_id"))
_INSERT_TRANSACTION = insert(ledger_transactions)
_INSERT_ENTRIES = insert(ledger_entries)
_INSERT_ORDER_PAYMENT = insert(order_payments)
_INSERT_ACCOUNT = insert(ledger_accounts)  # a dialect without a race-free insert


class Ledger:
    def __init__(self, session):
        self.session = session

    # accounts
    def accounts_of(self, owner_id):
        return self.session.scalars(select(Account).where(Account.owner_id == owner_id)).all()

    def add_accounts(self, accounts):
        self.session.add_all(accounts)

    def platform_account(self, kind, currency):
        """The platform's account of this kind, opened on first use (race-free, see `_open`)."""
        values = {"kind": kind, "currency": currency}
        account_id = self.session.scalar(_PLATFORM_ACCOUNT, values)
        if account_id is None:
            self._open(None, kind, currency)
            account_id = self.session.execute(_PLATFORM_ACCOUNT, values).scalar_one()
        return Account(kind, currency, None, id=account_id)

    def account(self, owner_id, kind, currency, lock=False):
        """The owner's account of this kind, opened on first use (race-free, see `_open`);
        `lock` takes its row for the rest of the transaction (SELECT ... FOR UPDATE on
        PostgreSQL; SQLite ignores it and is serialized by the store's writer lock)."""
        query = _ACCOUNT_LOCKED if lock else _ACCOUNT
        values = {"owner_id": owner_id, "kind": kind, "currency": currency}
        account_id = self.session.scalar(query, values)
        if account_id is None:
            self._open(owner_id, kind, currency)
            account_id = self.session.execute(query, values).scalar_one()
        return Account(kind, currency, owner_id, id=account_id)

    def locked_balance(self, owner_id, kind, currency):
        """(the owner's account of this kind, its balance), the account's row locked for
        the rest of the transaction so that no other payment spends the same balance;
        opened on first use. One statement on SQLite, two on PostgreSQL (see
        `_ACCOUNT_AND_BALANCE`)."""
        values = {"owner_id": owner_id, "kind": kind, "currency": currency}
        for attempt in range(2):
            if self._dialect() == "postgresql":
                account_id = self.session.scalar(_ACCOUNT_LOCKED, values)
                found = None if account_id is None else (account_id, self._sum(account_id))
            else:
                found = self.session.execute(_ACCOUNT_AND_BALANCE, values).first()
            if found is not None:
                account_id, total = found
                return (
                    Account(kind, currency, owner_id, id=account_id),
                    Money(int(total), currency),
                )
            if attempt == 0:
                self._open(owner_id, kind, currency)
        raise RuntimeError(f"the {kind} account of {owner_id} could not be opened")

    def new_account(self, owner_id, kind, currency):
        """The owner's account of this kind where it is expected not to exist yet (an
        order's escrow when the order is paid): opened in one statement; read back only
        if it existed after all."""
        account = self._open(owner_id, kind, currency)
        return account if account is not None else self.account(owner_id, kind, currency)

    def _dialect(self):
        return self.session.get_bind().dialect.name

    def _open(self, owner_id, kind, currency):
        """Open an account unless it exists, without a unique-key error when concurrent
        workers open the same one (the first orders of a fresh database all open the
        platform's accounts): INSERT ... ON CONFLICT DO NOTHING. On PostgreSQL the loser
        waits for the winner's transaction, then inserts nothing; read committed, its next
        SELECT sees the winner's row. Returns the account if this call opened it, else
        None (the caller reads the existing one)."""
        row = Account(kind, currency, owner_id)  # the domain checks the kind
        values = dict(id=row.id, owner_id=owner_id, kind=kind, currency=currency)
        statement = _OPEN.get(self._dialect(), _INSERT_ACCOUNT)
        opened = self.session.execute(statement, values).rowcount == 1
        return row if opened else None

    def balance_of(self, account):
        return Money(int(self._sum(account.id)), account.currency)

    def _sum(self, account_id):
        return self.session.scalar(_BALANCE, {"account_id": account_id})

    def credits_by_cause(self, owner_id, kind, cause_type):
        """{currency: total moved out of the owner's `kind` account by `cause_type`}."""
        rows = self.session.execute(
            select(ledger_accounts.c.currency, func.coalesce(func.sum(ledger_entries.c.amount), 0))
            .select_from(
                ledger_entries.join(
                    ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id
                ).join(
                    ledger_transactions, ledger_transactions.c.id == ledger_entries.c.transaction_id
                )
            )
            .where(
                ledger_accounts.c.owner_id == owner_id,
                ledger_accounts.c.kind == kind,
                ledger_transactions.c.cause_type == cause_type,
            )
            .group_by(ledger_accounts.c.currency)
        )
        return {currency: Money(-int(total), currency) for currency, total in rows}

    def all_balances(self):
        """(owner_id, kind, Money) of every account."""
        rows = self.session.execute(
            select(
                ledger_accounts.c.owner_id,
                ledger_accounts.c.kind,
                ledger_accounts.c.currency,
                func.coalesce(func.sum(ledger_entries.c.amount), 0),
            )
            .select_from(
                ledger_accounts.outerjoin(
                    ledger_entries, ledger_entries.c.account_id == ledger_accounts.c.id
                )
            )
            .group_by(
                ledger_accounts.c.id,
                ledger_accounts.c.owner_id,
                ledger_accounts.c.kind,
                ledger_accounts.c.currency,
            )
        )
        return [(owner, kind, Money(int(total), currency)) for owner, kind, currency, total in rows]

    def balances_of(self, owner_id):
        """{kind: Money} of every account the owner has."""
        rows = self.session.execute(
            select(
                ledger_accounts.c.kind,
                ledger_accounts.c.currency,
                func.coalesce(func.sum(ledger_entries.c.amount), 0),
            )
            .select_from(
                ledger_accounts.outerjoin(
                    ledger_entries, ledger_entries.c.account_id == ledger_accounts.c.id
                )
            )
            .where(ledger_accounts.c.owner_id == owner_id)
            .group_by(ledger_accounts.c.id, ledger_accounts.c.kind, ledger_accounts.c.currency)
        )
        return {kind: Money(int(total), currency) for kind, currency, total in rows}

    # transactions
    def transaction_for(self, cause_type, cause_id):
        return self.session.scalars(
            select(Transaction).where(
                Transaction.cause_type == cause_type, Transaction.cause_id == cause_id
            )
        ).first()

    def add_transaction(self, transaction):
        """Write a balanced transaction and its entries now: two INSERTs (the entries in
        one executemany), not the ORM's unit of work (#21). The `Transaction` is not
        tracked by the session: it is written once, never changed."""
        self.session.execute(
            _INSERT_TRANSACTION,
            {
                "id": transaction.id,
                "cause_type": transaction.cause_type,
                "cause_id": transaction.cause_id,
                "created_at": transaction.created_at,
            },
        )
        self.session.execute(
            _INSERT_ENTRIES,
            [
                {"transaction_id": transaction.id, "account_id": e.account_id, "amount": e.amount}
                for e in transaction.entries
            ],
        )

    def transaction_amounts(self):
        """(transaction id, [Money of each entry]) for every transaction, streamed."""
        rows = self.session.execute(
            select(ledger_transactions.c.id, ledger_entries.c.amount, ledger_accounts.c.currency)
            .select_from(
                ledger_transactions.outerjoin(
                    ledger_entries, ledger_entries.c.transaction_id == ledger_transactions.c.id
                ).outerjoin(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
            )
            .order_by(ledger_transactions.c.id, ledger_entries.c.id)
            .execution_options(yield_per=1000)
        )
        for transaction_id, group in groupby(rows, key=lambda row: row[0]):
            yield (
                transaction_id,
                [
                    Money(int(amount), currency)
                    for _, amount, currency in group
                    if amount is not None
                ],
            )

    def transactions_of(self, owner_id, limit, after=None):
        """The transactions touching the owner's accounts, newest first, with only
        the owner's entries: [(Transaction row, [(kind, Money)])]. `after` is the
        (created_at, id) of the last one of the previous page."""
        mine = (
            select(ledger_entries.c.transaction_id)
            .join(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
            .where(ledger_accounts.c.owner_id == owner_id)
        )
        query = select(ledger_transactions).where(ledger_transactions.c.id.in_(mine))
        if after is not None:
            at, last_id = after
            query = query.where(
                or_(
                    ledger_transactions.c.created_at < at,
                    and_(
                        ledger_transactions.c.created_at == at, ledger_transactions.c.id < last_id
                    ),
                )
            )
        rows = self.session.execute(
            query.order_by(
                ledger_transactions.c.created_at.desc(), ledger_transactions.c.id.desc()
            ).limit(limit)
        ).all()
        entries = {}
        if rows:
            for transaction_id, kind, amount, currency in self.session.execute(
                select(
                    ledger_entries.c.transaction_id,
                    ledger_accounts.c.kind,
                    ledger_entries.c.amount,
                    ledger_accounts.c.currency,
                )
                .join(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
                .where(
                    ledger_accounts.c.owner_id == owner_id,
                    ledger_entries.c.transaction_id.in_([r.id for r in rows]),
                )
                .order_by(ledger_entries.c.id)
            ):
                entries.setdefault(transaction_id, []).append((kind, Money(int(amount), currency)))
        return [(row, entries.get(row.id, [])) for row in rows]


class Payments:
    """Cards, what payments keeps of each order, extra, tip and withdrawal, and sellers' levels."""

    def __init__(self, session):
        self.session = session

    def add(self, thing):
        self.session.add(thing)
        self.session.flush()

    def payment_method(self, method_id):
        return self.session.get(PaymentMethod, method_id)

    def payment_methods_of(self, owner_id):
        """The owner's cards, newest first."""
        return self.session.scalars(
            select(PaymentMethod)
            .where(PaymentMethod.owner_id == owner_id)
            .order_by(PaymentMethod.created_at.desc(), PaymentMethod.id.desc())
        ).all()

    def remove(self, thing):
        self.session.delete(thing)
        self.session.flush()

    def flush(self):
        """Write the changes made to loaded records now, in the order the caller makes
        them (un-marking one default card before marking another: a unique index)."""
        self.session.flush()

    def add_order_payment(self, order):
        """Write a new order's payment now, in one INSERT (#21): the record is not
        tracked by the session, so later changes to it would not be saved (a use case
        that changes an order's payment reads it with `order()`)."""
        self.session.execute(
            _INSERT_ORDER_PAYMENT, {c.key: getattr(order, c.key) for c in order_payments.c}
        )

    def paid(self, order_id):
        """The order's payment, or None: read only (not tracked by the session; a use
        case that changes it reads it with `order()`)."""
        row = self.session.execute(_ORDER_ROW, {"order_id": order_id}).first()
        return None if row is None else OrderPayment(**row._mapping)

    def card(self, method_id):
        """A payment method, or None: read only (not tracked by the session)."""
        row = self.session.execute(_CARD_ROW, {"method_id": method_id}).first()
        return None if row is None else PaymentMethod(**row._mapping)

    def order(self, order_id, lock=False):
        query = _ORDER_LOCKED if lock else _ORDER
        return self.session.scalars(query, {"order_id": order_id}).first()

    def orders(self):
        return self.session.scalars(select(OrderPayment)).all()

    def extra(self, extra_id):
        return self.session.get(ExtraPayment, extra_id)

    def tip(self, tip_id):
        return self.session.get(TipPayment, tip_id)

    def seller_level(self, user_id):
        return self.session.get(SellerLevel, user_id)

    def withdrawal(self, seller_id, request_id):
        return self.session.scalars(
            select(Withdrawal).where(
                Withdrawal.seller_id == seller_id, Withdrawal.request_id == request_id
            )
        ).first()

    def withdrawals_on(self, seller_id, day):
        return self.session.scalar(
            select(func.count())
            .select_from(Withdrawal)
            .where(Withdrawal.seller_id == seller_id, Withdrawal.day == day)
        )
