"""What every event carries around its payload, and the headers it travels with.

Kept apart from the outbox (`microtache.outbox`), which needs SQLAlchemy: the
gateway publishes events (`user_seen`) without having a database.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from microtache import logs, tracing

EVENT_VERSION = 1


def envelope(event_type: str, payload: Mapping[str, Any], occurred_at: datetime) -> dict[str, Any]:
    """Every event carries an id, the time it happened and a version; and the id of the
    request that caused it and the trace it belongs to, when one did (`microtache.logs`,
    `microtache.tracing`)."""
    cause, traceparent = logs.current(), tracing.current_traceparent()
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "occurred_at": occurred_at.isoformat(),
        "version": EVENT_VERSION,
        **({logs.ENVELOPE_KEY: cause} if cause else {}),
        **({tracing.CONTEXT_KEY: traceparent} if traceparent else {}),
        **payload,
    }


def message_headers(clock_header: Mapping[str, Any], message: Mapping[str, Any]) -> dict[str, Any]:
    """A relayed event's headers: the clock's offset (S4), and the request id and trace
    its envelope keeps, as Nameko context data, so that its handlers' work carries them."""
    headers = dict(clock_header)
    if message.get(logs.ENVELOPE_KEY):
        headers[f"nameko.{logs.CONTEXT_KEY}"] = message[logs.ENVELOPE_KEY]
    if message.get(tracing.CONTEXT_KEY):
        headers[f"nameko.{tracing.CONTEXT_KEY}"] = message[tracing.CONTEXT_KEY]
    return headers
