"""What reviews knows of an order when a party acts on it: the order page that orders
answers to that party (`orders.get_order`), reduced to the facts the rules need."""
from dataclasses import dataclass
from datetime import datetime

from microtache.money import Money

DELIVERED, COMPLETED, CANCELLED = "delivered", "completed", "cancelled"
BUYER, SELLER, ADMIN = "buyer", "seller", "admin"


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
    def from_page(cls, page):
        completed = page.get("completed_at")
        return cls(id=page["id"], status=page["status"],
                   buyer_id=page["buyer"]["id"], buyer_username=page["buyer"]["username"],
                   seller_id=page["seller"]["id"], seller_username=page["seller"]["username"],
                   price=Money.from_dict(page["price"]),
                   completed_at=datetime.fromisoformat(completed) if completed else None)

    def role_of(self, caller):
        """buyer, seller, admin (neither party, but an admin), or None (A2)."""
        if caller["id"] == self.buyer_id:
            return BUYER
        if caller["id"] == self.seller_id:
            return SELLER
        return ADMIN if caller.get("role") == ADMIN else None
