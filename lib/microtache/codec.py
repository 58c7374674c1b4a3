"""The messages' JSON codec: orjson in kombu's place, with kombu's wire format.

Every RPC request and reply and every event crosses the broker as JSON. Kombu's own
codec is the standard library's `json` with a custom encoder built per call; orjson
does the same work several times faster (bench/results/codec.json, docs/performance.md).

`register()` puts it in kombu's registry under the name `json` (Nameko's default),
which `import microtache` does: every service, the gateway, the tests and the tools
use it with nothing to configure. What crosses the wire does not change: the same
`application/json` a process on kombu's codec (an older version during a rolling
update) reads, and writes. Values JSON has no type for travel as kombu tags them
(`{"__type__": "datetime", "__value__": "..."}`) and come back as those values; the
contracts send plain JSON (marshmallow dumps every field first), so that path is
rare and kept only so that the codec changes speed, not meaning. So is the other
thing orjson does not do as the standard library does: integers past 64 bits (a
hostile budget of 2**70 reaching a service's validation), which it refuses to write
and reads as floats; those messages go through kombu's codec both ways. A message
kombu's codec wrote (here for such an integer, or by an older process) is told by
its separators: the standard library writes `": ` between every key and its value,
orjson never outside a string. Every Nameko message is an object, so such a message
is always read back by kombu's codec; an orjson one whose text holds `": ` only
costs the slower path.
"""

from __future__ import annotations

from typing import Any

import orjson
from kombu import serialization
from kombu.utils import json as kombu_json

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS  # {1: x} as {"1": x}, as the standard library does
    | orjson.OPT_PASSTHROUGH_DATETIME  # datetimes tagged as kombu tags them (below)
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
_TAG = b'"__type__"'
_KOMBU_WRITTEN = b'": '
_kombu_types = kombu_json.JSONEncoder().default


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value, default=_kombu_types, option=_OPTIONS)
    except TypeError:  # an integer past 64 bits; else kombu's codec refuses it too
        return kombu_json.dumps(value).encode()


def loads(data: bytes | bytearray | memoryview | str) -> Any:
    if isinstance(data, memoryview):
        data = data.tobytes()
    elif isinstance(data, str):
        data = data.encode()
    if _KOMBU_WRITTEN in data or _TAG in data:  # kombu's writing, or values it tagged
        return kombu_json.loads(data)
    return orjson.loads(data)


def register() -> None:
    """Kombu's `json` serializer, with this codec: same name, same content type."""
    serialization.register(
        "json", dumps, loads, content_type="application/json", content_encoding="utf-8"
    )
