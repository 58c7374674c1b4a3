"""Reading and writing orders, their placements and messages (O13 lists live here)."""

from sqlalchemy import and_, bindparam, delete, insert, or_, select

from orders.adapters.orm import (
    cancellation_requests,
    deliveries,
    extension_requests,
    extra_offers,
    gigs,
    messages,
    orders,
    placements,
    timeline,
)
from orders.contract.statuses import (
    BUYER,
    BUYER_LISTS,
    IN_DISPUTE,
    SELLER_LISTS,
    priority_statuses,
    statuses_in,
)
from orders.domain.gigs import GigCopy
from orders.domain.messages import Message
from orders.domain.orders import Order
from orders.domain.placement import Placement

__all__ = ["BUYER_LISTS", "SELLER_LISTS", "Orders"]

# O13: each list's condition, for the buyer or the seller. The status table
# (orders.contract.statuses) says which statuses each list holds; starred and
# "new" (started, nothing delivered yet) need a column more.
c = orders.c
_EXTRA = {
    "new": lambda role: c.first_delivered_at.is_(None),
}


# The statements of placing an order (#21), built once: building a SELECT costs more
# than SQLite takes to run it. Their values are bound at each call.
_ORDER = select(Order).where(c.id == bindparam("order_id"))
_ORDER_LOCKED = _ORDER.with_for_update()
_PLACEMENT = select(placements).where(
    placements.c.buyer_id == bindparam("buyer_id"),
    placements.c.idempotency_key == bindparam("key"),
)
_FORGET = delete(placements).where(placements.c.order_id == bindparam("order_id"))
_GIG = select(GigCopy).where(GigCopy.id == bindparam("gig_id"))
_GIG_LOCKED = _GIG.with_for_update()
_GIG_ROW = select(gigs).where(gigs.c.id == bindparam("gig_id"))
_INSERT_PLACEMENT = insert(placements)
_INSERT_ORDER = insert(orders)
# An order's lists of records, each in its table (as orders.adapters.orm maps them).
_CHILDREN = {
    "timeline": (timeline, insert(timeline)),
    "deliveries": (deliveries, insert(deliveries)),
    "extension_requests": (extension_requests, insert(extension_requests)),
    "cancellation_requests": (cancellation_requests, insert(cancellation_requests)),
    "extra_offers": (extra_offers, insert(extra_offers)),
}
_PRICE = ("price_amount", "price_currency")


def list_condition(name, role):
    if name == "starred":
        return (c.buyer_starred if role == BUYER else c.seller_starred).is_(True)
    statuses = priority_statuses(role) if name == "priority" else statuses_in(name)
    condition = c.status.in_(statuses)
    if name in _EXTRA:
        condition = and_(condition, _EXTRA[name](role))
    return condition


class Orders:
    def __init__(self, session):
        self.session = session

    def add(self, item):
        self.session.add(item)

    def insert_new(self, item):
        """Write a new order (with its timeline and other records) or placement now, in
        one INSERT a table (#21): not the ORM's unit of work, whose flush costs more than
        the statements. The object is not tracked by the session: a use case that
        changes an order reads it with `get()`."""
        if isinstance(item, Placement):
            self.session.execute(
                _INSERT_PLACEMENT, {k.key: getattr(item, k.key) for k in placements.c}
            )
            return
        row = {k.key: getattr(item, k.key) for k in orders.c if k.key not in _PRICE}
        row["price_amount"], row["price_currency"] = item.price.amount, item.price.currency
        self.session.execute(_INSERT_ORDER, row)
        for name, (table, statement) in _CHILDREN.items():
            records = getattr(item, name)
            if records:
                self.session.execute(
                    statement,
                    [
                        {k.key: getattr(r, k.key) for k in table.c if k.key != "order_id"}
                        | {"order_id": item.id}
                        for r in records
                    ],
                )

    def get(self, order_id, lock=False):
        statement = _ORDER_LOCKED if lock else _ORDER
        return self.session.scalars(statement, {"order_id": order_id}).first()

    def placement(self, buyer_id, key):
        """The buyer's placement under this key, or None: read, never tracked (a
        placement is written once, and forgotten with `forget()`)."""
        row = self.session.execute(_PLACEMENT, {"buyer_id": buyer_id, "key": key}).first()
        return None if row is None else Placement(**row._mapping)

    def gig(self, gig_id, lock=False):
        """The copy of a gig, tracked by the session (the gig's events change it)."""
        statement = _GIG_LOCKED if lock else _GIG
        return self.session.scalars(statement, {"gig_id": gig_id}).first()

    def gig_terms(self, gig_id):
        """The copy of a gig as placement reads it (`GigCopy.as_gig`), or None: read only."""
        row = self.session.execute(_GIG_ROW, {"gig_id": gig_id}).first()
        return None if row is None else GigCopy(**row._mapping).as_gig()

    def stale_placements(self, before, limit):
        """Placements older than `before` whose order was never created."""
        return list(
            self.session.scalars(
                select(Placement)
                .outerjoin(orders, orders.c.id == Placement.order_id)
                .where(orders.c.id.is_(None), Placement.created_at < before)
                .order_by(Placement.created_at)
                .limit(limit)
            )
        )

    def forget(self, placement):
        self.session.execute(_FORGET, {"order_id": placement.order_id})

    def list(self, user_id, role, name=None, limit=20, after=None):
        """A party's orders, newest first; `after` = (created_at, id) of the last one seen.
        The priority list (O13) also holds the disputes waiting for this party's answer."""
        party = c.buyer_id if role == BUYER else c.seller_id
        condition = party == user_id
        if name:
            condition = and_(condition, list_condition(name, role))
        if after is not None:
            condition = and_(
                condition,
                or_(c.created_at < after[0], and_(c.created_at == after[0], c.id < after[1])),
            )
        statement = (
            select(Order).where(condition).order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        )
        found = list(self.session.scalars(statement))
        if name == "priority":  # a dispute is a priority only for the party that answers
            found = [
                o
                for o in found
                if o.status != IN_DISPUTE or o.open_cancellation().opened_by != role
            ]
        return found

    def message(self, order_id, message_id):
        return self.session.scalars(
            select(Message).where(messages.c.order_id == order_id, messages.c.id == message_id)
        ).first()

    def messages(self, order_id, limit=50, after=None):
        condition = messages.c.order_id == order_id
        if after is not None:
            condition = and_(
                condition,
                or_(
                    messages.c.created_at > after[0],
                    and_(messages.c.created_at == after[0], messages.c.id > after[1]),
                ),
            )
        return list(
            self.session.scalars(
                select(Message)
                .where(condition)
                .order_by(messages.c.created_at, messages.c.id)
                .limit(limit)
            )
        )
