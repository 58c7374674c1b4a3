"""The shapes of the scheduler's commands and replies."""
from marshmallow import Schema, fields, validate

from scheduler.domain.clock import MAX_ADVANCE_SECONDS


class AdvanceClockSchema(Schema):
    """S4: move the platform clock forward by `seconds` (not in production)."""
    seconds = fields.Float(required=True, allow_nan=False, validate=validate.Range(
        min=0, min_inclusive=False, max=MAX_ADVANCE_SECONDS))


class ClockSchema(Schema):
    now = fields.AwareDateTime()        # the platform's time after the move
    offset_seconds = fields.Float()     # its distance ahead of the system's UTC time
