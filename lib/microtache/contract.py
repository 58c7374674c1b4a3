"""What a service's contract is made of.

Each service has a `contract` module (`orders/contract.py`, ...): the schemas of
its RPC arguments and replies and of every event it publishes, importing only
marshmallow and this shared kit. It is the only part of a service that anything
outside it may import: the gateway validates HTTP bodies with it, other services
read its events with it, docs/asyncapi.yaml is generated from it.

* `Contract` is the base of every argument, reply and event schema: fields a
  newer producer adds are ignored (a tolerant reader), fields it removes are not
  (required fields stay required).
* `events(...)` is a contract's `EVENTS` table: each event type the service
  publishes, with its schema. A producer's `Database(..., events=EVENTS)` dumps
  every payload through it and refuses a type it does not list; a consumer loads
  with `microtache.events.payload_of(Producer.Schema(), event)`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate


class Contract(Schema):
    """An argument, reply or event payload: unknown fields are dropped on load."""

    class Meta:
        unknown = EXCLUDE
        ordered = True


@dataclass(frozen=True)
class EventType:
    """One event a service publishes: its type, its payload's schema, what it means."""

    name: str
    schema: type[Schema]
    summary: str


# The shared kit's own events, which every service may publish: asking the scheduler
# for a deadline, or cancelling one (microtache.deadlines, S1).
DEADLINE_REQUESTED = "deadline_requested"
DEADLINE_CANCELLED = "deadline_cancelled"
KEY = validate.Length(min=1, max=200)


class DeadlineRequested(Contract):
    """Schedule, or move, the deadline `key`: at `due`, publish `fires` with `payload`
    (plus `key` and `due_at`) as an event of the scheduler."""

    key = fields.String(required=True, validate=KEY)
    due = fields.AwareDateTime(required=True)  # ISO 8601, with its offset
    fires = fields.String(required=True, validate=validate.Length(min=1, max=100))
    payload = fields.Dict(keys=fields.String(), load_default=dict)


class DeadlineCancelled(Contract):
    """Forget the deadline `key`, if it has not fired."""

    key = fields.String(required=True, validate=KEY)


SHARED_EVENTS = (
    EventType(DEADLINE_REQUESTED, DeadlineRequested, "A deadline asked of the scheduler (S1)"),
    EventType(DEADLINE_CANCELLED, DeadlineCancelled, "A deadline no longer needed (S1, S3)"),
)


class Events(Mapping[str, EventType]):
    """A service's published events by type, in the order they were declared, then
    the shared kit's (`SHARED_EVENTS`)."""

    def __init__(self, service: str, *declared: EventType) -> None:
        self.service = service
        self._by_name = {event.name: event for event in declared}
        if len(self._by_name) != len(declared):
            raise ValueError(f"{service} declares an event type twice")
        self.own = tuple(self._by_name)
        for shared in SHARED_EVENTS:
            self._by_name.setdefault(shared.name, shared)
        self._schemas: dict[str, Schema] = {}  # one instance each: building one is costly

    def schema(self, event_type: str) -> Schema:
        """The schema of `event_type`, made once (marshmallow copies every declared
        field when a schema is made; a schema holds no state between loads and dumps)."""
        found = self._schemas.get(event_type)
        if found is None:
            found = self._schemas[event_type] = self._by_name[event_type].schema()
        return found

    def __getitem__(self, name: str) -> EventType:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def dump(self, event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The payload as the contract publishes it; a type or a payload the
        contract does not allow is a bug of the producer (ValueError)."""
        try:
            schema = self.schema(event_type)
        except KeyError:
            raise ValueError(
                f"{self.service} does not declare the event {event_type!r} in its contract"
            ) from None
        dumped = schema.dump(payload)
        problems = schema.validate(dumped)
        if problems:
            raise ValueError(
                f"{self.service}'s {event_type} does not match its contract: {problems}"
            )
        return dumped


def events(service: str, *declared: EventType) -> Events:
    """`EVENTS = events("orders", EventType("order_placed", OrderPlaced, "..."), ...)`."""
    return Events(service, *declared)


__all__ = [
    "DEADLINE_CANCELLED",
    "DEADLINE_REQUESTED",
    "SHARED_EVENTS",
    "Contract",
    "DeadlineCancelled",
    "DeadlineRequested",
    "EventType",
    "Events",
    "ValidationError",
    "events",
]
