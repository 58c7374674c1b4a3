"""Which deadlines an order needs, derived from its state alone (S1, S3).

The status table (orders.contract.statuses) says which deadlines a status may need;
this module says when each falls due and which system action it triggers. After
every change the service asks the scheduler for exactly these (and cancels the ones
no longer listed); when one fires, the service acts only if the order still lists it
with the same due time, so a deadline that no longer applies changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from orders.contract.policies import POLICIES
from orders.contract.statuses import STATUS, STATUS_TABLE
from orders.domain.orders import Order


@dataclass(frozen=True)
class Deadline:
    action: str  # the system action it triggers
    due: Callable[[Order], datetime | None]  # None: not needed now
    facts: Callable[[Order], dict[str, Any]] = lambda order: {}


def _very_late(order: Order) -> datetime | None:
    return order.due_at + POLICIES.very_late_after if order.due_at else None


def _extension_answer(order: Order) -> datetime | None:
    extension = order.open_extension()
    return extension.answer_by if extension is not None else None


def _cancellation_answer(order: Order) -> datetime | None:
    cancellation = order.open_cancellation()
    return cancellation.answer_by if cancellation is not None else None


def _open_extension(order: Order) -> dict[str, Any]:
    extension = order.open_extension()
    return {"extension_id": extension.id} if extension is not None else {}


DEADLINES = {
    "due": Deadline("fall_due", lambda order: order.due_at),  # O8: late
    "very_late": Deadline("become_very_late", _very_late),  # O8: +24 h
    "review_period": Deadline(
        "complete_automatically",  # O4
        lambda order: order.review_ends_at,
    ),
    "extension_answer": Deadline(
        "extension_unanswered",
        _extension_answer,  # O6: silence
        facts=_open_extension,
    ),
    "cancellation_answer": Deadline(
        "cancellation_unanswered",  # O9: silence
        _cancellation_answer,
    ),
}
NAMES = tuple(DEADLINES)
ACTIONS = {name: deadline.action for name, deadline in DEADLINES.items()}

_undefined = {name for status in STATUS_TABLE for name in status.deadlines} - set(DEADLINES)
if _undefined:  # a status row names a deadline nobody computes
    raise RuntimeError(f"deadlines without a definition: {sorted(_undefined)}")


def deadlines_of(order: Order) -> dict[str, datetime]:
    """{name: due datetime} of the deadlines the order's state needs now."""
    deadlines = {}
    for name in STATUS[order.status].deadlines:
        due = DEADLINES[name].due(order)
        if due is not None:
            deadlines[name] = due
    return deadlines
