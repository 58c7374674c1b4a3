"""The durations and bounds of an order's life, in one place (docs/rules.md, O1-O11).

Defined in the contract (the command schemas state the bounds); the domain imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from orders.contract.uploads import DELIVERY_USE

# O11: support cancels a completed order only within this many days of its completion
# (payments refunds within the same window: it may import this constant).
SUPPORT_CANCELLATION_DAYS = 14


@dataclass(frozen=True)
class OrderPolicies:
    review_period: timedelta = timedelta(days=3)  # O4: accept, revise or extend
    physical_review_period: timedelta = timedelta(days=14)  # O4: services that ship an item
    max_review_extension_days: int = 5  # O4: per extension, repeatable
    extension_answer_time: timedelta = timedelta(hours=48)  # O6: then accepted by itself
    max_extension_days: int = 30  # O6: one request adds at most this
    very_late_after: timedelta = timedelta(hours=24)  # O8: late, then very late
    cancellation_answer_time: timedelta = timedelta(days=2)  # O9: then cancelled by itself
    support_cancellation_window: timedelta = timedelta(days=SUPPORT_CANCELLATION_DAYS)  # O11
    max_file_size: int = DELIVERY_USE.max_bytes  # O3: each delivered file (1 GB)
    # Ceilings (product, issue 15): gigs and offers are $5 to $10,000 (catalog, requests);
    # an order's price, its extras included (at placement or paid later, O7), is at most
    # twice that; payments refuses above the same $20,000 (its `payment_max`).
    max_order_price: int = 2_000_000  # $20,000
    max_extra_price: int = 1_000_000  # O7: one paid extra, $10,000


POLICIES = OrderPolicies()

CANCELLATION_REASONS = (  # O9: the resolution center's list
    "buyer_not_responsive",
    "seller_not_responsive",
    "work_not_as_described",
    "order_placed_by_mistake",
    "cannot_complete",
    "mutual_agreement",
    "other",
)

__all__ = ["CANCELLATION_REASONS", "POLICIES", "SUPPORT_CANCELLATION_DAYS", "OrderPolicies"]
