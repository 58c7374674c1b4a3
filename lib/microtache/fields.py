"""Fields and validators whose refusals OpenAPI can state (issue 15, item 8).

The gateway publishes every body schema in OpenAPI (apispec): a rule written as a
marshmallow validator apispec understands (`Length`, `Range`, `OneOf`, `Regexp`)
is published, a hand-written function is not. These are the few shared ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import fields, validate

NOT_BLANK_PATTERN = r"^\s*\S"
"""Something written: at least one character that is not white space. Anchored, so
that marshmallow's `Regexp` (which matches at the start) and JSON Schema's `pattern`
(which searches anywhere) mean the same."""


def not_blank(error: str = "Write something.") -> validate.Regexp:
    return validate.Regexp(NOT_BLANK_PATTERN, error=error)


class StrictBoolean(fields.Boolean):
    """`true` or `false` in JSON, nothing else: marshmallow's Boolean takes 0, 1, "yes",
    "on"..., which the document (`type: boolean`) refuses. For bodies, not query strings."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


__all__ = ["NOT_BLANK_PATTERN", "StrictBoolean", "not_blank"]
