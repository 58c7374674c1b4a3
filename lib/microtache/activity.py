"""How busy a service process is: what the clock's fast-forward waits on (S4).

One `Activity` per container counts the events its handlers have received but
not yet acknowledged, the events it has handled, and the outbox messages it has
published. With its queues' depths and its unsent outbox rows, that tells
whether the process has anything left to do.

Reading a queue's depth is a broker round trip, and each handler's queue has a
retry queue per delay beside it, so `may_hold_retries` tells which retry queues
can hold anything: those this process sent an event to within their longest
delay (the broker hands it back then), and all of them while the process is
younger than that (a process before it may have sent one). Retries sent by
another replica of the service are not seen: the fast-forward runs with one.
"""

import math
import time

from nameko.extensions import SharedExtension

# how late past its delay the broker may hand a retried event back
RETRY_MARGIN_SECONDS = 5.0


class Activity(SharedExtension):
    def __init__(self) -> None:
        super().__init__()
        self.in_flight = 0
        self.handled = 0
        self.published = 0
        self.started = time.monotonic()
        self.last_retry: dict[str, float] = {}  # queue name: when an event last went to retry

    def received(self) -> None:
        self.in_flight += 1

    def finished(self) -> None:
        self.in_flight -= 1
        self.handled += 1

    def relayed(self, count: int) -> None:
        self.published += count

    def retried(self, queue_name: str) -> None:
        """An event of `queue_name` goes to one of its retry queues."""
        self.last_retry[queue_name] = time.monotonic()

    def may_hold_retries(self, queue_name: str, longest_delay: float) -> bool:
        window = longest_delay + RETRY_MARGIN_SECONDS
        now = time.monotonic()
        last = self.last_retry.get(queue_name, -math.inf)
        return now - self.started < window or now - last < window
