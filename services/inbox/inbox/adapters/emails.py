"""The repository of the e-mail outbox (N1, N3): rows added in a notification's
transaction, claimed by a sender when due, marked sent or put back for later."""

import json

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from inbox.adapters.emails_orm import email_outbox as table
from inbox.domain.emails import OutboxEmail

ERROR_KEPT = 1000  # characters of the last error kept on the row


def _row_values(email):
    return {
        "notification_id": email.notification_id,
        "user_id": email.user_id,
        "kind": email.kind,
        "event_id": email.event_id,
        "payload": json.dumps(
            {
                "text": email.text,
                "link": email.link,
                "params": email.params,
                "subject_id": email.subject_id,
            },
            default=str,
        ),
        "created_at": email.created_at,
        "next_attempt_at": email.next_attempt_at,
        "attempts": email.attempts,
    }


def _email(row):
    payload = json.loads(row.payload)
    return OutboxEmail(
        notification_id=row.notification_id,
        user_id=row.user_id,
        kind=row.kind,
        event_id=row.event_id,
        text=payload["text"],
        link=payload["link"],
        params=payload.get("params") or {},
        subject_id=payload.get("subject_id"),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
        message_id=row.message_id,
    )


class Emails:
    def __init__(self, session):
        self.session = session

    def _dialect(self):
        return self.session.get_bind().dialect.name

    def add(self, email):
        """Add `email` unless its notification (or its fact, kind and person) already has
        one: a repeat changes nothing and never fails the caller's transaction. True
        when added."""
        values = _row_values(email)
        dialect = self._dialect()
        if dialect == "postgresql":
            statement = postgresql.insert(table).values(values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            statement = sqlite.insert(table).values(values).on_conflict_do_nothing()
        else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
            if self.get(email.notification_id) is not None:
                return False
            statement = insert(table).values(values)
        return self.session.execute(statement).rowcount == 1

    def get(self, notification_id):
        row = self.session.execute(
            select(table).where(table.c.notification_id == notification_id)
        ).first()
        return None if row is None else _email(row)

    def claim_due(self, now, lease, limit):
        """Up to `limit` unsent e-mails due at `now`, oldest due first, each claimed for
        `lease` (no other sender takes it meanwhile; a sender that dies leaves it to
        the next once the lease ends) and counted as an attempt. PostgreSQL: rows
        another sender holds are skipped (`FOR UPDATE SKIP LOCKED`); SQLite: the
        store's writer lock lets one unit of work in at a time."""
        query = (
            select(table)
            .where(table.c.sent_at.is_(None), table.c.next_attempt_at <= now)
            .order_by(table.c.next_attempt_at, table.c.created_at)
            .limit(limit)
        )
        if self._dialect() == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = self.session.execute(query).all()
        if not rows:
            return []
        self.session.execute(
            update(table)
            .where(table.c.notification_id.in_([row.notification_id for row in rows]))
            .values(next_attempt_at=now + lease, attempts=table.c.attempts + 1)
        )
        claimed = [_email(row) for row in rows]
        for email in claimed:
            email.attempts += 1
            email.next_attempt_at = now + lease
        return claimed

    def mark_sent(self, notification_id, now, message_id):
        self.session.execute(
            update(table)
            .where(table.c.notification_id == notification_id)
            .values(sent_at=now, message_id=message_id, last_error=None)
        )

    def put_back(self, notification_id, due, error):
        """A failed attempt: tried again at `due`; never dropped (N3)."""
        self.session.execute(
            update(table)
            .where(table.c.notification_id == notification_id, table.c.sent_at.is_(None))
            .values(next_attempt_at=due, last_error=error[:ERROR_KEPT])
        )

    def unsent_count(self):
        return self.session.execute(
            select(func.count()).select_from(table).where(table.c.sent_at.is_(None))
        ).scalar_one()
