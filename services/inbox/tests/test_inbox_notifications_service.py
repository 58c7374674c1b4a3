"""Notifications' use cases (N1-N3) on the inbox's real database (SQLite), with the real
e-mail outbox (`queue_email`): no broker. A fact is applied as the entrypoints apply it,
through `Store.handle_once` under the subscription's pinned consumer name."""

from datetime import UTC, datetime, timedelta

import pytest

from microtache.clock import Clock
from microtache.envelopes import envelope
from microtache.errors import RuleViolation

from inbox.adapters.orm import metadata
from inbox.adapters.unit_of_work import InboxUnitOfWork
from inbox.contract import EVENTS, MarkReadSchema
from inbox.service_layer import notifications, notifications_events as events
from orders.contract import EVENTS as ORDERS_EVENTS

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BUYER, SELLER = "b-1", "s-1"


@pytest.fixture
def store(store_factory):
    return store_factory(
        metadata, "inbox.migrations", events=EVENTS, unit_of_work=InboxUnitOfWork, clock=Clock()
    )


def message(conversation="cv-1", sender=SELLER, recipient=BUYER, text="Hello"):
    payload = {
        "conversation_id": conversation,
        "message_id": "m",
        "sender_id": sender,
        "recipient_id": recipient,
        "kind": "text",
        "preview": text,
        "file_count": 0,
    }
    return envelope("message_sent", EVENTS.dump("message_sent", payload), NOW)


def delivered(order_id="o-1"):
    payload = {"order_id": order_id, "buyer_id": BUYER, "seller_id": SELLER,
               "status": "delivered", "previous_status": "in_progress", "action": "deliver",
               "actor": "seller", "delivered_at": NOW, "on_time": True}  # fmt: skip
    return envelope("order_delivered", ORDERS_EVENTS.dump("order_delivered", payload), NOW)


def apply(store, source, event):
    event_type = event["event_type"]
    return store.handle_once(
        events.facts_of(source, event_type, event),
        events.handler_of(source, event_type),
        events.consumer_of(source, event_type),
    )


def feed(store, user_id, **query):
    with store.read_only() as uow:
        return notifications.feed(
            uow, user_id, {"unread": False, "limit": 20, "cursor": None, **query}
        )


def outbox(store):
    with store.read_only() as uow:
        rows = uow.session.execute(uow._outbox.select()).all()
    return [row.event_type for row in rows]


def emailed(store):
    with store.read_only() as uow:
        return uow.emails.unsent_count()


def test_n3_a_fact_redelivered_is_notified_once_and_emailed_once(store):
    event = delivered()
    assert [n.kind for n in apply(store, "orders", event)] == ["order_delivered"]
    assert apply(store, "orders", event) is None  # handle_once: applied already
    with store.unit_of_work() as uow:  # even past handle_once, the unique key holds
        assert notifications.notify(uow, "orders", "order_delivered", event_facts(event)) == []
    page = feed(store, BUYER)
    assert [n["kind"] for n in page["results"]] == ["order_delivered"]
    assert page["unread_count"] == 1 and page["results"][0]["link"] == "/orders/o-1"
    assert outbox(store) == ["notification_created"] and emailed(store) == 1
    assert feed(store, SELLER)["results"] == []


def event_facts(event):
    return events.facts_of("orders", event["event_type"], event)


def test_n2_feed_pages_newest_first_unread_filter_and_read_marks(store):
    for number in range(5):
        apply(store, "orders", delivered(f"o-{number}"))
    first = feed(store, BUYER, limit=2)
    assert len(first["results"]) == 2 and first["unread_count"] == 5
    rest = feed(store, BUYER, limit=10, cursor=first["next_cursor"])
    assert len(rest["results"]) == 3 and rest["next_cursor"] is None
    ids = [n["id"] for n in first["results"]]
    with store.unit_of_work() as uow:
        assert notifications.mark_read(uow, SELLER, {"ids": ids})["marked"] == 0  # not theirs
        assert notifications.mark_read(uow, BUYER, {"ids": ids}) == {
            "marked": 2,
            "unread_count": 3,
        }
    unread = feed(store, BUYER, unread=True)
    assert len(unread["results"]) == 3 and not set(ids) & {n["id"] for n in unread["results"]}
    with store.unit_of_work() as uow:
        assert notifications.mark_read(uow, BUYER, {"all": True})["unread_count"] == 0
    assert all(n["read_at"] is not None for n in feed(store, BUYER)["results"])


def test_n2_mark_read_takes_ids_or_all_never_both():
    with pytest.raises(Exception, match="either ids or all"):
        MarkReadSchema().load({})
    with pytest.raises(Exception, match="either ids or all"):
        MarkReadSchema().load({"ids": ["a"], "all": True})
    assert MarkReadSchema().load({"all": True}) == {"all": True}


def test_n2_n3_settings_per_kind_stop_the_email_not_the_notification(store):
    with store.unit_of_work() as uow:
        every = notifications.settings(uow, BUYER)
        assert every["order_delivered"] == {"email": True} and len(every) > 20
        changed = notifications.update_settings(uow, BUYER, {"order_delivered": {"email": False}})
        assert changed["order_delivered"] == {"email": False}
        assert changed["message_received"] == {"email": True}
    apply(store, "orders", delivered())
    assert feed(store, BUYER)["unread_count"] == 1 and emailed(store) == 0


def test_n2_message_emails_grouped_per_conversation_while_unread(store):
    apply(store, "inbox", message())
    apply(store, "inbox", message(text="Are you there?"))  # same conversation, still unread
    apply(store, "inbox", message("cv-2"))  # another conversation
    assert feed(store, BUYER)["unread_count"] == 3 and emailed(store) == 2
    with store.unit_of_work() as uow:
        notifications.mark_read(uow, BUYER, {"all": True})
    apply(store, "inbox", message(text="Read, then a new one"))
    assert emailed(store) == 3


def test_n2_a_cursor_not_ours_is_refused(store):
    with pytest.raises(RuleViolation):
        feed(store, BUYER, cursor="nonsense")


# --- reminders before orders' deadlines (N1, S1, S3) -------------------------------------------


def asked(key, due, at, cancelled=False):
    event_type = "deadline_cancelled" if cancelled else "deadline_requested"
    payload = {"key": key}
    if not cancelled:
        payload.update(due=due, fires="order_deadline_reached", payload={"order_id": "o-1"})
    event = envelope(event_type, ORDERS_EVENTS.dump(event_type, payload), at)
    return {**event, "due": due} if not cancelled else event


def mirror(store, event):
    handler = events.deadline_cancelled if "due" not in event else events.deadline_requested
    with store.unit_of_work() as uow:
        return handler(uow, event)


def test_n1_s1_orders_deadlines_are_mirrored_a_day_earlier_moved_and_cancelled(store):
    due = NOW + timedelta(days=3)
    mirror(store, asked("orders:o-1:due", due, NOW))
    mirror(store, asked("orders:o-1:very_late", due, NOW))  # not reminded of
    later = due + timedelta(days=2)
    mirror(store, asked("orders:o-1:due", later, NOW + timedelta(hours=1)))  # an extension
    mirror(store, asked("orders:o-1:due", due, NOW - timedelta(hours=1)))  # older, late: ignored
    with store.read_only() as uow:
        assert uow.notifications.reminder("o-1", "due").due == later
        rows = uow.session.execute(uow._outbox.select()).all()
    asks = [row.payload for row in rows]
    assert len(asks) == 2 and all('"inbox:o-1:due"' in a for a in asks)
    assert (later - timedelta(days=1)).isoformat() in asks[-1]
    mirror(store, asked("orders:o-1:due", None, NOW + timedelta(hours=2), cancelled=True))
    assert outbox(store)[-1] == "deadline_cancelled"


def fired(name, due):
    return envelope(
        "order_reminder_due",
        {
            "order_id": "o-1",
            "name": name,
            "due": due.isoformat(),
            "key": "k",
            "due_at": NOW.isoformat(),
        },
        NOW,
    )


def test_n1_s3_a_reminder_tells_the_party_only_while_the_deadline_stands(store):
    apply(store, "orders", delivered())  # the parties are known from orders' events
    due = NOW + timedelta(days=3)
    mirror(store, asked("orders:o-1:review_period", due, NOW))
    stale = apply(store, "scheduler", fired("review_period", due + timedelta(days=1)))
    assert stale == []  # S3: not the deadline's time any more
    made = apply(store, "scheduler", fired("review_period", due))
    assert [(n.user_id, n.kind) for n in made] == [(BUYER, "order_completes_soon")]
    mirror(store, asked("orders:o-1:review_period", None, NOW + timedelta(hours=1), True))
    assert apply(store, "scheduler", {**fired("review_period", due), "event_id": "again"}) == []


def test_n1_n4_a_message_names_its_sender_when_the_inbox_knows_them(store):
    apply(store, "inbox", message(text="Hi there"))
    with store.unit_of_work() as uow:
        uow.conversations.remember_user(SELLER, "sam")
    apply(store, "inbox", message("cv-2", text="Me again"))
    texts = [n["text"] for n in feed(store, BUYER)["results"]]
    assert texts == ["New message from sam: Me again", "New message: Hi there"]
    with store.read_only() as uow:
        params = uow.notifications.feed(BUYER, 1)[0].params
    assert params["sender"] == "sam" and params["role"] == "recipient"
