"""The ledger on a fresh PostgreSQL database, many workers at once (P1): what one SQLite
process, whose writers take turns, cannot show. Skipped when no PostgreSQL answers at
MICROTACHE_TEST_POSTGRES_URL."""

import threading

import pytest
from sqlalchemy import create_engine, func, select, text
from test_payments_orders import USD, FakeCards, card_of, check, run

from microtache.clock import Clock
from microtache.database import Store, driver_url

from payments.adapters.orm import ledger_accounts, metadata
from payments.adapters.repository import Ledger
from payments.adapters.unit_of_work import PaymentsUnitOfWork
from payments.contract import EVENTS
from payments.domain import ledger
from payments.service_layer import escrow as paying, settlement

from tests.support import POSTGRES_URL, postgres_databases

pytestmark = pytest.mark.postgres

WORKERS = 16  # the store's pool holds 10 + 10 connections


def postgres_answers():
    engine = create_engine(driver_url(POSTGRES_URL), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


@pytest.fixture
def fresh_store():
    if not postgres_answers():
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL} (MICROTACHE_TEST_POSTGRES_URL)")
    with postgres_databases(["payments"]) as urls:
        store = Store(
            "payments",
            metadata,
            urls["payments"],
            Clock(),
            "payments.migrations",
            events=EVENTS,
            unit_of_work=PaymentsUnitOfWork,
        )
        store.migrate()
        try:
            yield store
        finally:
            store.engine.dispose()


def all_at_once(count, work):
    """`work(n)` in `count` (green) threads released together; the exceptions raised."""
    start, failures = threading.Barrier(count), []

    def worker(n):
        start.wait()
        try:
            work(n)
        except Exception as exc:  # noqa: BLE001 (every failure is the test's result)
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return failures


def platform_accounts(store):
    with store.engine.connect() as conn:
        return dict(
            conn.execute(
                select(ledger_accounts.c.kind, func.count())
                .where(ledger_accounts.c.owner_id.is_(None))
                .group_by(ledger_accounts.c.kind)
            ).all()
        )


def test_p1_first_concurrent_payments_on_a_fresh_database_open_each_platform_account_once(
    fresh_store,
):
    """Issue 14, item 8: the first orders of a fresh database, paid by card and completed
    all at once, all succeed (no UniqueViolation on uq_ledger_platform_account), and the
    platform has one external_cards and one platform_revenue account."""
    store, cards = fresh_store, FakeCards()
    methods = [card_of(store, cards, f"b{n}") for n in range(WORKERS)]

    def pay(n):
        run(
            store,
            paying.pay_for_order,
            cards,
            {
                "order_id": f"o{n}",
                "buyer_id": f"b{n}",
                "seller_id": f"s{n % 3}",
                "price": USD(2500),
                "payment_method_id": methods[n],
            },
        )

    assert all_at_once(WORKERS, pay) == []
    assert (
        all_at_once(WORKERS, lambda n: run(store, settlement.complete_order, f"o{n}", None)) == []
    )
    assert platform_accounts(store) == {ledger.EXTERNAL_CARDS: 1, ledger.PLATFORM_REVENUE: 1}
    assert check(store)["transactions"] == 2 * WORKERS

    def platform_revenue(uow):
        repository = Ledger(uow.session)
        return repository.balance_of(repository.platform_account(ledger.PLATFORM_REVENUE, "USD"))

    revenue = run(store, platform_revenue)
    assert revenue == USD(WORKERS * (500 + 438))  # commission + fee of each order
