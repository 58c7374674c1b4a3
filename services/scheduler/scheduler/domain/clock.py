"""The platform clock's offset (S4): plain Python, no framework.

Outside production the platform's time is the system's UTC time plus an
offset the scheduler owns. The offset only grows: the clock moves forward,
never back, and by at most a year and a day at a time (the bound is the
contract's). Only a reset (development) brings it back to zero, and starts a
new epoch, so that every process can tell a message from before the reset
(microtache.clock).
"""

import math
from dataclasses import dataclass

from scheduler.contract import MAX_ADVANCE_SECONDS


class InvalidAdvance(ValueError):
    pass


def advance_problem(seconds: object) -> str | None:
    """Why the clock cannot move forward by `seconds`, or None."""
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
    ):
        return "A number of seconds is expected."
    if seconds <= 0:
        return "The clock only moves forward: give a positive number of seconds."
    if seconds > MAX_ADVANCE_SECONDS:
        return f"At most {MAX_ADVANCE_SECONDS} seconds (366 days) at a time."
    return None


@dataclass(eq=False)
class PlatformClock:
    """The single row of the `clock` table."""

    offset_seconds: float = 0.0
    id: int = 1
    epoch: int = 0  # how many resets so far

    def advance(self, seconds: float) -> float:
        problem = advance_problem(seconds)
        if problem:
            raise InvalidAdvance(problem)
        self.offset_seconds = float(self.offset_seconds) + float(seconds)
        return self.offset_seconds

    def reset(self) -> int:
        """Back to the system's time (offset 0), in a new epoch; the epoch."""
        self.offset_seconds = 0.0
        self.epoch = int(self.epoch or 0) + 1
        return self.epoch

    def move_to(self, offset_seconds: float) -> bool:
        """Set the offset to `offset_seconds` unless that would move the clock back;
        whether it moved."""
        if offset_seconds <= self.offset_seconds:
            return False
        self.offset_seconds = float(offset_seconds)
        return True
