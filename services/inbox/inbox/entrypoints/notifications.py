"""The inbox's entrypoints for notifications (N1-N3): the events of every service in,
the feed and its read marks out; mixed into `InboxService`.

One handler per (source, event type) of the notifications' table (`inbox.domain.kinds`),
made below from `SUBSCRIPTIONS`: `notify_<source>_<event_type>`, each applying its event
once under its pinned consumer name (N3).
"""

from nameko.rpc import rpc

from microtache.contract import (
    DEADLINE_CANCELLED,
    DEADLINE_REQUESTED,
    DeadlineCancelled,
    DeadlineRequested,
)
from microtache.errors import EXPECTED
from microtache.events import handles, payload_of
from microtache.service import load

from inbox import contract
from inbox.service_layer import notifications, notifications_events as events


class NotificationEntrypoints:
    """N1-N3."""

    # N2: the feed, read marks, e-mail settings (the caller's own)
    @rpc(expected_exceptions=EXPECTED)
    def list_notifications(self, query=None):
        query = load(contract.NotificationsQuerySchema(), query or {})
        caller = self.caller()
        with self.db.read_only() as uow:
            return contract.NotificationPageSchema().dump(
                notifications.feed(uow, caller["id"], query)
            )

    @rpc(expected_exceptions=EXPECTED)
    def mark_notifications_read(self, data):
        data = load(contract.MarkReadSchema(), data)
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return contract.MarkReadReplySchema().dump(
                notifications.mark_read(uow, caller["id"], data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def orders_with_updates(self):
        """N2, O13: the ids of the orders the caller has unread notifications about (orders'
        "updates" list asks it on the seller's behalf: the caller is theirs)."""
        caller = self.caller()
        with self.db.read_only() as uow:
            return contract.OrdersWithUpdatesSchema().dump(
                notifications.orders_with_updates(uow, caller["id"])
            )

    @rpc(expected_exceptions=EXPECTED)
    def get_notification_settings(self):
        caller = self.caller()
        with self.db.read_only() as uow:
            return contract.NotificationSettingsSchema().dump(
                notifications.settings(uow, caller["id"])
            )

    @rpc(expected_exceptions=EXPECTED)
    def update_notification_settings(self, data):
        data = load(contract.NotificationSettingsSchema(), data)
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return contract.NotificationSettingsSchema().dump(
                notifications.update_settings(uow, caller["id"], data)
            )

    # S1: orders' deadlines, mirrored as reminders a day before (N1)
    @handles("orders", DEADLINE_REQUESTED)
    def remind_on_orders_deadline_requested(self, event):
        self.db.handle_once(
            payload_of(DeadlineRequested(), event),
            events.deadline_requested,
            "inbox.notifications.orders.deadline_requested",
        )

    @handles("orders", DEADLINE_CANCELLED)
    def remind_on_orders_deadline_cancelled(self, event):
        self.db.handle_once(
            payload_of(DeadlineCancelled(), event),
            events.deadline_cancelled,
            "inbox.notifications.orders.deadline_cancelled",
        )


def _notifying(source, event_type):
    """The handler of one subscription of the table."""
    handler, consumer = (
        events.handler_of(source, event_type),
        events.consumer_of(source, event_type),
    )

    def notify(self, event):
        self.db.handle_once(events.facts_of(source, event_type, event), handler, consumer)

    notify.__name__ = notify.__qualname__ = f"notify_{source}_{event_type}"
    notify.__doc__ = f"N1: {source} `{event_type}` tells whom the table says."
    return handles(source, event_type)(notify)


for _source, _event_type in events.SUBSCRIPTIONS:
    setattr(
        NotificationEntrypoints, f"notify_{_source}_{_event_type}", _notifying(_source, _event_type)
    )
