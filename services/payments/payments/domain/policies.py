"""Every rate and limit of payments, in one configuration (P2, P3, P6, T2): plain Python.

Money is `Money` in integer minor units; percentages are basis points
(550 = 5.5 %), rounded half up to the cent by `Money.percent`.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from microtache.money import MAX_AMOUNT, Money

from orders.contract import SUPPORT_CANCELLATION_DAYS
from payments.contract.limits import PAYMENT_MAX, TIP_MAX, WITHDRAWAL_MAX


@dataclass(frozen=True)
class Policies:
    service_fee_bp: int = 550  # P2: buyer's service fee on every payment...
    small_payment_fee: int = 300  # ...plus $3...
    small_payment_under: int = 10_000  # ...on payments under $100
    commission_bp: int = 2_000  # P3: the platform's commission on the seller's price
    clearance_days: int = 14  # P3
    # O11, P5: support takes earnings back within orders' window, which orders defines
    support_window: timedelta = timedelta(days=SUPPORT_CANCELLATION_DAYS)
    fast_clearance_days: int = 7  # P3: for the levels below
    # P3 (docs/rules.md) names Top Rated and Pro; the product document (seed 004) also
    # names Seller Plus members, and the documents win: a seller's "level" may be it.
    fast_clearance_levels: tuple[str, ...] = ("top_rated", "pro", "seller_plus")
    withdrawal_max: int = WITHDRAWAL_MAX  # P6: at most $5,000 each...
    withdrawals_per_day: int = 1  # ...and one a platform day (UTC date)
    tip_min: int = 500  # T2: at least $5...
    tip_small_order_under: int = 2_500  # ...for an order under $25...
    tip_small_order_max: int = 2_500  # ...at most $25; otherwise at most the order's price
    # Ceilings (product, issue 15): no amount is unbounded. Seed 001 caps a tip at the
    # order's price; gigs and offers are $5 to $10,000 (catalog, requests), and extras
    # (at placement or added later, O7) may take an order to twice that.
    payment_max: int = PAYMENT_MAX  # one order's price with its extras: $20,000
    tip_max: int = TIP_MAX  # T2: at most the order's price, so at most this
    ledger_entry_max: int = MAX_AMOUNT  # P1: any one entry ($1,000,000): defence in depth


POLICIES = Policies()
Problem = dict[str, Any]  # why a rule refuses: details for the caller


def service_fee(amount: Money, policies: Policies = POLICIES) -> Money:
    """P2: the buyer's fee on a payment of `amount` (an order's price, a tip)."""
    fee = amount.percent(policies.service_fee_bp)
    if amount.amount < policies.small_payment_under:
        fee = fee + Money(policies.small_payment_fee, amount.currency)
    return fee


def commission(price: Money, policies: Policies = POLICIES) -> Money:
    """P3: what the platform keeps of the seller's price."""
    return price.percent(policies.commission_bp)


def seller_earnings(price: Money, policies: Policies = POLICIES) -> Money:
    return price - commission(price, policies)


def normal_level(level: str | None) -> str:
    return (level or "").strip().lower().replace(" ", "_").replace("-", "_")


def clearance_period(seller_level: str | None, policies: Policies = POLICIES) -> timedelta:
    """P3: how long earnings stay in clearance after completion, by seller level."""
    if normal_level(seller_level) in policies.fast_clearance_levels:
        return timedelta(days=policies.fast_clearance_days)
    return timedelta(days=policies.clearance_days)


def tip_bounds(order_price: Money, policies: Policies = POLICIES) -> tuple[Money, Money]:
    """T2: (minimum, maximum) tip for an order of this price; never above `tip_max`."""
    if order_price.amount < policies.tip_small_order_under:
        maximum = Money(policies.tip_small_order_max, order_price.currency)
    else:
        maximum = min(order_price, Money(policies.tip_max, order_price.currency))
    return Money(policies.tip_min, order_price.currency), maximum


def tip_problem(order_price: Money, tip: Money, policies: Policies = POLICIES) -> Problem | None:
    """Why T2 refuses this tip (a dict of details), or None."""
    minimum, maximum = tip_bounds(order_price, policies)
    if tip.currency != order_price.currency or not minimum <= tip <= maximum:
        return {"amount": tip.to_dict(), "minimum": minimum.to_dict(), "maximum": maximum.to_dict()}
    return None


def payment_problem(
    price: Money, already: int = 0, policies: Policies = POLICIES
) -> Problem | None:
    """Why an order's payment (or a paid extra, beside the `already` paid price and
    extras of its order) is refused by the ceiling: a dict of details, or None."""
    if price.amount <= 0 or already + price.amount > policies.payment_max:
        return {
            "amount": price.to_dict(),
            "already_paid": already,
            "maximum": Money(policies.payment_max, price.currency).to_dict(),
        }
    return None


def withdrawal_problem(
    amount: Money, available: Money, withdrawals_today: int, policies: Policies = POLICIES
) -> tuple[str, str, Problem] | None:
    """Why P6 refuses this withdrawal: (kind, message, details) with kind "limit"
    (a bound on the amount) or "daily" (one a day already made), or None."""
    if withdrawals_today >= policies.withdrawals_per_day:
        return (
            "daily",
            "Only one withdrawal a day is allowed; try again tomorrow.",
            {"withdrawals_today": withdrawals_today, "per_day": policies.withdrawals_per_day},
        )
    if not 0 < amount.amount <= policies.withdrawal_max:
        return (
            "limit",
            "A withdrawal is at most $5,000.",
            {
                "amount": amount.to_dict(),
                "maximum": Money(policies.withdrawal_max, amount.currency).to_dict(),
            },
        )
    if amount > available:
        return (
            "limit",
            "A withdrawal cannot exceed the available balance.",
            {"amount": amount.to_dict(), "available": available.to_dict()},
        )
    return None
