"""How catalog reads the events it handles (C7): the payload with its producer's
contract (`orders.contract`, `payments.contract`, `reviews.contract`: fields a newer
producer adds are ignored), the envelope with the fields catalog relies on (the event
id for idempotency; when it happened, which orders two ratings)."""

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
    """An envelope whose `occurred_at` orders the facts (seller_rating_changed, V6)."""

    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)


def read(producer_schema, event, envelope=Envelope):
    """The event's payload loaded with its producer's contract, and its envelope with
    catalog's needs; either malformed is a PermanentFailure (parked at once)."""
    return {**payload_of(producer_schema, event), **payload_of(envelope(), event)}
