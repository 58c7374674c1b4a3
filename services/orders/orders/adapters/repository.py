"""Reading and writing orders, their placements and messages (O13 lists live here)."""
from sqlalchemy import and_, or_, select

from orders.adapters.orm import messages, orders
from orders.domain.gigs import GigCopy
from orders.domain.messages import Message
from orders.domain.orders import (
    ACTIVE,
    BUYER,
    CANCELLED,
    COMPLETED,
    DELIVERED,
    IN_DISPUTE,
    IN_PROGRESS,
    IN_REVISION,
    INCOMPLETE,
    LATE,
    VERY_LATE,
    Order,
)
from orders.domain.placement import Placement

# O13: each list's condition, for the buyer and for the seller.
c = orders.c
_LISTS = {
    "active": lambda role: c.status.in_(ACTIVE),
    "late": lambda role: c.status.in_((LATE, VERY_LATE)),
    "delivered": lambda role: c.status == DELIVERED,
    "completed": lambda role: c.status == COMPLETED,
    "cancelled": lambda role: c.status == CANCELLED,
    "starred": lambda role: (c.buyer_starred if role == BUYER else c.seller_starred).is_(True),
    "priority": lambda role: (c.status.in_((INCOMPLETE, DELIVERED)) if role == BUYER
                              else c.status.in_((IN_PROGRESS, IN_REVISION, LATE, VERY_LATE))),
    "awaiting_requirements": lambda role: c.status == INCOMPLETE,
    "new": lambda role: and_(c.status == IN_PROGRESS, c.first_delivered_at.is_(None)),
    "revision_requested": lambda role: c.status == IN_REVISION,
    "awaiting_review": lambda role: c.status == DELIVERED,
}
BUYER_LISTS = ("priority", "active", "late", "delivered", "completed", "cancelled", "starred")
SELLER_LISTS = BUYER_LISTS + ("awaiting_requirements", "new", "revision_requested",
                              "awaiting_review")


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
        return self.session.scalars(select(Placement).where(
            Placement.buyer_id == buyer_id, Placement.idempotency_key == key)).first()

    def gig(self, gig_id, lock=False):
        statement = select(GigCopy).where(GigCopy.id == gig_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).first()

    def stale_placements(self, before, limit):
        """Placements older than `before` whose order was never created."""
        return list(self.session.scalars(
            select(Placement).outerjoin(orders, orders.c.id == Placement.order_id)
            .where(orders.c.id.is_(None), Placement.created_at < before)
            .order_by(Placement.created_at).limit(limit)))

    def forget(self, placement):
        self.session.delete(placement)

    def list(self, user_id, role, name=None, limit=20, after=None):
        """A party's orders, newest first; `after` = (created_at, id) of the last one seen.
        The priority list (O13) also holds the disputes waiting for this party's answer."""
        party = c.buyer_id if role == BUYER else c.seller_id
        condition = party == user_id
        if name:
            wanted = _LISTS[name](role)
            if name == "priority":
                wanted = or_(wanted, c.status == IN_DISPUTE)
            condition = and_(condition, wanted)
        if after is not None:
            condition = and_(condition, or_(c.created_at < after[0],
                                            and_(c.created_at == after[0], c.id < after[1])))
        statement = (select(Order).where(condition)
                     .order_by(c.created_at.desc(), c.id.desc()).limit(limit))
        found = list(self.session.scalars(statement))
        if name == "priority":      # a dispute is a priority only for the party that answers
            found = [o for o in found if o.status != IN_DISPUTE
                     or o.open_cancellation().opened_by != role]
        return found

    def messages(self, order_id, limit=50, after=None):
        condition = messages.c.order_id == order_id
        if after is not None:
            condition = and_(condition, or_(messages.c.created_at > after[0],
                                            and_(messages.c.created_at == after[0],
                                                 messages.c.id > after[1])))
        return list(self.session.scalars(
            select(Message).where(condition)
            .order_by(messages.c.created_at, messages.c.id).limit(limit)))
