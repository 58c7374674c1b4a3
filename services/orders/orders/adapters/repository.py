"""Reading and writing orders, their placements and messages (O13 lists live here)."""

from sqlalchemy import and_, or_, select

from orders.adapters.orm import messages, orders
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

    def get(self, order_id, lock=False):
        statement = select(Order).where(c.id == order_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).first()

    def placement(self, buyer_id, key):
        return self.session.scalars(
            select(Placement).where(
                Placement.buyer_id == buyer_id, Placement.idempotency_key == key
            )
        ).first()

    def gig(self, gig_id, lock=False):
        statement = select(GigCopy).where(GigCopy.id == gig_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).first()

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
        self.session.delete(placement)

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
