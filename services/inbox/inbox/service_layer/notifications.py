"""Notifications (N1-N3): storing those a fact makes, with their e-mail and their event;
the feed, its read marks, and the e-mail settings per kind.

`notify` is the one way a notification is made: the table (`inbox.domain.kinds`) says
who is told of what; each (fact, kind, person) is stored once (N3: the unique key, and
`Store.handle_once` around every handler); then, in the same unit of work, the person's
e-mail of it is queued unless they turned its kind off or an earlier message of the
same conversation is still unread (N2), and `notification_created` goes out for the
live stream.
"""

import logging

from microtache.pagination import position_cursor, position_of

from inbox.contract.notifications import KINDS, MAX_UPDATED_ORDERS, NOTIFICATION_CREATED
from inbox.domain.kinds import ORDER_KINDS, notices_of
from inbox.domain.notifications import GROUPED_KINDS, emails, notifications_of, wants_email
from inbox.service_layer.emails import queue_email

log = logging.getLogger(__name__)


def notify(uow, source, event_type, facts):
    """N1: the notifications the fact `facts` (an event of `source`, loaded through its
    contract, with its envelope) makes; those stored before are skipped (N3)."""
    made = []
    facts = with_names(uow, facts)
    for notice in notices_of(source, event_type, facts):
        for notification in notifications_of(notice, facts, facts["event_id"], uow.now()):
            if uow.notifications.exists(
                notification.event_id, notification.kind, notification.user_id
            ):
                continue
            store(uow, notification)
            made.append(notification)
    return made


NAMED = {"buyer": "buyer_id", "seller": "seller_id", "sender": "sender_id"}


def with_names(uow, facts):
    """The facts with the usernames the inbox knows of their people (`buyer`, `seller`,
    `sender`: what a line and an e-mail's words name, N4), when it knows them."""
    ids = {role: facts.get(field) for role, field in NAMED.items() if facts.get(field)}
    names = uow.conversations.usernames(ids.values()) if ids else {}
    return {**facts, **{role: names[i] for role, i in ids.items() if i in names}}


def store(uow, notification):
    """Keep one notification, queue its e-mail if the person wants it (N2, N3), and
    publish it for the live stream."""
    uow.notifications.add(notification)
    settings = uow.notifications.settings(notification.user_id)
    earlier_unread = notification.kind in GROUPED_KINDS and uow.notifications.earlier_unread(
        notification
    )
    if emails(notification, settings, earlier_unread):
        queue_email(uow, notification)
    uow.publish(
        NOTIFICATION_CREATED,
        {
            "user_id": notification.user_id,
            "notification_id": notification.id,
            "kind": notification.kind,
            "text": notification.text,
            "link": notification.link,
            "created_at": notification.created_at,
        },
    )


# --- N2: the feed and its read marks ---------------------------------------------------------


def present(notification):
    """A notification as the feed shows it (contract.NotificationSchema)."""
    return {
        "id": notification.id,
        "kind": notification.kind,
        "text": notification.text,
        "link": notification.link,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


def feed(uow, user_id, query):
    """The person's notifications, newest first (`unread`: those unread only), a page of
    `limit` after `cursor`, and how many are unread in all."""
    limit = query["limit"]
    rows = uow.notifications.feed(
        user_id, limit + 1, unread=query["unread"], after=position_of(query["cursor"])
    )
    page, more = rows[:limit], len(rows) > limit
    return {
        "results": [present(notification) for notification in page],
        "unread_count": uow.notifications.unread_count(user_id),
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id) if more else None,
    }


def mark_read(uow, user_id, data):
    """N2: the person's notifications of `ids` (others' are ignored), or all of them, read
    now; those read already keep their time."""
    ids = None if data.get("all") else data["ids"]
    marked = uow.notifications.mark_read(user_id, uow.now(), ids)
    return {"marked": marked, "unread_count": uow.notifications.unread_count(user_id)}


def orders_with_updates(uow, user_id):
    """N2, O13: the orders the person has unread notifications about (the kinds whose
    subject is an order), the latest notified first: what orders' "updates" list shows."""
    order_ids = uow.notifications.unread_subjects(user_id, ORDER_KINDS, MAX_UPDATED_ORDERS)
    return {"order_ids": order_ids}


# --- N2: e-mail settings per kind --------------------------------------------------------------


def settings(uow, user_id):
    """Every kind, with whether its e-mail goes out (on unless turned off)."""
    chosen = uow.notifications.settings(user_id)
    return {kind: {"email": wants_email(chosen, kind)} for kind in KINDS}


def update_settings(uow, user_id, data):
    """The kinds named change; the others stay. The in-app notification always exists."""
    for kind, setting in data.items():
        uow.notifications.set_email(user_id, kind, setting["email"])
    return settings(uow, user_id)
