"""A service made to be stopped mid-work, for tests/test_shutdown.py.

It runs exactly as the real services do (`python -m microtache.serve`, the
reliable `@handles` event handler of microtache.events), but its work is slow
on purpose: `slow(seconds)` answers after a sleep, and each `tick` event takes
`SHUTDOWN_HANDLER_SECONDS`. Every start and end of a piece of work is appended
to the file `SHUTDOWN_JOURNAL`, one JSON line each, so the test can tell what
ran, what finished, and in which process.
"""

import json
import os
import time

import eventlet
from nameko.rpc import rpc

from microtache.events import handles

SOURCE = "shutdown_source"
EVENT_TYPE = "tick"
SERVICE = "shutdown_probe"


def journal(**entry):
    entry["pid"] = os.getpid()
    entry["t"] = time.time()
    with open(os.environ["SHUTDOWN_JOURNAL"], "a") as f:
        f.write(json.dumps(entry) + "\n")


class SlowService:
    name = SERVICE

    @rpc
    def ping(self):
        return "pong"

    @rpc
    def slow(self, call_id, seconds):
        journal(kind="rpc", id=call_id, phase="start")
        eventlet.sleep(seconds)
        journal(kind="rpc", id=call_id, phase="end")
        return {"call_id": call_id, "slept": seconds}

    @handles(SOURCE, EVENT_TYPE)
    def on_tick(self, event):
        journal(kind="event", id=event["event_id"], phase="start")
        eventlet.sleep(float(os.environ.get("SHUTDOWN_HANDLER_SECONDS", "1")))
        journal(kind="event", id=event["event_id"], phase="end")
