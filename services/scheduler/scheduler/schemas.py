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


class ScheduleSchema(Schema):
    """S1: a named deadline; `event_type` is published by the scheduler when it falls due."""
    key = fields.String(required=True, validate=validate.Length(3, 200))
    due_at = fields.AwareDateTime(required=True)
    event_type = fields.String(required=True, validate=validate.Length(3, 100))
    payload = fields.Dict(keys=fields.String(), load_default=dict)


class DeadlineSchema(Schema):
    key = fields.String()
    due_at = fields.AwareDateTime()
    event_type = fields.String()
    payload = fields.Dict()
    generation = fields.Integer()
    requested_at = fields.AwareDateTime()
    fired_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)


class PendingQuerySchema(Schema):
    prefix = fields.String(load_default="", validate=validate.Length(max=200))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))
