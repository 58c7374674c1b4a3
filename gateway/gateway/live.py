"""Live updates (issue 18): a signed-in client holds one Server-Sent Events stream
(`GET /v1/me/events`) and the gateway pushes to it what the inbox tells of that person:
a notification stored, a message received. The web app never polls.

Each gateway process keeps the streams it serves in memory (`LiveStreams`, one per
process) and hears the inbox's events on a queue of its own (Nameko's broadcast
handler): whichever replica holds a person's stream pushes to it. A push is a
hint, not the record: a client that reconnects reads its feed again, so an event
missed while it was away costs nothing (no replay, no `Last-Event-ID`).
"""

import json
import logging
from collections import defaultdict

from eventlet.queue import Empty, LightQueue
from nameko.extensions import DependencyProvider, SharedExtension

log = logging.getLogger(__name__)

QUEUE_SIZE = 100  # pushes waiting for a slow client; beyond, the oldest are dropped


class LiveStreams(SharedExtension):
    """The open streams of this process, by person."""

    def setup(self):
        self.streams = defaultdict(set)

    def open(self, user_id):
        queue = LightQueue(QUEUE_SIZE)
        self.streams[user_id].add(queue)
        return queue

    def close(self, user_id, queue):
        self.streams[user_id].discard(queue)
        if not self.streams[user_id]:
            del self.streams[user_id]

    def push(self, user_id, event, data):
        for queue in list(self.streams.get(user_id, ())):
            if queue.full():
                queue.get_nowait()  # a client that does not read loses the oldest
            queue.put_nowait((event, data))

    def count(self, user_id=None):
        if user_id is not None:
            return len(self.streams.get(user_id, ()))
        return sum(len(queues) for queues in self.streams.values())


class Live(DependencyProvider):
    streams = LiveStreams()

    def get_dependency(self, worker_ctx):
        return self.streams


def sse(event, data):
    """One Server-Sent Event (the data is JSON, on one line)."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def stream(streams, user_id, heartbeat):
    """The body of a person's stream: their pushes as they come, a comment line every
    `heartbeat` seconds when nothing comes (it keeps proxies from closing an idle
    stream, and finds a client gone: the stream closes when a write fails)."""
    queue = streams.open(user_id)
    try:
        yield b": connected\n\n"
        while True:
            try:
                event, data = queue.get(timeout=heartbeat)
            except Empty:
                yield b": keep-alive\n\n"
                continue
            yield sse(event, data)
    finally:
        streams.close(user_id, queue)
