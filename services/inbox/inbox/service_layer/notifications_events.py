"""The events of every service, read through their contracts, turned into notifications
(N1), and the reminders before orders' deadlines kept in step with orders (S1, S3).

`SUBSCRIPTIONS` (from the table, `inbox.domain.kinds`) lists each (source, event type)
the inbox hears for notifications; `facts_of` loads one through the producer's contract
(`EVENTS`) and `handler_of` says what to do with it inside `Store.handle_once`.
"""

import logging
from datetime import datetime

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.events import payload_of

from buyer_requests import contract as requests_contract
from inbox import contract as inbox_contract
from inbox.contract.notifications import REMINDER_EVENT, OrderReminderDue
from inbox.domain.kinds import SUBSCRIPTIONS
from inbox.domain.reminders import OrderReminder, orders_deadline, remind_at, reminder_key
from inbox.service_layer.notifications import notify
from orders import contract as orders_contract
from payments import contract as payments_contract
from reviews import contract as reviews_contract

log = logging.getLogger(__name__)

CONTRACTS = {
    "orders": orders_contract.EVENTS,
    "payments": payments_contract.EVENTS,
    "reviews": reviews_contract.EVENTS,
    "requests": requests_contract.EVENTS,
    "inbox": inbox_contract.EVENTS,
}
REMINDER = ("scheduler", REMINDER_EVENT)

__all__ = ["SUBSCRIPTIONS", "consumer_of", "facts_of", "handler_of"]


def consumer_of(source, event_type):
    """The pinned name `processed_events` records for a subscription (N3): never derived
    from where the code lives."""
    return f"inbox.notifications.{source}.{event_type}"


def facts_of(source, event_type, event):
    """The event's payload, loaded with its producer's contract, and its envelope."""
    if (source, event_type) == REMINDER:
        return payload_of(OrderReminderDue(), event)
    return payload_of(CONTRACTS[source][event_type].schema(), event)


def handler_of(source, event_type):
    """`handler(uow, facts)` of a subscription."""
    if (source, event_type) == REMINDER:
        return reminder_due
    if source == "orders":
        return lambda uow, facts: order_event(uow, event_type, facts)
    return lambda uow, facts: notify(uow, source, event_type, facts)


def order_event(uow, event_type, facts):
    """An order's event: its parties kept (whom a reminder tells), then N1."""
    if "buyer_id" in facts:  # a status event; a message on the order names its two ends
        uow.notifications.keep_parties(facts["order_id"], facts["buyer_id"], facts["seller_id"])
    return notify(uow, "orders", event_type, facts)


# --- reminders a day before orders' deadlines (N1, S1, S3) ------------------------------------


def deadline_requested(uow, request):
    """orders `deadline_requested`: a deadline the inbox reminds of (`due`, `review_period`)
    is asked for, or moved: the reminder is asked for, or moved, in step; an older request
    arriving after a newer one changes nothing."""
    found = orders_deadline(request["key"])
    if found is None:
        return None
    order_id, name = found
    asked_at = datetime.fromisoformat(request["occurred_at"])
    reminder = _newer_copy(uow, order_id, name, asked_at)
    if reminder is None:
        return None
    reminder.due = request["due"]
    at = remind_at(reminder.due, asked_at)
    if at is None:
        cancel_deadline(uow, reminder_key(order_id, name))
    else:
        request_deadline(
            uow,
            reminder_key(order_id, name),
            at,
            REMINDER_EVENT,
            {"order_id": order_id, "name": name, "due": reminder.due.isoformat()},
        )
    return reminder


def deadline_cancelled(uow, request):
    """orders `deadline_cancelled`: no reminder of it any more."""
    found = orders_deadline(request["key"])
    if found is None:
        return None
    order_id, name = found
    reminder = _newer_copy(uow, order_id, name, datetime.fromisoformat(request["occurred_at"]))
    if reminder is None:
        return None
    reminder.due = None
    cancel_deadline(uow, reminder_key(order_id, name))
    return reminder


def _newer_copy(uow, order_id, name, asked_at):
    """The inbox's copy of the deadline, to change as of `asked_at`; None if a newer ask
    was applied already."""
    reminder = uow.notifications.reminder(order_id, name, lock=True)
    if reminder is None:
        reminder = OrderReminder(order_id=order_id, name=name, due=None, asked_at=asked_at)
        uow.notifications.add(reminder)
        return reminder
    if not reminder.newer(asked_at):
        return None
    reminder.asked_at = asked_at
    return reminder


def reminder_due(uow, facts):
    """scheduler `order_reminder_due`: tell the party, if orders' deadline still falls
    due when the reminder was set for (S3) and the order's parties are known."""
    reminder = uow.notifications.reminder(facts["order_id"], facts["name"])
    if reminder is None or not reminder.still_due(datetime.fromisoformat(facts["due"])):
        log.info("reminder %s of order %s no longer applies", facts["name"], facts["order_id"])
        return []
    parties = uow.notifications.parties(facts["order_id"])
    if parties is None:
        log.warning("reminder for order %s, whose parties are unknown", facts["order_id"])
        return []
    told = {**facts, "buyer_id": parties.buyer_id, "seller_id": parties.seller_id}
    return notify(uow, *REMINDER, told)
