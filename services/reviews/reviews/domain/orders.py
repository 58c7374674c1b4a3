"""What reviews knows of an order when a party acts on it: the facts orders answers
(`orders.order_facts`, read through orders' contract), reduced to what the rules need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from microtache.money import Money

from reviews.contract.constants import BUYER, SELLER

DELIVERED, COMPLETED, CANCELLED = "delivered", "completed", "cancelled"
ADMIN = "admin"
__all__ = ["ADMIN", "BUYER", "CANCELLED", "COMPLETED", "DELIVERED", "SELLER", "OrderFacts"]


@dataclass(frozen=True)
class OrderFacts:
    id: str
    status: str
    buyer_id: str
    buyer_username: str
    seller_id: str
    seller_username: str
    price: Money
    completed_at: datetime | None = None

    @classmethod
    def from_contract(cls, facts: Mapping[str, Any]) -> OrderFacts:
        """From orders' reply as its contract loads it (`orders.contract.OrderFacts`):
        parties as {id, username}, the price as Money (or its dict), `completed_at` as an
        aware datetime (or its ISO text), or None."""
        price, completed = facts["price"], facts.get("completed_at")
        if isinstance(completed, str):
            completed = datetime.fromisoformat(completed)
        return cls(
            id=facts["id"],
            status=facts["status"],
            buyer_id=facts["buyer"]["id"],
            buyer_username=facts["buyer"]["username"],
            seller_id=facts["seller"]["id"],
            seller_username=facts["seller"]["username"],
            price=price if isinstance(price, Money) else Money.from_dict(price),
            completed_at=completed,
        )

    def role_of(self, caller: Mapping[str, Any]) -> str | None:
        """buyer, seller, admin (neither party, but an admin), or None (A2)."""
        if caller["id"] == self.buyer_id:
            return BUYER
        if caller["id"] == self.seller_id:
            return SELLER
        return ADMIN if caller.get("role") == ADMIN else None
