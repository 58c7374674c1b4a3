"""Messages between buyer and seller on the order page (O14)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from orders.domain.orders import new_id


@dataclass(eq=False)
class Message:
    order_id: str
    sender_id: str
    sender_role: str  # buyer or seller
    text: str
    created_at: datetime
    id: str = field(default_factory=new_id)
    files: list[dict[str, Any]] = field(default_factory=list)  # kept uploads (API.md "Files")
