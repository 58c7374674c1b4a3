"""Opaque list cursors (`?cursor=` / `next_cursor`, API.md): what a page ended at,
as URL-safe base64 JSON. A cursor this API did not give is a 400, never a 500."""
import base64
import binascii
import json

from microtache.errors import InvalidInput


def encode_cursor(position):
    """`position`: a JSON-able dict, e.g. {"offset": 40} or {"at": iso, "id": ...}."""
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor, *keys):
    """The position a cursor holds; `keys` must all be in it."""
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(position, dict) or not all(k in position for k in keys):
            raise ValueError(cursor)
        return position
    except (ValueError, UnicodeDecodeError, binascii.Error, TypeError):
        raise InvalidInput("The request is not valid.", {"cursor": ["Not a cursor this API gave."]})
