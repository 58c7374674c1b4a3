"""Log lines (microtache.logs): the request id on every record, JSON or readable, and no
traceback for a refusal the caller is told."""

import json
import logging

from microtache.errors import InvalidInput, RuleViolation, ServiceUnavailable
from microtache.logs import ExpectedErrorFilter, RequestIdFilter, formatter, from_caller, working_on


def record(name="x", exc=None, message="hello"):
    exc_info = (type(exc), exc, None) if exc else None
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, (), exc_info)


def test_every_record_carries_the_current_request_id():
    line = record()
    with working_on("abc-123"):
        RequestIdFilter().filter(line)
    assert line.request_id == "abc-123"
    outside = record()
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"


def test_json_lines_name_the_request():
    line = record(message="order placed")
    line.request_id = "abc-123"
    written = json.loads(formatter("json").format(line))
    assert written["request_id"] == "abc-123" and written["message"] == "order placed"
    assert written["level"] == "ERROR" and written["timestamp"].endswith("+00:00")
    assert "[abc-123] order placed" in formatter("plain").format(line)


def test_a_caller_id_is_kept_only_when_sane():
    assert from_caller("checkout-42") == "checkout-42"
    assert from_caller("two words") != "two words"
    assert from_caller("x" * 200) != "x" * 200 and len(from_caller(None)) == 32


def test_nameko_keeps_tracebacks_for_failures_not_for_refusals():
    keep = ExpectedErrorFilter().filter
    assert not keep(record("nameko.containers", InvalidInput("bad")))
    assert not keep(record("nameko.containers", RuleViolation("(O9) no")))
    assert keep(record("nameko.containers", ServiceUnavailable("down")))  # a 503 is a failure
    assert keep(record("nameko.containers", KeyError("bug")))
    assert keep(record("microtache.outbox", InvalidInput("bad")))  # only Nameko's worker lines
