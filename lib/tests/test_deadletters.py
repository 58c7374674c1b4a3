"""What the dead-letter tools say of a parked message (microtache.deadletters)."""

import json

from kombu.message import Message

from microtache.deadletters import details, event_type_of, message_id, summary
from microtache.events import ATTEMPT_HEADER, ERROR_HEADER

QUEUE = "evt-scheduler-earnings_cleared--payments.on_earnings_cleared"


def parked(body, headers=None, **properties):
    return Message(
        body=body,
        headers=headers or {},
        properties=properties,
        content_type="application/json",
        content_encoding="utf-8",
    )


def test_a_parked_event_is_named_by_its_event_id_and_says_why_and_how_often():
    message = parked(
        json.dumps({"event_id": "e-1", "event_type": "earnings_cleared"}).encode(),
        {ERROR_HEADER: "PermanentFailure: malformed earnings_cleared", ATTEMPT_HEADER: 4},
    )
    assert summary(QUEUE, message) == {
        "queue": QUEUE,
        "id": "e-1",
        "event_type": "earnings_cleared",
        "error": "PermanentFailure: malformed earnings_cleared",
        "attempts": 3,  # the header is the attempt it would have been next
    }
    shown = details(QUEUE, message)
    assert shown["body"] == {"event_id": "e-1", "event_type": "earnings_cleared"}
    assert shown["body_encoding"] == "json"
    assert shown["headers"][ATTEMPT_HEADER] == 4


def test_without_an_event_id_the_message_id_then_a_digest_names_it():
    assert message_id(parked(b'{"x": 1}', message_id="m-7")) == "m-7"
    assert message_id(parked(b'{"x": 1}', {"message_id": "m-8"})) == "m-8"
    undecodable = parked(b"\xff\xfe not json", {ERROR_HEADER: "undecodable body: ..."})
    first = message_id(undecodable)
    assert first.startswith("sha1-") and first == message_id(undecodable)  # stable
    shown = details(QUEUE, undecodable)
    assert shown["body_encoding"] == "base64" and shown["attempts"] == 1
    assert shown["event_type"] == "earnings_cleared"  # from the queue's name


def test_the_event_type_comes_from_the_queue_name_when_the_body_has_none():
    assert event_type_of("evt-any-deadline_requested--scheduler.on_deadline_requested", None) == (
        "deadline_requested"
    )
    assert event_type_of("something-else", "text") is None
