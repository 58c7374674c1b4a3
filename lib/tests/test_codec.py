"""The messages' codec: orjson's speed, kombu's wire format (microtache.codec)."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st
from kombu import serialization
from kombu.utils import json as kombu_json

import microtache  # noqa: F401  (registers the codec)
from microtache import codec

plain_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # past 64 bits too (kombu's codec carries those)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(st.dictionaries(st.text(), plain_json))  # a Nameko message is always an object
def test_plain_json_reads_the_same_on_both_codecs_either_way(value):
    assert codec.loads(codec.dumps(value)) == value
    assert kombu_json.loads(codec.dumps(value)) == value  # an older process reads ours
    assert codec.loads(kombu_json.dumps(value).encode()) == value  # and we read its


def test_values_json_has_no_type_for_cross_as_kombu_tags_them():
    value = {
        "at": datetime(2026, 12, 1, 19, 0, tzinfo=UTC),
        "on": date(2026, 12, 1),
        "amount": Decimal("12.50"),
        "raw": b"\x00\xff",
    }
    assert codec.loads(codec.dumps(value)) == value
    assert kombu_json.loads(codec.dumps(value)) == value
    assert codec.loads(kombu_json.dumps(value)) == value


def test_integers_past_64_bits_cross_whole_not_as_floats():
    """A hostile budget of 2**70 reaches the service's validation as that integer."""
    for number in (2**63, 2**70, -(2**64)):
        assert codec.loads(codec.dumps({"amount": number}))["amount"] == number
        assert codec.loads(kombu_json.dumps({"amount": number}).encode())["amount"] == number


def test_keys_that_are_not_text_become_text_as_with_the_standard_library():
    assert codec.loads(codec.dumps({1: "a"})) == {"1": "a"}


def test_what_kombu_cannot_encode_it_refuses_too():
    class Opaque:
        pass

    with pytest.raises(TypeError):
        codec.dumps({"x": Opaque()})


def test_kombus_json_serializer_is_this_codec_after_importing_microtache():
    content_type, encoding, body = serialization.dumps({"id": str(uuid.uuid4())}, "json")
    assert (content_type, encoding) == ("application/json", "utf-8")
    assert isinstance(body, bytes)  # orjson's output; kombu's own gives text
    assert serialization.loads(body, content_type, encoding) == codec.loads(body)
