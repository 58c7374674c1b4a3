"""The one configuration of rates and limits (P2, P3, P6, T2): the domain alone."""

from datetime import timedelta

import pytest

from microtache.money import Money

from payments.domain import policies
from payments.domain.cards import luhn_valid

USD = lambda cents: Money(cents, "USD")  # noqa: E731


@pytest.mark.parametrize(
    "price, fee",
    [
        (2500, 138 + 300),  # 5.5 % of $25 = 137.5, rounded half up, plus $3 under $100
        (9999, 550 + 300),  # 549.945 -> 550, still under $100
        (10000, 550),  # $100: no $3
        (200000, 11000),
        (500, 28 + 300),  # 27.5 -> 28
    ],
)
def test_p2_service_fee_examples(price, fee):
    assert policies.service_fee(USD(price)) == USD(fee)


def test_p3_commission_is_twenty_percent_and_earnings_the_rest():
    assert policies.commission(USD(2500)) == USD(500)
    assert policies.seller_earnings(USD(2501)) == USD(2001)  # 500.2 -> 500


@pytest.mark.parametrize(
    "level, days",
    [
        (None, 14),
        ("new", 14),
        ("level_1", 14),
        ("level_2", 14),
        ("top_rated", 7),
        ("Top Rated", 7),
        ("pro", 7),
        ("PRO", 7),
        ("seller_plus", 7),  # seed 004 (the documents win over P3)
    ],
)
def test_p3_clearance_period_by_level(level, days):
    assert policies.clearance_period(level) == timedelta(days=days)


@pytest.mark.parametrize(
    "order_price, tip, allowed",
    [
        (1000, 499, False),
        (1000, 500, True),
        (1000, 2500, True),
        (1000, 2501, False),
        (2499, 2500, True),
        (2499, 2501, False),
        (2500, 2500, True),
        (2500, 2501, False),  # at $25: at most the price
        (10000, 10000, True),
        (10000, 10001, False),
        (10000, 499, False),
    ],
)
def test_t2_tip_limits(order_price, tip, allowed):
    assert (policies.tip_problem(USD(order_price), USD(tip)) is None) == allowed


def test_t2_tip_problem_names_the_bounds():
    assert policies.tip_problem(USD(1000), USD(3000)) == {
        "amount": USD(3000).to_dict(),
        "minimum": USD(500).to_dict(),
        "maximum": USD(2500).to_dict(),
    }


def test_p6_withdrawal_limits():
    assert policies.withdrawal_problem(USD(500000), USD(900000), 0) is None
    assert policies.withdrawal_problem(USD(500001), USD(900000), 0)[0] == "limit"
    assert policies.withdrawal_problem(USD(1001), USD(1000), 0)[0] == "limit"
    assert policies.withdrawal_problem(USD(1000), USD(1000), 0) is None
    assert policies.withdrawal_problem(USD(10), USD(1000), 1)[0] == "daily"


def test_sandbox_card_numbers_pass_luhn():
    assert luhn_valid("4242424242424242") and luhn_valid("4000000000000002")
    assert luhn_valid("4000000000000119") and not luhn_valid("4242424242424241")
