"""The order payment's state machine (P2-P5): one table of allowed moves."""

from datetime import UTC, datetime, timedelta

import pytest

from microtache.money import Money

from payments.domain import order_states
from payments.domain.order_states import CANCELLED, COMPLETED, PAID, REFUNDED, IllegalTransition
from payments.domain.orders import OrderPayment

AT = datetime(2026, 1, 1, tzinfo=UTC)


def order():
    return OrderPayment(
        order_id="o1",
        buyer_id="b1",
        seller_id="s1",
        currency="USD",
        price=2500,
        fee=438,
        from_balance=0,
        from_card=2938,
        paid_at=AT,
    )


@pytest.mark.parametrize(
    "status,target,allowed",
    [
        (PAID, COMPLETED, True),
        (PAID, CANCELLED, True),
        (PAID, REFUNDED, False),
        (COMPLETED, REFUNDED, True),
        (COMPLETED, CANCELLED, False),
        (COMPLETED, PAID, False),
        (CANCELLED, PAID, False),
        (CANCELLED, REFUNDED, False),
        (REFUNDED, COMPLETED, False),
    ],
)
def test_p3_p4_p5_the_table_says_which_moves_are_allowed(status, target, allowed):
    assert order_states.can_move(status, target) is allowed


def test_p3_completion_sets_earnings_and_clearance():
    paid = order()
    paid.add_extra(Money(1000, "USD"), Money(355, "USD"))
    earnings = paid.complete(AT, Money(700, "USD"), timedelta(days=14))
    assert (paid.status, earnings, paid.clears_at) == (
        COMPLETED,
        Money(2800, "USD"),
        AT + timedelta(days=14),
    )
    assert not paid.holds_escrow
    paid.refund()
    assert paid.status == REFUNDED


def test_p4_o12_a_cancelled_payment_never_completes_nor_refunds():
    cancelled = order()
    cancelled.cancel()
    for move in (
        lambda: cancelled.complete(AT, Money(0, "USD"), timedelta(0)),
        cancelled.refund,
        cancelled.cancel,
    ):
        with pytest.raises(IllegalTransition):
            move()
    assert cancelled.status == CANCELLED
