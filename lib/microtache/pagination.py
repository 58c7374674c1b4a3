"""Opaque list cursors (`?cursor=` / `next_cursor`, API.md): what a page ended at,
as URL-safe base64 JSON.

A cursor this API did not give is a 422 (`rule_violation`), never a 500, and not a 400:
OpenAPI says a cursor is a string of at most 200 characters, and any such string is a
well-formed request; whether it names a position this API gave cannot be stated in the
document (it is opaque), so it is refused as a well-formed request the server cannot
honour, like an id of something that does not exist (issue 15, item 8)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sized
from datetime import datetime
from typing import Any

from microtache.errors import RuleViolation


def encode_cursor(position: dict[str, Any]) -> str:
    """`position`: a JSON-able dict, e.g. {"offset": 40} or {"at": iso, "id": ...}."""
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *keys: str) -> dict[str, Any]:
    """The position a cursor holds; `keys` must all be in it."""
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(position, dict) or not all(k in position for k in keys):
            raise ValueError(cursor)
        return position
    except (ValueError, UnicodeDecodeError, binascii.Error, TypeError):
        raise _not_ours() from None


def _not_ours() -> RuleViolation:
    return RuleViolation("The request is not valid.", {"cursor": ["Not a cursor this API gave."]})


# --- offset cursors: "the next page starts at row N" ----------------------------------------

MAX_OFFSET = 1_000_000  # no list is paged that deep; a larger offset was not ours


def offset_of(cursor: str | None) -> int:
    """The row a page starts at (0 without a cursor)."""
    if not cursor:
        return 0
    offset = decode_cursor(cursor, "offset")["offset"]
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise _not_ours()
    return offset


def next_offset(offset: int, rows: Sized, more: bool) -> str | None:
    """The cursor after a page of `rows` read at `offset`; None when nothing follows."""
    return encode_cursor({"offset": offset + len(rows)}) if more else None


# --- keyset cursors: "the next page comes after (time, id)" ---------------------------------


def position_of(cursor: str | None) -> tuple[datetime, Any] | None:
    """(datetime, id) of the last item of the previous page, or None without a cursor."""
    if not cursor:
        return None
    position = decode_cursor(cursor, "at", "id")
    try:
        return datetime.fromisoformat(position["at"]), position["id"]
    except (TypeError, ValueError):
        raise _not_ours() from None


def position_cursor(at: datetime, item_id: Any) -> str:
    return encode_cursor({"at": at.isoformat(), "id": item_id})
