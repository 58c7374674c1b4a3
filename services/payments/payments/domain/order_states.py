"""An order's payment as a small state machine (P2-P5): its states and the moves
allowed between them, in one table. Plain Python.

    paid ──completion (P3)──> completed ──support cancellation (P5, O11)──> refunded
      └──cancellation (P4)──> cancelled

`cancelled` and `refunded` are final; `completed` only leaves for `refunded`.
"""

PAID, COMPLETED, CANCELLED, REFUNDED = "paid", "completed", "cancelled", "refunded"

TRANSITIONS: dict[str, frozenset[str]] = {
    PAID: frozenset({COMPLETED, CANCELLED}),  # escrow released to the seller, or refunded
    COMPLETED: frozenset({REFUNDED}),  # support takes the earnings back
    CANCELLED: frozenset(),
    REFUNDED: frozenset(),
}
STATES = tuple(TRANSITIONS)
# Whose escrow still holds the buyer's money: only a paid order's (P1's audit).
HOLDS_ESCROW = frozenset({PAID})


class IllegalTransition(ValueError):
    """A move the table does not allow: the service layer checks first (a Conflict for
    the caller), so this is a programming error."""


def can_move(status: str, target: str) -> bool:
    """Whether the table allows an order's payment to move from `status` to `target`."""
    return target in TRANSITIONS[status]


def moved(status: str, target: str) -> str:
    """`target`, if the table allows the move from `status`; else IllegalTransition."""
    if not can_move(status, target):
        raise IllegalTransition(f"an order's payment does not move from {status} to {target}")
    return target
