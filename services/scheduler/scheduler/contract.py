"""The scheduler's contract: its RPC arguments and replies, how it reads a deadline
request, the fields it adds to a fired deadline, and its own events (docs/rules.md
S1-S4). Imports only the standard library, marshmallow and the shared kit: the
gateway and every other service import this module, nothing else of the scheduler.

Asking for a deadline (`microtache.deadlines.request_deadline`) is an event the
owner publishes on its own exchange, `deadline_requested` or `deadline_cancelled`;
their schemas are the shared kit's (`microtache.contract.DeadlineRequested`,
`DeadlineCancelled`, re-exported here), in every service's `EVENTS`.

When the deadline falls due the scheduler publishes, on its exchange, the event
type the owner asked for with the owner's payload plus `DeadlineReached`'s fields
(`key`, `due_at`); the owner reads its payload with its own schema and may read
the scheduler's fields with `payload_of(scheduler.contract.DeadlineReached(), event)`.
"""

from marshmallow import Schema, fields, validate

from microtache.clock import CLOCK_ADVANCED
from microtache.contract import (
    DEADLINE_CANCELLED,
    DEADLINE_REQUESTED,
    Contract,
    DeadlineCancelled,
    DeadlineRequested,
    EventType,
    events,
)

SERVICE = "scheduler"

# S4: the clock moves forward by at most a year and a day at a time.
MAX_ADVANCE_SECONDS = 366 * 24 * 3600

# S1: bounds of a deadline and of the support listing.
KEY_LENGTH = (3, 200)
EVENT_TYPE_LENGTH = (3, 100)
PREFIX_MAX_LENGTH = 200
PENDING_LIMIT_MAX = 1000
PENDING_LIMIT_DEFAULT = 100

# Every event's envelope (microtache.outbox.envelope, microtache.events.ENVELOPE).
ENVELOPE = ("event_id", "event_type", "occurred_at", "version")


# -- RPC arguments (strict: an unknown field is refused) and replies -------------


class AdvanceClockSchema(Schema):
    """S4: move the platform clock forward by `seconds`, at least one (not in production)."""

    seconds = fields.Float(
        required=True, allow_nan=False, validate=validate.Range(min=1, max=MAX_ADVANCE_SECONDS)
    )


class ClockSchema(Contract):
    """`advance_clock`'s and `reset_clock`'s reply (S4)."""

    now = fields.AwareDateTime()  # the platform's time after the move
    offset_seconds = fields.Float()  # its distance ahead of the system's UTC time
    epoch = fields.Integer()  # how many resets so far


class ClockStateSchema(Contract):
    """`clock_state`'s reply: what a process asks at start (microtache.clock)."""

    offset_seconds = fields.Float()
    epoch = fields.Integer()


class ScheduleSchema(Schema):
    """S1: a named deadline; `event_type` is published by the scheduler when it falls due."""

    key = fields.String(required=True, validate=validate.Length(*KEY_LENGTH))
    due_at = fields.AwareDateTime(required=True)
    event_type = fields.String(required=True, validate=validate.Length(*EVENT_TYPE_LENGTH))
    payload = fields.Dict(keys=fields.String(), load_default=dict)


class DeadlineSchema(Contract):
    """A deadline as `schedule`, `cancel` and `pending_deadlines` answer (S1)."""

    key = fields.String()
    due_at = fields.AwareDateTime()
    event_type = fields.String()
    payload = fields.Dict()
    generation = fields.Integer()
    requested_at = fields.AwareDateTime()
    fired_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)


class PendingQuerySchema(Schema):
    """`pending_deadlines`' query: pending deadlines by key prefix, soonest first."""

    prefix = fields.String(load_default="", validate=validate.Length(max=PREFIX_MAX_LENGTH))
    limit = fields.Integer(
        load_default=PENDING_LIMIT_DEFAULT, validate=validate.Range(1, PENDING_LIMIT_MAX)
    )


class FiringMetricsSchema(Contract):
    """`firing_metrics`' reply: how late deadlines fire (milliseconds), pending and
    overdue counts."""

    fired = fields.Integer()
    window = fields.Integer()
    lag_p50_ms = fields.Float(allow_none=True)
    lag_p99_ms = fields.Float(allow_none=True)
    lag_max_ms = fields.Float(allow_none=True)
    pending = fields.Integer()
    overdue = fields.Integer()


# -- what the scheduler publishes ------------------------------------------------


class DeadlineReached(Contract):
    """The scheduler's own fields on a fired deadline (S1, S3). The event's type and
    the rest of its payload are the owner's; its `occurred_at` is `due_at`, and its
    event id is the same each time the same deadline fires (S3)."""

    key = fields.String(required=True)
    due_at = fields.AwareDateTime(required=True)


# A deadline's payload may not use the names the scheduler adds to it when it fires.
RESERVED_PAYLOAD_NAMES = frozenset(ENVELOPE) | frozenset(DeadlineReached._declared_fields)


class ClockAdvanced(Contract):
    """`clock_advanced`, broadcast to every process (lib/microtache/clock.py, S4)."""

    offset_seconds = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=0))
    # resets so far: a later epoch's offset wins even when smaller (a reset), an earlier
    # one's is ignored
    epoch = fields.Integer(load_default=0, validate=validate.Range(min=0))


EVENTS = events(
    SERVICE,
    EventType(
        CLOCK_ADVANCED,
        ClockAdvanced,
        "S4: the platform clock now runs `offset_seconds` ahead of UTC (never back within "
        "an `epoch`; a reset starts the next epoch at 0)",
    ),
)

__all__ = [
    "DEADLINE_CANCELLED",
    "DEADLINE_REQUESTED",
    "ENVELOPE",
    "EVENTS",
    "EVENT_TYPE_LENGTH",
    "KEY_LENGTH",
    "MAX_ADVANCE_SECONDS",
    "PENDING_LIMIT_DEFAULT",
    "PENDING_LIMIT_MAX",
    "PREFIX_MAX_LENGTH",
    "RESERVED_PAYLOAD_NAMES",
    "SERVICE",
    "AdvanceClockSchema",
    "ClockAdvanced",
    "ClockSchema",
    "ClockStateSchema",
    "DeadlineCancelled",
    "DeadlineReached",
    "DeadlineRequested",
    "DeadlineSchema",
    "FiringMetricsSchema",
    "PendingQuerySchema",
    "ScheduleSchema",
]
