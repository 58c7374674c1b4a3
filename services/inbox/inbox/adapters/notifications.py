"""The repository of notifications and notification settings (N1-N3), and of the orders'
deadlines the inbox reminds of."""

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from inbox.adapters.notifications_orm import (
    notification_settings,
    notifications,
    order_parties,
)
from inbox.domain.notifications import Notification, NotificationSetting
from inbox.domain.reminders import OrderParties, OrderReminder


class Notifications:
    def __init__(self, session):
        self.session = session

    # N1, N3: one per fact, kind and person
    def add(self, item):
        self.session.add(item)
        if isinstance(item, Notification):
            self.session.flush()  # the unique key (N3) speaks now, not at commit

    def exists(self, event_id, kind, user_id):
        c = notifications.c
        found = self.session.execute(
            select(c.id).where(c.event_id == event_id, c.kind == kind, c.user_id == user_id)
        )
        return found.first() is not None

    def get(self, notification_id):
        return self.session.get(Notification, notification_id)

    # N2: the feed
    def feed(self, user_id, limit, unread=False, after=None):
        """Newest first; `after` = (created_at, id) of the last one seen."""
        c = notifications.c
        query = select(Notification).where(c.user_id == user_id)
        if unread:
            query = query.where(c.read_at.is_(None))
        if after is not None:
            at, last_id = after
            query = query.where(or_(c.created_at < at, and_(c.created_at == at, c.id < last_id)))
        query = query.order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        return list(self.session.scalars(query))

    def unread_count(self, user_id):
        c = notifications.c
        return self.session.execute(
            select(func.count()).where(c.user_id == user_id, c.read_at.is_(None))
        ).scalar_one()

    def unread_subjects(self, user_id, kinds, limit):
        """N2, O13: the subjects (ids) of the person's unread notifications of `kinds`,
        the latest notified first, at most `limit`."""
        c = notifications.c
        latest = func.max(c.created_at)
        rows = self.session.execute(
            select(c.subject_id)
            .where(
                c.user_id == user_id,
                c.read_at.is_(None),
                c.kind.in_(list(kinds)),
                c.subject_id.is_not(None),
            )
            .group_by(c.subject_id)
            .order_by(latest.desc(), c.subject_id.desc())
            .limit(limit)
        )
        return [subject_id for (subject_id,) in rows]

    def earlier_unread(self, notification):
        """N2: another unread notification of the same person, kind and subject."""
        c = notifications.c
        found = self.session.execute(
            select(c.id)
            .where(
                c.user_id == notification.user_id,
                c.kind == notification.kind,
                c.subject_id == notification.subject_id,
                c.read_at.is_(None),
                c.id != notification.id,
            )
            .limit(1)
        )
        return found.first() is not None

    def mark_read(self, user_id, now, ids=None):
        """The person's unread notifications (those of `ids`, or all) read at `now`;
        how many."""
        c = notifications.c
        statement = update(notifications).where(c.user_id == user_id, c.read_at.is_(None))
        if ids is not None:
            statement = statement.where(c.id.in_(list(ids)))
        result = self.session.execute(
            statement.values(read_at=now).execution_options(synchronize_session=False)
        )
        return result.rowcount

    # N2: e-mail settings per kind
    def settings(self, user_id):
        """{kind: email} of the kinds the person changed."""
        c = notification_settings.c
        rows = self.session.execute(select(c.kind, c.email).where(c.user_id == user_id))
        return {kind: email for kind, email in rows}

    def set_email(self, user_id, kind, email):
        setting = self.session.get(NotificationSetting, (user_id, kind))
        if setting is None:
            self.session.add(NotificationSetting(user_id=user_id, kind=kind, email=email))
        else:
            setting.email = email

    # the orders' deadlines reminded of, and the orders' parties
    def reminder(self, order_id, name, lock=False):
        return self.session.get(OrderReminder, (order_id, name), with_for_update=lock)

    def parties(self, order_id):
        return self.session.get(OrderParties, order_id)

    def keep_parties(self, order_id, buyer_id, seller_id):
        """Kept once: two events of a new order handled at once both insert, the second
        changes nothing (ON CONFLICT DO NOTHING) rather than failing its handler."""
        if self.session.get(OrderParties, order_id) is not None:
            return
        values = {"order_id": order_id, "buyer_id": buyer_id, "seller_id": seller_id}
        dialect = {"postgresql": postgresql, "sqlite": sqlite}[self.session.get_bind().dialect.name]
        self.session.execute(dialect.insert(order_parties).values(values).on_conflict_do_nothing())
