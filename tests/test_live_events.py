"""Live updates (issue 18): `GET /v1/me/events` streams the inbox's news of the signed-in
person as Server-Sent Events; nobody else's. Events are published on the real broker as
the inbox publishes them (`inbox.events`)."""

import json

import requests
from nameko.standalone.events import event_dispatcher

from tests.support import eventually


def read_events(lines, count):
    """The next `count` events of an open stream's lines, as (event, data)."""
    found, event = [], None
    for line in lines:
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: "):
            found.append((event, json.loads(line[len("data: ") :])))
            if len(found) == count:
                return found
    raise AssertionError(f"the stream ended after {found}")


def test_n1_m2_a_person_s_stream_carries_their_notifications_and_messages(api, unique, system):
    alice, bob = api.sign_up(unique("alice")), api.sign_up(unique("bob"))
    url = f"{api.base_url}/v1/me/events"
    with requests.get(
        url, params={"access_token": alice.token}, stream=True, timeout=(5, 10)
    ) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        lines = response.iter_lines(chunk_size=1, decode_unicode=True)
        assert next(lines) == ": connected"
        dispatch = event_dispatcher(system)
        dispatch("inbox", "notification_created", {"user_id": bob.id, "text": "not alice's"})
        note = {"user_id": alice.id, "notification_id": "n1", "kind": "order_placed"}
        dispatch("inbox", "notification_created", note)
        message = {"conversation_id": "c1", "sender_id": bob.id, "recipient_id": alice.id}
        dispatch("inbox", "message_sent", message)
        events = read_events(lines, 2)
    assert events == [("notification_created", note), ("message_sent", message)]


def test_a2_the_stream_needs_a_valid_token(api, unique):
    url = f"{api.base_url}/v1/me/events"
    assert requests.get(url, timeout=5).status_code == 401
    forged = requests.get(url, params={"access_token": "not.a.token"}, timeout=5)
    assert forged.status_code == 401
    person = api.sign_up(unique("p"))
    with requests.get(
        url, headers={"Authorization": f"Bearer {person.token}"}, stream=True, timeout=5
    ) as response:
        assert response.status_code == 200


def test_a_closed_stream_is_forgotten(api, unique, runner):
    person = api.sign_up(unique("p"))
    gateway = next(c for c in runner.containers if c.service_name == "gateway")
    streams = next(e for e in gateway.extensions if type(e).__name__ == "LiveStreams")
    url = f"{api.base_url}/v1/me/events"
    with requests.get(url, params={"access_token": person.token}, stream=True, timeout=5) as r:
        next(r.iter_lines(chunk_size=1))
        assert streams.count(person.id) == 1
    eventually(lambda: _assert(streams.count(person.id) == 0), timeout=30)


def _assert(condition):
    assert condition
