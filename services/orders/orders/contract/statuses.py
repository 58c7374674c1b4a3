"""An order's statuses, in one table: adding a status is one constant and one row.

Each row says what the rest of the service derives from it:

* `event`: the event published when an order enters the status (a transition may
  name another, e.g. `order_started`); its schema is `OrderStatusChanged` unless
  `contract.events` declares a richer one;
* `lists`: the O13 lists (`GET /v1/orders?filter=`) the status belongs to, for both
  parties; `priority_of`: the parties whose priority list holds it;
* `deadlines`: the scheduler deadlines (S1) an order may need in this status
  (`orders.domain.deadlines` says when each falls due and what it triggers);
* `working`: the seller owes a delivery (time left, O15); `final`: never active again.

Adding a status: its constant here and its row in STATUS_TABLE; then the rows of
`orders.domain.lifecycle.TRANSITIONS` that enter and leave it (name it in their
`sources` / `target`). STATUSES (the enum of every schema), FINAL, ACTIVE, WORKING,
the status event and its schema, `deadlines_of` and the O13 lists follow by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

# Who acts on an order.
BUYER, SELLER, ADMIN, SYSTEM = "buyer", "seller", "admin", "system"
ACTORS = (BUYER, SELLER, ADMIN, SYSTEM)

# Answers to a request (extension, cancellation, extra offer).
OPEN, ACCEPTED, DECLINED, WITHDRAWN = "open", "accepted", "declined", "withdrawn"

# The statuses of docs/rules.md, "Orders".
INCOMPLETE = "incomplete"  # awaiting the buyer's requirements (O1)
IN_PROGRESS = "in_progress"  # started; due at start + delivery days (O2)
DELIVERED = "delivered"  # O3
IN_REVISION = "in_revision"  # O5
LATE = "late"  # past due (O8)
VERY_LATE = "very_late"  # 24 hours past due (O8)
IN_DISPUTE = "in_dispute"  # a mutual-cancellation request is open (O9)
COMPLETED = "completed"  # final (O10)
CANCELLED = "cancelled"  # final (O12)


@dataclass(frozen=True)
class Status:
    name: str
    event: str  # published on entering it (O14's facts)
    lists: tuple[str, ...] = ()  # O13 lists, for the buyer and the seller
    priority_of: tuple[str, ...] = ()  # O13: whose priority list holds it
    deadlines: tuple[str, ...] = ()  # S1: which deadlines it may need
    working: bool = False  # the seller owes a delivery (O15)
    final: bool = False  # O10, O12


STATUS_TABLE = (
    # back to incomplete only when a dispute opened before the start is declined or withdrawn
    Status(
        INCOMPLETE, "order_resumed", lists=("active", "awaiting_requirements"), priority_of=(BUYER,)
    ),
    Status(
        IN_PROGRESS,
        "order_resumed",
        lists=("active", "new"),
        priority_of=(SELLER,),
        deadlines=("due", "extension_answer"),
        working=True,
    ),
    Status(
        DELIVERED,
        "order_delivered",
        lists=("active", "delivered", "awaiting_review"),
        priority_of=(BUYER,),
        deadlines=("review_period",),
    ),
    Status(
        IN_REVISION,
        "order_revision_requested",
        lists=("active", "revision_requested"),
        priority_of=(SELLER,),
        deadlines=("extension_answer",),
        working=True,
    ),
    Status(
        LATE,
        "order_late",
        lists=("active", "late"),
        priority_of=(SELLER,),
        deadlines=("very_late", "extension_answer"),
        working=True,
    ),
    Status(
        VERY_LATE,
        "order_very_late",
        lists=("active", "late"),
        priority_of=(SELLER,),
        deadlines=("extension_answer",),
        working=True,
    ),
    Status(
        IN_DISPUTE,
        "order_disputed",
        lists=("active",),
        priority_of=(BUYER, SELLER),
        deadlines=("cancellation_answer",),
    ),
    Status(COMPLETED, "order_completed", lists=("completed",), final=True),
    Status(CANCELLED, "order_cancelled", lists=("cancelled",), final=True),
)

STATUS = {status.name: status for status in STATUS_TABLE}
STATUSES = tuple(STATUS)  # the contract's status enum
FINAL = tuple(s.name for s in STATUS_TABLE if s.final)  # O10, O12
ACTIVE = tuple(s.name for s in STATUS_TABLE if not s.final)
WORKING = tuple(s.name for s in STATUS_TABLE if s.working)  # the seller owes a delivery

# N2, O13: the seller's orders with unread notifications or messages; not by status:
# the inbox says which (its `orders_with_updates`, for the caller).
UPDATES = "updates"

# O13: the lists a party filters by (the buyer's are a subset of the seller's).
BUYER_LISTS = ("priority", "active", "late", "delivered", "completed", "cancelled", "starred")
SELLER_LISTS = BUYER_LISTS + (
    "awaiting_requirements",
    "new",
    "revision_requested",
    "awaiting_review",
    UPDATES,
)


def statuses_in(list_name: str) -> tuple[str, ...]:
    """The statuses of an O13 list (starred, priority and updates are not by status
    alone)."""
    return tuple(s.name for s in STATUS_TABLE if list_name in s.lists)


def priority_statuses(role: str) -> tuple[str, ...]:
    return tuple(s.name for s in STATUS_TABLE if role in s.priority_of)


__all__ = [
    "ACCEPTED",
    "ACTIVE",
    "ACTORS",
    "ADMIN",
    "BUYER",
    "BUYER_LISTS",
    "CANCELLED",
    "COMPLETED",
    "DECLINED",
    "DELIVERED",
    "FINAL",
    "IN_DISPUTE",
    "IN_PROGRESS",
    "IN_REVISION",
    "INCOMPLETE",
    "LATE",
    "OPEN",
    "SELLER",
    "SELLER_LISTS",
    "STATUS",
    "STATUS_TABLE",
    "STATUSES",
    "SYSTEM",
    "UPDATES",
    "VERY_LATE",
    "WITHDRAWN",
    "WORKING",
    "Status",
    "priority_statuses",
    "statuses_in",
]
