"""Every posting recipe of payments.domain.postings, alone: it balances (P1, through
ledger.transaction, which refuses an unbalanced one) and moves the right amounts."""

from datetime import UTC, datetime

import pytest

from microtache.money import Money

from payments.domain import ledger, postings
from payments.domain.ledger import Account

USD = lambda cents: Money(cents, "USD")  # noqa: E731
AT = datetime(2026, 1, 1, tzinfo=UTC)

WALLET = Account(ledger.BUYER_BALANCE, owner_id="b1")
CARDS = Account(ledger.EXTERNAL_CARDS)
ESCROW = Account(ledger.ESCROW, owner_id="o1")
PENDING = Account(ledger.SELLER_PENDING, owner_id="s1")
AVAILABLE = Account(ledger.SELLER_AVAILABLE, owner_id="s1")
REVENUE = Account(ledger.PLATFORM_REVENUE)
PAYOUTS = Account(ledger.EXTERNAL_PAYOUTS)


def booked(entries):
    """{account: amount} of a transaction the ledger accepts (it refuses an unbalanced one)."""
    transaction = ledger.transaction("test", "cause", entries, AT)
    assert sum(entry.amount for entry in transaction.entries) == 0
    return {account: amount.amount for account, amount in entries}


def test_p2_t3_paid_from_the_balance_first_then_the_card():
    assert postings.paid_from(WALLET, USD(1000), CARDS, USD(1938)) == [
        (WALLET, USD(-1000)),
        (CARDS, USD(-1938)),
    ]
    assert postings.paid_from(WALLET, USD(0), CARDS, USD(2938)) == [(CARDS, USD(-2938))]
    assert postings.paid_from(WALLET, USD(2938), None, USD(0)) == [(WALLET, USD(-2938))]
    with pytest.raises(ValueError):
        postings.paid_from(WALLET, USD(0), None, USD(1))


def test_p2_order_payment_puts_price_and_fee_into_escrow():
    sources = postings.paid_from(WALLET, USD(500), CARDS, USD(2438))
    assert booked(postings.order_payment(sources, ESCROW, USD(2500), USD(438))) == {
        WALLET: -500,
        CARDS: -2438,
        ESCROW: 2938,
    }


def test_o7_p2_extra_payment_adds_amount_and_fee_to_the_escrow():
    sources = postings.paid_from(WALLET, USD(0), CARDS, USD(1355))
    assert booked(postings.extra_payment(sources, ESCROW, USD(1000), USD(355))) == {
        CARDS: -1355,
        ESCROW: 1355,
    }


def test_p3_completion_empties_the_escrow_into_earnings_and_revenue():
    # price 2500 and an extra 1000 (the seller's price 3500), fees 438 + 355, commission 20%
    entries = postings.completion(ESCROW, PENDING, REVENUE, USD(3500), USD(793), USD(700))
    assert booked(entries) == {ESCROW: -4293, PENDING: 2800, REVENUE: 1493}


def test_p4_cancellation_returns_the_whole_escrow_to_the_buyer():
    assert booked(postings.cancellation_refund(ESCROW, WALLET, USD(2938))) == {
        ESCROW: -2938,
        WALLET: 2938,
    }


@pytest.mark.parametrize("source", [PENDING, AVAILABLE])
def test_p5_support_refund_takes_back_earnings_commission_and_fees(source):
    entries = postings.support_refund(source, REVENUE, WALLET, USD(2000), USD(500), USD(438))
    assert booked(entries) == {source: -2000, REVENUE: -938, WALLET: 2938}


def test_t2_p3_tip_less_commission_to_the_seller_fee_and_commission_to_the_platform():
    sources = postings.paid_from(WALLET, USD(200), CARDS, USD(1155))
    entries = postings.tip(sources, PENDING, REVENUE, USD(1000), USD(355), USD(200))
    assert booked(entries) == {WALLET: -200, CARDS: -1155, PENDING: 800, REVENUE: 555}


def test_p3_clearance_moves_earnings_from_pending_to_available():
    assert booked(postings.clearance(PENDING, AVAILABLE, USD(2000))) == {
        PENDING: -2000,
        AVAILABLE: 2000,
    }


def test_p6_withdrawal_moves_available_earnings_out_to_payouts():
    assert booked(postings.withdrawal(AVAILABLE, PAYOUTS, USD(5000))) == {
        AVAILABLE: -5000,
        PAYOUTS: 5000,
    }
