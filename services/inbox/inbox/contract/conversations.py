"""Conversations (M1-M3): the schemas of their RPC arguments and replies, and the
events the inbox publishes about them."""

from microtache.contract import EventType

CONVERSATION_EVENTS: tuple[EventType, ...] = ()

__all__ = ["CONVERSATION_EVENTS"]
