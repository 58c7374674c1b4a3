"""How payments reads the events it handles from catalog and orders: the payload with
the producer's contract (`catalog.contract`, `orders.contract`), the envelope with the
fields payments relies on (the event id for idempotency; when it happened, which orders
a seller's level changes)."""

from datetime import UTC

from marshmallow import EXCLUDE, Schema, fields, validate

from microtache.events import payload_of


class Envelope(Schema):
    """The envelope every event carries (docs/messaging.md): a missing id is malformed."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True, validate=validate.Length(min=1))
    occurred_at = fields.AwareDateTime(load_default=None, default_timezone=UTC)


class TimedEnvelope(Envelope):
    """An envelope whose `occurred_at` orders the facts (seller_level_changed, P3)."""

    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)


def read(producer_schema, event, envelope=Envelope):
    """The event's payload loaded with its producer's contract, and its envelope with
    payments' needs; either malformed is a PermanentFailure (parked at once)."""
    return {**payload_of(producer_schema, event), **payload_of(envelope(), event)}
