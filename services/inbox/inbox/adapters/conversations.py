"""The repository of conversations and their messages (M1-M3), of who is who, of who
ordered from whom, and of reports on messages.

`lock=True` holds a row until commit (PostgreSQL's FOR UPDATE): two messages posted at
once in one conversation never take the same place, nor lose an unread count.
"""

from sqlalchemy import and_, insert, or_, select

from inbox.adapters.conversations_orm import (
    conversation_messages,
    conversation_order_pairs,
    conversation_users,
    conversations,
    message_reports,
)
from inbox.contract.conversations import REPORT_OPEN
from inbox.domain.conversation_reports import MessageReport
from inbox.domain.conversations import Conversation, Message, pair


def _one(session, statement, lock=False):
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


class Conversations:
    def __init__(self, session):
        self.session = session

    def add(self, item):
        self.session.add(item)

    def flush(self):
        self.session.flush()

    # -- conversations ---------------------------------------------------------------------
    def get(self, conversation_id, lock=False):
        return _one(
            self.session, select(Conversation).where(conversations.c.id == conversation_id), lock
        )

    def between(self, one, other, lock=False):
        user_a, user_b = pair(one, other)
        c = conversations.c
        return _one(
            self.session,
            select(Conversation).where(c.user_a == user_a, c.user_b == user_b),
            lock,
        )

    def of_user(self, user_id, limit, after=None):
        """M2: the user's conversations, newest first; `after` = (updated_at, id) of the
        last one seen."""
        c = conversations.c
        condition = or_(c.user_a == user_id, c.user_b == user_id)
        if after is not None:
            at, last_id = after
            condition = and_(
                condition, or_(c.updated_at < at, and_(c.updated_at == at, c.id < last_id))
            )
        statement = (
            select(Conversation)
            .where(condition)
            .order_by(c.updated_at.desc(), c.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(statement))

    # -- messages --------------------------------------------------------------------------
    def message(self, message_id, lock=False):
        return _one(
            self.session, select(Message).where(conversation_messages.c.id == message_id), lock
        )

    def messages(self, conversation_id, limit, before=None):
        """The conversation's messages, newest first; `before`: a place (`seq`) to go back from."""
        m = conversation_messages.c
        condition = m.conversation_id == conversation_id
        if before is not None:
            condition = and_(condition, m.seq < before)
        statement = select(Message).where(condition).order_by(m.seq.desc()).limit(limit)
        return list(self.session.scalars(statement))

    def messages_by_id(self, message_ids):
        ids = [message_id for message_id in message_ids if message_id]
        if not ids:
            return {}
        found = self.session.scalars(select(Message).where(conversation_messages.c.id.in_(ids)))
        return {message.id: message for message in found}

    # -- who is who (catalog's user_signed_up) ---------------------------------------------
    def user_id_of(self, username):
        u = conversation_users.c
        return self.session.execute(select(u.id).where(u.username == username)).scalar()

    def usernames(self, user_ids):
        ids = list(set(user_ids))
        if not ids:
            return {}
        u = conversation_users.c
        rows = self.session.execute(select(u.id, u.username).where(u.id.in_(ids)))
        return {row.id: row.username for row in rows}

    def remember_user(self, user_id, username):
        u = conversation_users.c
        known = self.session.execute(
            select(u.id).where(or_(u.id == user_id, u.username == username))
        ).first()
        if known is None:
            self.session.execute(insert(conversation_users).values(id=user_id, username=username))

    # -- who ordered from whom (orders' order_placed, offer_ordered) -----------------------
    def has_ordered(self, buyer_id, seller_id):
        p = conversation_order_pairs.c
        found = self.session.execute(
            select(p.buyer_id).where(p.buyer_id == buyer_id, p.seller_id == seller_id)
        )
        return found.first() is not None

    def record_order(self, buyer_id, seller_id, order_id):
        if not self.has_ordered(buyer_id, seller_id):
            self.session.execute(
                insert(conversation_order_pairs).values(
                    buyer_id=buyer_id, seller_id=seller_id, first_order_id=order_id
                )
            )

    # -- reports (M3) ----------------------------------------------------------------------
    def report(self, report_id, lock=False):
        return _one(
            self.session, select(MessageReport).where(message_reports.c.id == report_id), lock
        )

    def open_reports_of(self, message_id, reporter_id=None):
        r = message_reports.c
        condition = and_(r.message_id == message_id, r.status == REPORT_OPEN)
        if reporter_id is not None:
            condition = and_(condition, r.reporter_id == reporter_id)
        return list(self.session.scalars(select(MessageReport).where(condition)))

    def report_queue(self, status, limit, after=None):
        """M3: reports by status, oldest first; `after` = (created_at, id) of the last seen."""
        r = message_reports.c
        condition = r.status == status
        if after is not None:
            at, last_id = after
            condition = and_(
                condition, or_(r.created_at > at, and_(r.created_at == at, r.id > last_id))
            )
        statement = select(MessageReport).where(condition).order_by(r.created_at, r.id).limit(limit)
        return list(self.session.scalars(statement))
