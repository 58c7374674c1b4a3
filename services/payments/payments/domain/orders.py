"""What payments keeps about each paid order, extra, tip, card and withdrawal, and
about sellers' levels: plain Python.

Amounts are ints of minor units in `currency`; `Money` views are properties.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from microtache.money import Money

from payments.domain.order_states import (
    CANCELLED,
    COMPLETED,
    HOLDS_ESCROW,
    PAID,
    REFUNDED,
    moved,
)

__all__ = [
    "CANCELLED",
    "COMPLETED",
    "PAID",
    "REFUNDED",
    "DEFAULT_SELLER_LEVEL",
    "ExtraPayment",
    "OrderPayment",
    "PaymentMethod",
    "SellerLevel",
    "TipPayment",
    "Withdrawal",
    "default_of",
]


@dataclass(eq=False)
class PaymentMethod:
    owner_id: str
    brand: str
    last4: str
    token: str  # the processor's token (the sandbox's is the number itself)
    created_at: datetime
    is_default: bool = False  # the card charged when a payment names none (T3)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def default_of(methods: Sequence[PaymentMethod]) -> PaymentMethod | None:
    """Which of an owner's cards is their default (T3): the one marked, else the newest,
    so that the first card added is the default and removing the default hands it to
    the newest card left; None without a card."""
    marked = next((m for m in methods if m.is_default), None)
    return marked or max(methods, key=lambda m: (m.created_at, m.id), default=None)


@dataclass(eq=False)
class OrderPayment:
    order_id: str
    buyer_id: str
    seller_id: str
    currency: str
    price: int
    fee: int
    from_balance: int
    from_card: int
    paid_at: datetime
    status: str = PAID
    earnings: int | None = None  # the seller's share, set on completion
    commission: int | None = None
    completed_at: datetime | None = None
    clears_at: datetime | None = None
    charge_id: str | None = None
    extras: int = 0  # the paid extras' prices (O7), beside `price`...
    extras_fee: int = 0  # ...and their service fees, beside `fee`

    def money(self, cents: int | None) -> Money:
        return Money(cents or 0, self.currency)

    @property
    def seller_price(self) -> Money:
        """What the seller is paid for, before commission: the price and the paid extras."""
        return self.money(self.price + self.extras)

    @property
    def fees(self) -> Money:
        """Every service fee the buyer paid on this order: the order's and its extras'."""
        return self.money(self.fee + self.extras_fee)

    @property
    def total(self) -> Money:
        """All the order's escrow holds while it is paid: what completion, cancellation
        and support cancellation settle (P3-P5)."""
        return self.seller_price + self.fees

    @property
    def holds_escrow(self) -> bool:
        """Whether its escrow still holds the buyer's money (P1's audit), which is also
        whether extras may still be paid into it (O7)."""
        return self.status in HOLDS_ESCROW

    def add_extra(self, amount: Money, fee: Money) -> None:
        """O7: a paid extra grows the seller's price and the fees completion settles."""
        self.extras += amount.amount
        self.extras_fee += fee.amount

    def complete(self, now: datetime, commission: Money, clearance: timedelta) -> Money:
        """P3: paid -> completed; the seller's earnings (their price less commission)
        clear after `clearance`. Returns the earnings."""
        self.status = moved(self.status, COMPLETED)
        earnings = self.seller_price - commission
        self.completed_at, self.clears_at = now, now + clearance
        self.earnings, self.commission = earnings.amount, commission.amount
        return earnings

    def cancel(self) -> None:
        """P4: paid -> cancelled (the escrow goes back to the buyer)."""
        self.status = moved(self.status, CANCELLED)

    def refund(self) -> None:
        """P5: completed -> refunded (support took the earnings back)."""
        self.status = moved(self.status, REFUNDED)


@dataclass(eq=False)
class ExtraPayment:
    """A paid extra the seller added to an active order (O7), paid like the order (P2)."""

    extra_id: str
    order_id: str
    buyer_id: str
    currency: str
    amount: int
    fee: int
    from_balance: int
    from_card: int
    paid_at: datetime
    charge_id: str | None = None

    def money(self, cents: int | None) -> Money:
        return Money(cents or 0, self.currency)


@dataclass(eq=False)
class TipPayment:
    tip_id: str
    order_id: str
    buyer_id: str
    seller_id: str
    currency: str
    amount: int
    fee: int
    earnings: int
    commission: int
    from_balance: int
    from_card: int
    paid_at: datetime
    clears_at: datetime
    charge_id: str | None = None

    def money(self, cents: int | None) -> Money:
        return Money(cents or 0, self.currency)


@dataclass(eq=False)
class Withdrawal:
    seller_id: str
    request_id: str
    currency: str
    amount: int
    day: str  # the platform day (UTC date, ISO) it was made: one a day (P6)
    created_at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


# The level catalog gives a seller before any `seller_level_changed` (C7).
DEFAULT_SELLER_LEVEL = "new"


@dataclass(eq=False)
class SellerLevel:
    """A seller's level as catalog last told it: it sets how long earnings clear (P3)."""

    user_id: str
    level: str
    updated_at: datetime  # when catalog changed it (the event's `occurred_at`)

    def change(self, level: str, changed_at: datetime) -> bool:
        """Take a change unless it is older than the one already kept (events may
        arrive out of order); True when taken."""
        if changed_at < self.updated_at:
            return False
        self.level, self.updated_at = level, changed_at
        return True
