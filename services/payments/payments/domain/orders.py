"""What payments keeps about each paid order, tip, card and withdrawal: plain Python.

Amounts are ints of minor units in `currency`; `Money` views are properties.
"""
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from microtache.money import Money

# An order's money: paid into escrow (P2), then completed (P3) or cancelled (P4);
# a completed order may be refunded by support (P5). Each is final but `completed`.
PAID, COMPLETED, CANCELLED, REFUNDED = "paid", "completed", "cancelled", "refunded"


@dataclass(eq=False)
class PaymentMethod:
    owner_id: str
    brand: str
    last4: str
    token: str           # the processor's token (the sandbox's is the number itself)
    created_at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


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
    earnings: int | None = None          # the seller's share, set on completion
    commission: int | None = None
    completed_at: datetime | None = None
    clears_at: datetime | None = None
    charge_id: str | None = None

    def money(self, cents):
        return Money(cents, self.currency)

    @property
    def total(self):
        return self.money(self.price + self.fee)

    def receipt(self):
        return {"order_id": self.order_id, "price": self.money(self.price),
                "fee": self.money(self.fee), "total": self.total,
                "from_balance": self.money(self.from_balance),
                "from_card": self.money(self.from_card)}


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

    def money(self, cents):
        return Money(cents, self.currency)

    def receipt(self):
        return {"tip_id": self.tip_id, "order_id": self.order_id,
                "amount": self.money(self.amount), "fee": self.money(self.fee),
                "total": self.money(self.amount + self.fee),
                "from_balance": self.money(self.from_balance),
                "from_card": self.money(self.from_card),
                "seller_earnings": self.money(self.earnings), "clears_at": self.clears_at}


@dataclass(eq=False)
class Withdrawal:
    seller_id: str
    request_id: str
    currency: str
    amount: int
    day: str             # the platform day (UTC date, ISO) it was made: one a day (P6)
    created_at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def receipt(self):
        return {"id": self.id, "request_id": self.request_id,
                "amount": Money(self.amount, self.currency), "created_at": self.created_at}
