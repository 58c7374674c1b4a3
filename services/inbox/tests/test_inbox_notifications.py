"""N1's table, N2's grouping and settings, and the reminders' arithmetic: plain Python.

Each sample fact below is dumped through its producer's contract (`EVENTS`) and loaded
back as the inbox loads it (`notifications_events.facts_of`), so the table is checked
against the fields the contracts really carry."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from microtache.envelopes import envelope
from microtache.money import Money

from inbox.contract import KINDS, NotificationSettingsSchema
from inbox.domain import kinds
from inbox.domain.notifications import Notification, emails, grouped, notifications_of
from inbox.domain.reminders import LEAD, orders_deadline, remind_at, reminder_key
from inbox.service_layer.notifications_events import CONTRACTS, facts_of

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
USD = Money(2500)
USD_JSON = {"amount": 2500, "currency": "USD"}
PARTIES = {"order_id": "o-1", "buyer_id": "b-1", "seller_id": "s-1"}


def status(status, previous, action, actor, **more):
    return {**PARTIES, "status": status, "previous_status": previous, "action": action,
            "actor": actor, **more}  # fmt: skip


def placed(**more):
    return {**PARTIES, "gig_id": "g-1", "source": {"kind": "gig", "id": "g-1"}, "price": USD,
            "delivery_days": 3, "placed_at": NOW, **more}  # fmt: skip


def extension(action, state, actor):
    return {**PARTIES, "extension_id": "x-1", "days": 2, "state": state, "action": action,
            "actor": actor, "due_at": NOW}  # fmt: skip


FINAL = {"gig_id": "g-1", "price": USD}
CANCELLED = {**FINAL, "cancelled_at": NOW, "by": "buyer"}
REVIEW = {"review_id": "r-1", "order_id": "o-1", "seller_id": "s-1", "buyer_id": "b-1"}

# (source, event type, payload, kind, who is told, link): N1, row by row
CASES = [
    ("orders", "order_placed", placed(), "order_placed", ["s-1"], "/orders/o-1"),
    ("orders", "offer_ordered", placed(source={"kind": "custom_offer", "id": "c-1"}),
     "order_placed", ["s-1"], "/orders/o-1"),
    ("orders", "order_started", status("in_progress", "incomplete", "submit_requirements",
     "buyer", started_at=NOW, due_at=NOW), "requirements_submitted", ["s-1"], "/orders/o-1"),
    ("orders", "order_delivered", status("delivered", "in_progress", "deliver", "seller",
     delivered_at=NOW, on_time=True), "order_delivered", ["b-1"], "/orders/o-1"),
    ("orders", "order_revision_requested", status("in_revision", "delivered",
     "request_revision", "buyer"), "revision_requested", ["s-1"], "/orders/o-1"),
    ("orders", "order_extension_requested", extension("request_extension", "open", "seller"),
     "extension_requested", ["b-1"], "/orders/o-1"),
    ("orders", "order_extension_answered", extension("decline_extension", "declined", "buyer"),
     "extension_answered", ["s-1"], "/orders/o-1"),
    ("orders", "order_disputed", status("in_dispute", "in_progress", "open_cancellation",
     "seller"), "cancellation_requested", ["b-1"], "/orders/o-1"),
    ("orders", "order_cancelled", status("cancelled", "in_dispute", "accept_cancellation",
     "buyer", reason="mutual", **CANCELLED), "cancellation_answered", ["s-1"], "/orders/o-1"),
    ("orders", "order_resumed", status("in_progress", "in_dispute", "decline_cancellation",
     "buyer"), "cancellation_answered", ["s-1"], "/orders/o-1"),
    ("orders", "order_cancelled", status("cancelled", "very_late", "cancel_very_late", "buyer",
     reason="very_late", **CANCELLED), "order_cancelled", ["s-1"], "/orders/o-1"),
    ("orders", "order_late", status("late", "in_progress", "fall_due", "system"),
     "order_late", ["b-1", "s-1"], "/orders/o-1"),
    ("orders", "order_very_late", status("very_late", "late", "become_very_late", "system"),
     "order_late", ["b-1"], "/orders/o-1"),
    ("scheduler", "order_reminder_due", {"order_id": "o-1", "name": "due",
     "due": NOW.isoformat()}, "order_due_soon", ["s-1"], "/orders/o-1"),
    ("scheduler", "order_reminder_due", {"order_id": "o-1", "name": "review_period",
     "due": NOW.isoformat()}, "order_completes_soon", ["b-1"], "/orders/o-1"),
    ("payments", "earnings_pending", {**PARTIES, "earnings": USD, "clears_at": NOW,
     "completed_at": NOW}, "order_completed", ["s-1"], "/orders/o-1"),
    ("payments", "earnings_available", {"order_id": "o-1", "seller_id": "s-1",
     "amount": USD}, "earnings_cleared", ["s-1"], "/me/balance"),
    ("payments", "withdrawal_sent", {"withdrawal_id": "w-1", "seller_id": "s-1",
     "amount": USD, "sent_at": NOW}, "withdrawal_sent", ["s-1"], "/me/balance"),
    ("reviews", "review_published", {**REVIEW, "rating": 4.67, "published_at": NOW,
     "because": "seller_reviewed"}, "review_received", ["s-1"], "/orders/o-1"),
    ("reviews", "review_posted", {**REVIEW, "author_role": "seller", "author_id": "s-1",
     "posted_at": NOW}, "review_received", ["b-1"], "/orders/o-1"),
    ("reviews", "review_posted", {**REVIEW, "author_role": "buyer", "author_id": "b-1",
     "posted_at": NOW}, "private_feedback_asked", ["b-1"], "/orders/o-1"),
    ("reviews", "tip_sent", {**PARTIES, "tip_id": "t-1", "amount": USD, "message": "Thanks",
     "paid_at": NOW}, "tip_received", ["s-1"], "/orders/o-1"),
    ("requests", "offer_submitted", {"offer_id": "f-1", "request_id": "q-1", "buyer_id": "b-1",
     "seller_id": "s-1", "price": USD, "delivery_days": 2}, "offer_received", ["b-1"],
     "/requests/q-1/offers"),
    ("requests", "custom_offer_sent", {"custom_offer_id": "c-1", "quote_request_id": "qr-1",
     "buyer_id": "b-1", "seller_id": "s-1", "price": USD, "delivery_days": 2,
     "expires_at": None}, "custom_offer_received", ["b-1"], "/quote-requests/qr-1"),
    ("requests", "buyer_request_approved", {"request_id": "q-1", "buyer_id": "b-1"},
     "request_approved", ["b-1"], "/requests/q-1"),
    ("requests", "buyer_request_rejected", {"request_id": "q-1", "buyer_id": "b-1",
     "reason": "Too vague."}, "request_rejected", ["b-1"], "/requests/q-1"),
    ("inbox", "message_sent", {"conversation_id": "cv-1", "message_id": "m-1",
     "sender_id": "s-1", "recipient_id": "b-1", "kind": "text", "preview": "Hello",
     "file_count": 0}, "message_received", ["b-1"], "/conversations/cv-1"),
    ("orders", "order_message_posted", {"order_id": "o-1", "message_id": "m-1",
     "sender_id": "b-1", "recipient_id": "s-1"}, "order_message_received", ["s-1"],
     "/orders/o-1"),
]  # fmt: skip


def fact(source, event_type, payload):
    """The event as the broker brings it: dumped by the producer's contract, enveloped."""
    if source == "scheduler":  # the inbox's own payload, plus the scheduler's fields
        dumped = {**payload, "key": "inbox:o-1:x", "due_at": NOW.isoformat()}
    else:
        dumped = CONTRACTS[source].dump(event_type, payload)
    return facts_of(source, event_type, envelope(event_type, dumped, NOW))


def told(source, event_type, payload):
    facts = fact(source, event_type, payload)
    if source == "scheduler":
        facts = {**facts, "buyer_id": "b-1", "seller_id": "s-1"}  # the parties the inbox kept
    return [
        notification
        for notice in kinds.notices_of(source, event_type, facts)
        for notification in notifications_of(notice, facts, facts["event_id"], NOW)
    ]


@pytest.mark.parametrize(("source", "event_type", "payload", "kind", "who", "link"), CASES)
def test_n1_each_fact_tells_the_right_people_with_a_link(source, event_type, payload, kind,
                                                          who, link):  # fmt: skip
    made = told(source, event_type, payload)
    assert sorted(n.user_id for n in made) == who
    assert {n.kind for n in made} == {kind} and {n.link for n in made} == {link}
    assert all(n.text and n.event_id and n.created_at == NOW for n in made)


def test_n1_every_kind_has_a_case_and_every_subscription_a_row():
    assert {case[3] for case in CASES} == set(KINDS)
    assert {(case[0], case[1]) for case in CASES} == set(kinds.SUBSCRIPTIONS)


def test_n1_facts_that_ask_nothing_of_anyone_tell_nobody():
    skipped = status("in_progress", "incomplete", "skip_requirements", "seller",
                     started_at=NOW, due_at=NOW)  # fmt: skip
    assert told("orders", "order_started", skipped) == []
    tip_earnings = {"tip_id": "t-1", "seller_id": "s-1", "buyer_id": "b-1", "earnings": USD,
                    "clears_at": NOW, "paid_at": NOW}  # fmt: skip
    assert told("payments", "earnings_pending", tip_earnings) == []  # tip_sent tells of it


def test_n1_texts_name_the_money_and_the_answer():
    completed = told("payments", "earnings_pending", CASES[15][2])[0]
    assert "$25.00" in completed.text and completed.params["earnings"] == USD_JSON
    unanswered = extension("extension_unanswered", "accepted", "system")
    assert "did not answer" in told("orders", "order_extension_answered", unanswered)[0].text
    late = {n.params["role"]: n.text for n in told(*CASES[11][:3])}
    assert "deliver it" in late["seller"] and "deliver it" not in late["buyer"]
    # the system's answer to a cancellation tells both parties
    silence = status("cancelled", "in_dispute", "cancellation_unanswered", "system",
                     reason="mutual", **CANCELLED)  # fmt: skip
    assert len(told("orders", "order_cancelled", silence)) == 2


def note(kind="message_received", subject="cv-1"):
    return Notification(user_id="b-1", kind=kind, text="t", link="/", event_id=str(uuid.uuid4()),
                        subject_id=subject)  # fmt: skip


def test_n2_message_emails_are_grouped_while_an_earlier_one_is_unread():
    assert grouped(note(), earlier_unread=True)
    assert not grouped(note(), earlier_unread=False)
    assert not grouped(note("order_delivered"), earlier_unread=True)  # only messages
    assert emails(note(), {}, earlier_unread=False)
    assert not emails(note(), {}, earlier_unread=True)


def test_n2_n3_a_kind_turned_off_sends_no_email():
    assert not emails(note("order_delivered"), {"order_delivered": False}, False)
    assert emails(note("order_delivered"), {"tip_received": False}, False)


def test_n2_settings_name_every_kind_and_refuse_others():
    schema = NotificationSettingsSchema()
    assert schema.load({"tip_received": {"email": False}}) == {"tip_received": {"email": False}}
    with pytest.raises(Exception, match="nope"):
        schema.load({"nope": {"email": True}})
    assert set(schema.fields) == set(KINDS)


def test_n1_reminders_come_a_day_before_and_only_for_orders_deadlines_they_cover():
    assert orders_deadline("orders:o-1:due") == ("o-1", "due")
    assert orders_deadline("orders:o-1:review_period") == ("o-1", "review_period")
    assert orders_deadline("orders:o-1:very_late") is None
    assert orders_deadline("reviews:o-1:window") is None
    assert reminder_key("o-1", "due") == "inbox:o-1:due"
    due = NOW + timedelta(days=3)
    assert remind_at(due, NOW) == due - LEAD
    assert remind_at(NOW + timedelta(hours=20), NOW) is None  # less than a day away


def test_n1_a_custom_offer_in_a_conversation_is_told_once_as_a_custom_offer():
    shown = {"conversation_id": "cv-1", "message_id": "m-2", "sender_id": "s-1",
             "recipient_id": "b-1", "kind": "custom_offer", "preview": "Logo, $50",
             "file_count": 0}  # fmt: skip
    assert told("inbox", "message_sent", shown) == []
    assert [n.kind for n in told("inbox", "message_sent", {**shown, "kind": "text"})] == [
        "message_received"
    ]
