"""In-memory stand-ins for payments' unit of work (cosmicpython's FakeUnitOfWork): the
service layer runs against them in milliseconds, with no database and no broker.

`FakeLedger` and `FakePayments` answer what `payments.adapters.repository`'s `Ledger` and
`Payments` answer, method for method, over lists and dicts; the unique keys the database
holds (an account per owner, kind and currency; a transaction per cause, P7; one
withdrawal a day and per request, P6; one default card, T3) are checked here too, so a
use case that forgot its own check fails in the fake as it would on the database.
`publish` dumps through payments' contract (`EVENTS`) as the real one does.

What the fake does not do: roll back. A use case that raises after changing something
would leave the change here (the database would undo it); payments' use cases check
before they change, and the tests on a real store (test_payments_orders, _postgres)
keep covering rollbacks, locks and races.
"""

from collections import defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from microtache.money import Money

from payments.adapters.cards import SandboxCards
from payments.contract import EVENTS
from payments.domain.ledger import Account, Transaction
from payments.domain.orders import (
    ExtraPayment,
    OrderPayment,
    PaymentMethod,
    SellerLevel,
    TipPayment,
    Withdrawal,
)


class UniqueKeyViolated(Exception):
    """What the database's unique constraint would have refused."""


class FakeLedger:
    """`uow.ledger`: accounts and balanced transactions in lists."""

    def __init__(self):
        self.accounts: list[Account] = []
        self.transactions: list[Transaction] = []

    def _by_id(self):
        return {account.id: account for account in self.accounts}

    def _entries(self):
        """(transaction, entry, account) of every entry, in booking order."""
        accounts = self._by_id()
        for transaction in self.transactions:
            for entry in transaction.entries:
                yield transaction, entry, accounts[entry.account_id]

    # accounts
    def accounts_of(self, owner_id):
        return [account for account in self.accounts if account.owner_id == owner_id]

    def add_accounts(self, accounts):
        for account in accounts:
            if self._find(account.owner_id, account.kind, account.currency) is not None:
                raise UniqueKeyViolated(("ledger_accounts", account.owner_id, account.kind))
            self.accounts.append(account)

    def _find(self, owner_id, kind, currency):
        return next(
            (
                a
                for a in self.accounts
                if (a.owner_id, a.kind, a.currency) == (owner_id, kind, currency)
            ),
            None,
        )

    def account(self, owner_id, kind, currency, lock=False):
        """The owner's account of this kind, opened on first use (as the real one)."""
        found = self._find(owner_id, kind, currency)
        if found is None:
            found = Account(kind, currency, owner_id)
            self.accounts.append(found)
        return found

    def platform_account(self, kind, currency):
        return self.account(None, kind, currency)

    def locked_balance(self, owner_id, kind, currency):
        account = self.account(owner_id, kind, currency, lock=True)
        return account, self.balance_of(account)

    def new_account(self, owner_id, kind, currency):
        return self.account(owner_id, kind, currency)

    def balance_of(self, account):
        total = sum(e.amount for _, e, a in self._entries() if a.id == account.id)
        return Money(total, account.currency)

    def credits_by_cause(self, owner_id, kind, cause_type):
        totals = defaultdict(int)
        for transaction, entry, account in self._entries():
            if (account.owner_id, account.kind, transaction.cause_type) == (
                owner_id,
                kind,
                cause_type,
            ):
                totals[account.currency] += entry.amount
        return {currency: Money(-total, currency) for currency, total in totals.items()}

    def _totals(self):
        totals = defaultdict(int)
        for _, entry, account in self._entries():
            totals[account.id] += entry.amount
        return totals

    def all_balances(self):
        totals = self._totals()
        return [(a.owner_id, a.kind, Money(totals.get(a.id, 0), a.currency)) for a in self.accounts]

    def balances_of(self, owner_id):
        totals = self._totals()
        return {
            a.kind: Money(totals.get(a.id, 0), a.currency)
            for a in self.accounts
            if a.owner_id == owner_id
        }

    # transactions
    def transaction_for(self, cause_type, cause_id):
        return next(
            (t for t in self.transactions if (t.cause_type, t.cause_id) == (cause_type, cause_id)),
            None,
        )

    def add_transaction(self, transaction):
        if self.transaction_for(transaction.cause_type, transaction.cause_id) is not None:
            raise UniqueKeyViolated(("ledger_transactions", transaction.cause_type))
        known = self._by_id()
        missing = [e.account_id for e in transaction.entries if e.account_id not in known]
        if missing:
            raise KeyError(f"entries on unknown accounts {missing}")  # the foreign key
        self.transactions.append(transaction)

    def transaction_amounts(self):
        accounts = self._by_id()
        for transaction in sorted(self.transactions, key=lambda t: t.id):
            yield (
                transaction.id,
                [Money(e.amount, accounts[e.account_id].currency) for e in transaction.entries],
            )

    def transactions_of(self, owner_id, limit, after=None):
        accounts = self._by_id()
        mine = [
            (t, [e for e in t.entries if accounts[e.account_id].owner_id == owner_id])
            for t in self.transactions
        ]
        mine = sorted(
            ((t, entries) for t, entries in mine if entries),
            key=lambda pair: (pair[0].created_at, pair[0].id),
            reverse=True,
        )
        if after is not None:
            mine = [(t, e) for t, e in mine if (t.created_at, t.id) < tuple(after)]
        return [
            (
                t,
                [
                    (
                        accounts[e.account_id].kind,
                        Money(e.amount, accounts[e.account_id].currency),
                    )
                    for e in entries
                ],
            )
            for t, entries in mine[:limit]
        ]


class FakePayments:
    """`uow.payments`: cards, orders' payments, extras, tips, withdrawals, sellers' levels."""

    def __init__(self):
        self.methods: dict[str, PaymentMethod] = {}
        self.order_payments: dict[str, OrderPayment] = {}
        self.extras: dict[str, ExtraPayment] = {}
        self.tips: dict[str, TipPayment] = {}
        self.levels: dict[str, SellerLevel] = {}
        self.withdrawals: list[Withdrawal] = []

    def add(self, thing):
        if isinstance(thing, PaymentMethod):
            self.methods[thing.id] = thing
        elif isinstance(thing, OrderPayment):
            self._unique(self.order_payments, thing.order_id, thing)
        elif isinstance(thing, ExtraPayment):
            self._unique(self.extras, thing.extra_id, thing)
        elif isinstance(thing, TipPayment):
            self._unique(self.tips, thing.tip_id, thing)
        elif isinstance(thing, SellerLevel):
            self._unique(self.levels, thing.user_id, thing)
        elif isinstance(thing, Withdrawal):
            if self.withdrawal(thing.seller_id, thing.request_id) is not None:
                raise UniqueKeyViolated(("withdrawals", "request", thing.request_id))
            if self.withdrawals_on(thing.seller_id, thing.day):
                raise UniqueKeyViolated(("withdrawals", "day", thing.day))  # P6
            self.withdrawals.append(thing)
        else:
            raise TypeError(thing)
        self.flush()

    def paid(self, order_id):
        return self.order(order_id)

    def card(self, method_id):
        return self.payment_method(method_id)

    def add_order_payment(self, order):
        self.add(order)

    @staticmethod
    def _unique(store, key, thing):
        if key in store:
            raise UniqueKeyViolated((type(thing).__name__, key))
        store[key] = thing

    def flush(self):
        """The unique index on each owner's default card (T3)."""
        defaults = [m.owner_id for m in self.methods.values() if m.is_default]
        if len(defaults) != len(set(defaults)):
            raise UniqueKeyViolated(("payment_methods", "default"))

    def remove(self, thing):
        assert isinstance(thing, PaymentMethod), thing
        del self.methods[thing.id]

    def payment_method(self, method_id):
        return self.methods.get(method_id)

    def payment_methods_of(self, owner_id):
        """The owner's cards, newest first."""
        return sorted(
            (m for m in self.methods.values() if m.owner_id == owner_id),
            key=lambda m: (m.created_at, m.id),
            reverse=True,
        )

    def order(self, order_id, lock=False):
        return self.order_payments.get(order_id)

    def orders(self):
        return list(self.order_payments.values())

    def extra(self, extra_id):
        return self.extras.get(extra_id)

    def tip(self, tip_id):
        return self.tips.get(tip_id)

    def seller_level(self, user_id):
        return self.levels.get(user_id)

    def withdrawal(self, seller_id, request_id):
        return next(
            (w for w in self.withdrawals if (w.seller_id, w.request_id) == (seller_id, request_id)),
            None,
        )

    def withdrawals_on(self, seller_id, day):
        return sum(1 for w in self.withdrawals if (w.seller_id, w.day) == (seller_id, day))


T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # a Monday noon, UTC


class FakeClock:
    """The platform clock, standing still until a test moves it (S4)."""

    def __init__(self, now=T0):
        self.at = now

    def now(self):
        return self.at

    def advance(self, **delta):
        self.at += timedelta(**delta)


class FakeUnitOfWork:
    """`PaymentsUnitOfWork` in memory: `uow.ledger` and `uow.payments` by the same names;
    what it publishes (dumped through payments.contract's EVENTS, deadlines included) in
    `published`, committed or not."""

    def __init__(self, clock=None):
        self.clock = clock or FakeClock()
        self.ledger, self.payments = FakeLedger(), FakePayments()
        self.published, self.handled = [], set()

    def now(self):
        return self.clock.now()

    def publish(self, event_type, payload):
        message = {"event_type": event_type, **EVENTS.dump(event_type, payload)}
        self.published.append(message)
        return message

    def handled_before(self, event_id, consumer):
        return (event_id, consumer) in self.handled

    def mark_handled(self, event_id, consumer):
        self.handled.add((event_id, consumer))

    def of_type(self, event_type):
        return [m for m in self.published if m["event_type"] == event_type]


class FakeStore:
    """`microtache.database.Store` as the entrypoints use it: one in-memory unit of work,
    the same in every transaction (nothing is rolled back, see the module's note)."""

    def __init__(self, clock=None):
        self.uow = FakeUnitOfWork(clock)
        self.clock = self.uow.clock

    @contextmanager
    def unit_of_work(self):
        yield self.uow

    read_only = unit_of_work

    def handle_once(self, event, handler, consumer):
        if self.uow.handled_before(event["event_id"], consumer):
            return None
        result = handler(self.uow, event)
        self.uow.mark_handled(event["event_id"], consumer)
        return result


class RecordingCards:
    """The sandbox processor's answers (4242... succeeds, 4000...0002 is declined), with
    every charge kept in `charges` as (token, Money)."""

    def __init__(self):
        self.sandbox, self.charges = SandboxCards(), []

    def register(self, card_number):
        return self.sandbox.register(card_number)

    def charge(self, card_token, amount):
        charge_id = self.sandbox.charge(card_token, amount)
        self.charges.append((card_token, amount))
        return charge_id
