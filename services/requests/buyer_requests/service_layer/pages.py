"""Offset cursors over the lists of this service (`?limit=&cursor=`, `next_cursor`)."""
from microtache.errors import InvalidInput
from microtache.pagination import decode_cursor, encode_cursor


def offset_of(query):
    if not query.get("cursor"):
        return 0
    offset = decode_cursor(query["cursor"], "offset")["offset"]
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("The request is not valid.", {"cursor": ["Not a cursor this API gave."]})
    return offset


def next_cursor(offset, rows, more):
    return encode_cursor({"offset": offset + len(rows)}) if more else None
