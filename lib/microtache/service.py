"""What every Nameko service class shares: argument validation and a health check."""
from marshmallow import ValidationError
from nameko.rpc import rpc

from microtache.errors import InvalidInput


def load(schema, data, partial=False):
    """Validate a command's arguments; bad input is a 400 with per-field details."""
    if not isinstance(data, dict):
        raise InvalidInput("A JSON object is expected.")
    try:
        return schema.load(data, partial=partial)
    except ValidationError as exc:
        raise InvalidInput("The request is not valid.", exc.normalized_messages())


class HealthCheck:
    """Mixed into every service: `ping` answers only when the database does."""

    @rpc
    def ping(self):
        self.db.ping()
        return {"service": self.name, "database": "ok"}
