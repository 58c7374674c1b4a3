"""Dead letters (issue 20): list, show, replay and discard one parked event, by the
`microtache dead-letters` commands and by the admin's routes. The events are parked for
real: a payload payments' handler refuses (`PermanentFailure`, parked at once)."""

import json
import logging
import uuid

import pytest
from kombu import Connection
from nameko.standalone.events import event_dispatcher

from microtache import cli, deadletters
from microtache.events import ATTEMPT_HEADER, ERROR_HEADER, dead_letter_queue, handler_queue_name

from tests.support import eventually

QUEUE = handler_queue_name("scheduler", "earnings_cleared", "payments", "on_earnings_cleared")


def park(system, count):
    """`count` malformed earnings_cleared events, each parked by payments' handler."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    dispatch = event_dispatcher(system)
    for event_id in ids:  # no order_id, no tip_id: a PermanentFailure
        dispatch("scheduler", "earnings_cleared", malformed(event_id))
        eventually(lambda event_id=event_id: _assert(event_id in parked_ids(system)))
    return ids


def malformed(event_id):
    return {
        "event_id": event_id,
        "event_type": "earnings_cleared",
        "occurred_at": "2026-01-01T00:00:00+00:00",
        "version": 1,
        "key": "payments:nothing:clearance",
    }


def parked_ids(system, among=None):
    """The ids parked in QUEUE's dead letters, in the queue's order (only `among`)."""
    ids = [m["id"] for m in deadletters.list_messages(system)["messages"] if m["queue"] == QUEUE]
    return ids if among is None else [i for i in ids if i in among]


def _assert(value):
    assert value
    return value


def microtache(system, monkeypatch, capsys, *args):
    monkeypatch.setenv("AMQP_URI", system["AMQP_URI"])
    capsys.readouterr()
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_commands_list_show_replay_and_discard_one_parked_event(
    system, monkeypatch, capsys, caplog
):
    a, b, c = ids = park(system, 3)
    code, listed, _ = microtache(system, monkeypatch, capsys, "dead-letters")
    assert code == 0
    assert f"{QUEUE}.dead" in listed
    line = next(line for line in listed.splitlines() if b in line)
    assert "earnings_cleared" in line and "attempts=1" in line and "PermanentFailure" in line

    code, shown, _ = microtache(system, monkeypatch, capsys, "dead-letters", "show", QUEUE, b)
    shown = json.loads(shown)
    assert code == 0 and shown["id"] == b and shown["body"]["event_id"] == b
    assert "malformed earnings_cleared" in shown["error"]
    assert ERROR_HEADER in shown["headers"] and shown["attempts"] == 1
    assert parked_ids(system, ids) == [a, b, c]  # looking changed nothing, not even the order

    code, out, _ = microtache(system, monkeypatch, capsys, "dead-letters", "replay", QUEUE, b)
    assert code == 0 and f"replayed {b}" in out
    # b went back to payments, failed again, and was parked again behind the others
    eventually(lambda: _assert(parked_ids(system, ids) == [a, c, b]))

    caplog.set_level(logging.WARNING, logger="microtache.deadletters")
    code, out, _ = microtache(
        system,
        monkeypatch,
        capsys,
        "dead-letters",
        "discard",
        f"{QUEUE}.dead",
        a,
        "--reason",
        "a test's poison",
    )
    assert code == 0 and f"discarded {a}" in out
    assert parked_ids(system, ids) == [c, b]  # exactly one gone
    logged = [r.getMessage() for r in caplog.records if "discarded" in r.getMessage()]
    assert any(a in m and "(cli)" in m and "a test's poison" in m for m in logged)

    code, _, err = microtache(system, monkeypatch, capsys, "dead-letters", "show", QUEUE, a)
    assert code == 1 and "No parked message has that id" in err
    code, _, err = microtache(system, monkeypatch, capsys, "dead-letters", "show", "nope", c)
    assert code == 1 and "No event handler has that queue" in err
    for event_id in (b, c):  # leave nothing behind
        deadletters.discard(system, QUEUE, event_id, "test", "clean-up")


def test_replaying_one_resets_its_attempts(system):
    """A message parked after four attempts (put straight into the dead letters here)
    goes back with its attempt counter gone: its next failure is its first attempt."""
    event_id = str(uuid.uuid4())
    with Connection(system["AMQP_URI"]) as connection:
        connection.Producer().publish(
            json.dumps(malformed(event_id)),
            exchange="",
            routing_key=dead_letter_queue(QUEUE).name,
            headers={ATTEMPT_HEADER: 5, ERROR_HEADER: "RuntimeError: was failing"},
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
        )
    assert deadletters.show(system, QUEUE, event_id)["attempts"] == 4
    deadletters.replay_one(system, QUEUE, event_id)
    shown = eventually(
        lambda: _assert(
            event_id in parked_ids(system) and deadletters.show(system, QUEUE, event_id)
        )
    )
    assert shown["attempts"] == 1 and "PermanentFailure" in shown["error"]
    deadletters.discard(system, QUEUE, event_id, "test", "clean-up")


@pytest.fixture
def admin(api):
    return api.sign_in("admin", "admin-password")


def test_the_admin_routes_list_show_replay_and_discard_one_parked_event(system, api, admin):
    x, y, z = ids = park(system, 3)
    base = "/v1/admin/dead-letters"
    listing = api.get(base, as_=admin)
    assert listing.status_code == 200, listing.text
    body = listing.json()
    assert any(q["queue"] == QUEUE and q["count"] >= 3 for q in body["queues"])
    mine = [m for m in body["messages"] if m["id"] in ids]
    assert [m["id"] for m in mine] == [x, y, z]
    assert all(
        m["queue"] == QUEUE
        and m["event_type"] == "earnings_cleared"
        and m["attempts"] == 1
        and "PermanentFailure" in m["error"]
        for m in mine
    )

    shown = api.get(f"{base}/{QUEUE}/{y}", as_=admin)
    assert shown.status_code == 200, shown.text
    assert shown.json()["body"]["event_id"] == y and ERROR_HEADER in shown.json()["headers"]

    replayed = api.post(f"{base}/{QUEUE}/{x}/replay", as_=admin)
    assert replayed.status_code == 200, replayed.text
    assert replayed.json() == {"queue": QUEUE, "id": x, "replayed": 1}
    eventually(lambda: _assert(parked_ids(system, ids) == [y, z, x]))  # the others stayed

    gone = api.request("DELETE", f"{base}/{QUEUE}/{y}?reason=poison", as_=admin)
    assert gone.status_code == 200, gone.text
    assert gone.json()["id"] == y and gone.json()["reason"] == "poison"
    assert gone.json()["discarded_by"].startswith("admin")
    assert parked_ids(system, ids) == [z, x]  # exactly one gone
    assert api.get(f"{base}/{QUEUE}/{y}", as_=admin).status_code == 404

    everything = api.post(f"/v1/admin/dead-letter-queues/{QUEUE}/replay", as_=admin)
    assert everything.status_code == 200, everything.text
    assert everything.json()["queue"] == QUEUE and everything.json()["replayed"] >= 2
    eventually(lambda: _assert(sorted(parked_ids(system, ids)) == sorted([z, x])))  # parked again

    for path in (f"{base}/no-such-queue/{z}", f"{base}/{QUEUE}.dead.x/{z}"):
        missing = api.get(path, as_=admin)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert (
        api.post("/v1/admin/dead-letter-queues/rpc-payments/replay", as_=admin).status_code == 404
    )
    assert api.request("DELETE", f"{base}/{QUEUE}/{uuid.uuid4()}", as_=admin).status_code == 404
    for event_id in (x, z):
        assert api.request("DELETE", f"{base}/{QUEUE}/{event_id}", as_=admin).status_code == 200


def test_the_dead_letter_routes_are_the_admins_and_described(api, unique):
    person = api.sign_up(unique("p"))
    assert api.get("/v1/admin/dead-letters", as_=person).status_code == 403
    paths = api.get("/openapi.json").json()["paths"]
    assert set(paths["/v1/admin/dead-letters/{queue}/{id}"]) == {"get", "delete"}
    assert "post" in paths["/v1/admin/dead-letters/{queue}/{id}/replay"]
    assert "post" in paths["/v1/admin/dead-letter-queues/{queue}/replay"]
    listed = paths["/v1/admin/dead-letters"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]
