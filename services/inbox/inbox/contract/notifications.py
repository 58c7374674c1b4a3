"""Notifications (N1-N4): the kinds, the schemas of their RPC arguments and replies,
and the events the inbox publishes about them."""

from microtache.contract import EventType

NOTIFICATION_EVENTS: tuple[EventType, ...] = ()

__all__ = ["NOTIFICATION_EVENTS"]
