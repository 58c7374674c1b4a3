"""How busy a service process is: what the clock's fast-forward waits on (S4).

One `Activity` per container counts the events its handlers have received but
not yet acknowledged, the events it has handled, and the outbox messages it has
published. With its queues' depths and its unsent outbox rows, that tells
whether the process has anything left to do.
"""

from nameko.extensions import SharedExtension


class Activity(SharedExtension):
    def __init__(self) -> None:
        super().__init__()
        self.in_flight = 0
        self.handled = 0
        self.published = 0

    def received(self) -> None:
        self.in_flight += 1

    def finished(self) -> None:
        self.in_flight -= 1
        self.handled += 1

    def relayed(self, count: int) -> None:
        self.published += count
