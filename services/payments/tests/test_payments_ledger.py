"""The ledger (P1, P7): the domain alone, then through a real (SQLite) database."""

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from microtache.clock import utcnow
from microtache.money import Money

from payments.adapters.orm import ledger_accounts, ledger_entries, ledger_transactions, metadata
from payments.adapters.repository import Ledger
from payments.domain import ledger
from payments.domain.ledger import Account, UnbalancedTransaction
from payments.service_layer import accounts, booking, views

USD = lambda cents: Money(cents, "USD")  # noqa: E731


# --- the domain, no infrastructure ---------------------------------------------


def test_p1_balanced_transaction_moves_money():
    card, wallet = Account(ledger.EXTERNAL_CARDS), Account(ledger.BUYER_BALANCE, owner_id="u1")
    booked = ledger.transaction(
        "deposit", "d1", [(card, USD(-2500)), (wallet, USD(2500))], utcnow()
    )
    assert [(e.account_id, e.amount) for e in booked.entries] == [
        (card.id, -2500),
        (wallet.id, 2500),
    ]
    assert ledger.balance([e.amount for e in booked.entries]) == USD(0)


def test_p1_transaction_over_three_accounts_balances():
    """An order payment: the card and the balance pay escrow together."""
    card, wallet, escrow = (
        Account(ledger.EXTERNAL_CARDS),
        Account(ledger.BUYER_BALANCE, owner_id="u1"),
        Account(ledger.ESCROW, owner_id="o1"),
    )
    booked = ledger.transaction(
        "order_payment",
        "o1",
        [(wallet, USD(-1000)), (card, USD(-1550)), (escrow, USD(2550))],
        utcnow(),
    )
    assert sum(e.amount for e in booked.entries) == 0


def test_p1_unbalanced_transaction_is_refused():
    card, wallet = Account(ledger.EXTERNAL_CARDS), Account(ledger.BUYER_BALANCE, owner_id="u1")
    with pytest.raises(UnbalancedTransaction, match="debits"):
        ledger.transaction("deposit", "d1", [(card, USD(-2500)), (wallet, USD(2499))], utcnow())


@pytest.mark.parametrize(
    "amounts, reason",
    [
        ([USD(100)], "at least two entries"),
        ([USD(100), Money(-100, "EUR")], "one currency"),
        ([USD(0), USD(0)], "non-zero"),
    ],
)
def test_p1_malformed_transactions_are_refused(amounts, reason):
    assert reason in ledger.balance_problem(amounts)


def test_p1_entry_currency_must_match_its_account():
    card, wallet = (
        Account(ledger.EXTERNAL_CARDS, "EUR"),
        Account(ledger.BUYER_BALANCE, owner_id="u1"),
    )
    with pytest.raises(UnbalancedTransaction):
        ledger.transaction(
            "deposit", "d1", [(card, Money(-100, "EUR")), (wallet, Money(100, "EUR"))], utcnow()
        )


def test_p7_transaction_names_its_cause():
    card, wallet = Account(ledger.EXTERNAL_CARDS), Account(ledger.BUYER_BALANCE, owner_id="u1")
    with pytest.raises(ValueError, match="P7"):
        ledger.transaction("", "d1", [(card, USD(-1)), (wallet, USD(1))], utcnow())


def test_p1_user_and_platform_accounts():
    with pytest.raises(ValueError):
        Account(ledger.PLATFORM_REVENUE, owner_id="u1")
    with pytest.raises(ValueError):
        Account(ledger.ESCROW)  # an escrow belongs to one order
    with pytest.raises(ValueError):
        Account(ledger.BUYER_BALANCE)
    with pytest.raises(ValueError):
        Account("savings", owner_id="u1")
    assert [
        a.kind for a in ledger.open_user_accounts("u1", existing_kinds={ledger.BUYER_BALANCE})
    ] == [ledger.SELLER_PENDING, ledger.SELLER_AVAILABLE]


# --- through the database ------------------------------------------------------


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "payments.migrations")
    return store


def signed_up(user_id, event_id="e-1"):
    return {
        "event_id": event_id,
        "event_type": "user_signed_up",
        "user_id": user_id,
        "username": "ada",
        "country": "FR",
    }


def outbox_types(store):
    with store.engine.connect() as conn:
        return [
            row.event_type
            for row in conn.execute(select(metadata.tables["outbox_messages"].c.event_type))
        ]


def test_p1_sign_up_opens_the_users_accounts_once(store):
    store.handle_once(
        signed_up("u1"), accounts.open_user_accounts, consumer="accounts.open_user_accounts"
    )
    store.handle_once(
        signed_up("u1"), accounts.open_user_accounts, consumer="accounts.open_user_accounts"
    )  # redelivered
    store.handle_once(
        signed_up("u1", "e-2"), accounts.open_user_accounts, consumer="accounts.open_user_accounts"
    )  # republished
    with store.unit_of_work() as uow:
        kinds = sorted(a.kind for a in Ledger(uow.session).accounts_of("u1"))
        assert kinds == sorted(ledger.USER_KINDS)
        assert views.balance(uow, "u1") == {
            name: USD(0)
            for name in ("buyer_balance", "pending_clearance", "available", "withdrawn")
        }
    assert outbox_types(store) == ["accounts_opened"]


def deposit(store, user_id, cents, cause_id):
    with store.unit_of_work() as uow:
        repository = Ledger(uow.session)
        wallet = next(a for a in repository.accounts_of(user_id) if a.kind == ledger.BUYER_BALANCE)
        card = repository.platform_account(ledger.EXTERNAL_CARDS, "USD")
        return booking.post_transaction(
            uow, "deposit", cause_id, [(card, USD(-cents)), (wallet, USD(cents))]
        )


def test_p7_same_cause_books_once(store):
    store.handle_once(
        signed_up("u1"), accounts.open_user_accounts, consumer="accounts.open_user_accounts"
    )
    first, created = deposit(store, "u1", 2500, "d1")
    again, created_again = deposit(store, "u1", 2500, "d1")
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    with store.unit_of_work() as uow:
        assert views.balance(uow, "u1")["buyer_balance"] == USD(2500)
        assert views.check_ledger(uow) == {
            "balanced": True,
            "transactions": 1,
            "unbalanced": [],
            "negative_balances": [],
            "finished_escrows_not_empty": [],
        }


def test_p7_database_refuses_a_second_transaction_for_a_cause(store):
    """The unique key holds even for a writer that skips the repository's check."""
    row = {"cause_type": "tip", "cause_id": "t1", "created_at": utcnow()}
    with store.engine.begin() as conn:
        conn.execute(insert(ledger_transactions).values(id="a", **row))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(ledger_transactions).values(id="b", **row))


def test_p1_platform_accounts_are_unique(store):
    with store.unit_of_work() as uow:
        revenue = Ledger(uow.session).platform_account(ledger.PLATFORM_REVENUE, "USD")
        assert Ledger(uow.session).platform_account(ledger.PLATFORM_REVENUE, "USD").id == revenue.id
        # what a worker that lost the race to open it does: insert nothing, no error
        Ledger(uow.session)._open(None, ledger.PLATFORM_REVENUE, "USD")
        Ledger(uow.session)._open("u1", ledger.BUYER_BALANCE, "USD")
        Ledger(uow.session)._open("u1", ledger.BUYER_BALANCE, "USD")
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ledger_accounts)) == 2
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(
            insert(ledger_accounts).values(
                id="x", owner_id=None, kind=ledger.PLATFORM_REVENUE, currency="USD"
            )
        )


def test_p1_check_ledger_reports_an_unbalanced_transaction(store):
    store.handle_once(
        signed_up("u1"), accounts.open_user_accounts, consumer="accounts.open_user_accounts"
    )
    deposit(store, "u1", 1000, "d1")
    with store.unit_of_work() as uow:  # a corrupt row written around the domain
        wallet = next(
            a for a in Ledger(uow.session).accounts_of("u1") if a.kind == ledger.BUYER_BALANCE
        )
    with store.engine.begin() as conn:
        conn.execute(
            insert(ledger_transactions).values(
                id="bad", cause_type="deposit", cause_id="d2", created_at=utcnow()
            )
        )
        conn.execute(
            insert(ledger_entries).values(transaction_id="bad", account_id=wallet.id, amount=700)
        )
        assert conn.scalar(select(func.count()).select_from(ledger_entries)) == 3
    with store.unit_of_work() as uow:
        assert views.check_ledger(uow) == {
            "balanced": False,
            "transactions": 2,
            "unbalanced": ["bad"],
            "negative_balances": [],
            "finished_escrows_not_empty": [],
        }
