"""Tips (T1, T2): plain Python, no framework. The money itself moves in payments (T3).

An order is tipped once (product), by its buyer, within 7 days of completion (T1); a tip
is at least $5, and at most $25 for an order under $25, else at most the order's price
(T2). Payments checks T2 again when it takes the money.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from microtache.errors import Conflict, Forbidden, RuleViolation
from microtache.money import Money

from reviews.domain.orders import BUYER, COMPLETED, OrderFacts
from reviews.domain.policies import POLICIES, ReviewPolicies

PENDING, PAID = "pending", "paid"


@dataclass(eq=False)
class Tip:
    """Written `pending` before payments is asked (so an order is tipped once even when
    two requests race), `paid` with payments' receipt."""

    tip_id: str
    order_id: str
    buyer_id: str
    seller_id: str
    amount: Money
    created_at: datetime
    message: str = ""
    status: str = PENDING
    receipt: dict[str, Any] | None = None
    paid_at: datetime | None = None
    message_posted_at: datetime | None = None

    def paid(self, receipt: dict[str, Any], now: datetime) -> None:
        if self.status == PENDING:
            self.status, self.receipt, self.paid_at = PAID, receipt, now


def bounds(order_price: Money, policies: ReviewPolicies = POLICIES) -> tuple[Money, Money]:
    """T2: (minimum, maximum) tip for an order of this price; never above `tip_max`."""
    if order_price.amount < policies.tip_small_order_under:
        maximum = Money(policies.tip_small_order_max, order_price.currency)
    else:
        maximum = min(order_price, Money(policies.tip_max, order_price.currency))
    return Money(policies.tip_min, order_price.currency), maximum


def suggestions(order_price: Money, policies: ReviewPolicies = POLICIES) -> list[Money]:
    """T1: three suggested tips from the order's price (shares of it in whole dollars,
    each at least its floor), within T2's bounds."""
    minimum, maximum = bounds(order_price, policies)
    suggested = []
    for basis_points, floor in policies.tip_suggestions:
        share = order_price.percent(basis_points).amount
        dollars = (share + 50) // 100 * 100
        amount = min(max(dollars, floor, minimum.amount), maximum.amount)
        suggested.append(Money(amount, order_price.currency))
    return suggested


def window_ends_at(order: OrderFacts, policies: ReviewPolicies = POLICIES) -> datetime | None:
    return order.completed_at + policies.tip_window if order.completed_at else None


def check_tip(
    order: OrderFacts,
    caller: Mapping[str, Any],
    amount: Money,
    now: datetime,
    policies: ReviewPolicies = POLICIES,
) -> None:
    """T1: the buyer, on a completed order, within 7 days; T2: the bounds."""
    if order.role_of(caller) != BUYER:
        raise Forbidden("Only the order's buyer tips its seller (T1).", {"order_id": order.id})
    if order.status != COMPLETED:
        raise Conflict("Only a completed order can be tipped (T1).", {"status": order.status})
    ends_at = window_ends_at(order, policies)
    if ends_at is None or now >= ends_at:
        raise Conflict(
            "Tips are open for 7 days after completion (T1).",
            {"ended_at": ends_at.isoformat() if ends_at else None},
        )
    minimum, maximum = bounds(order.price, policies)
    if amount.currency != order.price.currency or not minimum <= amount <= maximum:
        raise RuleViolation(
            "A tip is at least $5, and at most $25 for an order under $25 or "
            "else at most the order's price (T2).",
            {
                "amount": amount.to_dict(),
                "minimum": minimum.to_dict(),
                "maximum": maximum.to_dict(),
            },
        )


def check_once(existing: Tip | None, tip_id: str, amount: Money) -> None:
    """An order is tipped once (product): the same tip again (its key, or a pending one
    with the same amount) goes on; another is refused."""
    if existing is None:
        return
    if existing.status == PENDING and existing.amount == amount:
        return
    if existing.tip_id != tip_id or existing.amount != amount:
        raise Conflict(
            "This order was tipped already: an order is tipped once.", {"tip_id": existing.tip_id}
        )
