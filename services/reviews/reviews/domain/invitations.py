"""Invitations to review (V8): plain Python, no framework.

A seller invites a past client (a buyer of one of their completed orders) to review.
Each invitation not withdrawn holds one of the seller's 20 credits. Withdrawing gives
the credit back, tells the client nothing, and blocks inviting that client again for
3 weeks: the block ends when the scheduler's deadline fires.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from microtache.errors import Conflict, RuleViolation

from reviews.contract.constants import SENT, WITHDRAWN
from reviews.domain.policies import POLICIES, ReviewPolicies

__all__ = ["SENT", "WITHDRAWN", "Invitation", "InvitationCredits", "PastClient", "invite"]


@dataclass(eq=False)
class PastClient:
    """A buyer with a completed order from this seller (orders' `order_completed`)."""

    seller_id: str
    client_id: str
    last_order_id: str
    last_completed_at: datetime

    def completed(self, order_id: str, completed_at: datetime) -> None:
        if completed_at >= self.last_completed_at:
            self.last_order_id, self.last_completed_at = order_id, completed_at


@dataclass(eq=False)
class InvitationCredits:
    """How many invitations a seller holds (V8: at most 20)."""

    seller_id: str
    used: int = 0

    def left(self, policies: ReviewPolicies = POLICIES) -> int:
        return policies.max_invitations - self.used


@dataclass(eq=False)
class Invitation:
    seller_id: str
    client_id: str
    created_at: datetime
    message: str | None = None
    status: str = SENT
    withdrawn_at: datetime | None = None
    blocked_until: datetime | None = None
    block_ended_at: datetime | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def blocks(self) -> bool:
        """A withdrawn invitation blocks its client until its deadline fires (V8)."""
        return self.status == WITHDRAWN and self.block_ended_at is None

    def withdraw(
        self, credits: InvitationCredits, now: datetime, policies: ReviewPolicies = POLICIES
    ) -> bool:
        """V8: the credit back, a 3-week block; False if withdrawn already."""
        if self.status == WITHDRAWN:
            return False
        self.status, self.withdrawn_at = WITHDRAWN, now
        self.blocked_until = now + policies.reinvite_block
        credits.used -= 1
        return True

    def end_block(self, until: datetime, now: datetime) -> bool:
        """The deadline fired: the block ends, unless it no longer applies (S3)."""
        if not self.blocks or self.blocked_until != until:
            return False
        self.block_ended_at = now
        return True


def invite(
    seller_id: str,
    client_id: str,
    past_client: PastClient | None,
    credits: InvitationCredits,
    with_client: Iterable[Invitation],
    message: str | None,
    now: datetime,
    policies: ReviewPolicies = POLICIES,
) -> Invitation:
    """V8: a new invitation for a past client, if a credit is left and neither an
    invitation nor a block stands for them. `with_client`: the seller's earlier
    invitations to this client."""
    if client_id == seller_id or past_client is None:
        raise RuleViolation(
            "Only past clients (buyers of a completed order) can be invited to review (V8).",
            {"client_id": client_id},
        )
    for earlier in with_client:
        if earlier.status == SENT:
            raise Conflict("This client is invited already.", {"invitation_id": earlier.id})
        if earlier.blocks:
            raise Conflict(
                "A withdrawn invitation blocks inviting this client for 3 weeks (V8).",
                {
                    "blocked_until": earlier.blocked_until.isoformat()
                    if earlier.blocked_until
                    else None
                },
            )
    if credits.left(policies) <= 0:
        raise RuleViolation(
            f"A seller invites at most {policies.max_invitations} past clients "
            "at a time; withdraw one to free its credit (V8).",
            {"max_invitations": policies.max_invitations},
        )
    credits.used += 1
    return Invitation(seller_id=seller_id, client_id=client_id, created_at=now, message=message)
