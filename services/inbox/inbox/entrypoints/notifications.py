"""The inbox's entrypoints for notifications (N1-N3): the events of every service in,
the feed and its read marks out; mixed into `InboxService`."""


class NotificationEntrypoints:
    """N1-N3."""
