"""Invitations to review (V8): past clients come from orders' `order_completed`; a
withdrawal frees the credit, publishes nothing the client would hear of, and asks the
scheduler to end the 3-week block."""

import logging

from microtache.deadlines import request_deadline
from microtache.errors import NotFound
from microtache.pagination import position_of

from reviews.domain import invitations as rules
from reviews.domain.invitations import PastClient
from reviews.service_layer import messages, views
from reviews.service_layer.common import page

log = logging.getLogger(__name__)

BLOCK_EVENT = "invitation_block_ended"


def block_key(invitation_id):
    return f"reviews:invitation:{invitation_id}:block"


def past_client(uow, event):
    """orders `order_completed`: its buyer is a past client of its seller."""
    invitations = uow.invitations
    known = invitations.past_client(event["seller_id"], event["buyer_id"])
    if known is None:
        invitations.add(
            PastClient(
                seller_id=event["seller_id"],
                client_id=event["buyer_id"],
                last_order_id=event["order_id"],
                last_completed_at=event["completed_at"],
            )
        )
    else:
        known.completed(event["order_id"], event["completed_at"])


def invite(uow, caller, data):
    invitations, seller_id = uow.invitations, caller["id"]
    credits = invitations.credits(seller_id, lock=True)
    invitation = rules.invite(
        seller_id,
        data["client_id"],
        invitations.past_client(seller_id, data["client_id"]),
        credits,
        invitations.with_client(seller_id, data["client_id"]),
        data["message"],
        uow.now(),
    )
    invitations.add(invitation)
    uow.publish("review_invitation_sent", messages.review_invitation_sent(invitation))
    return views.invitation(invitation, credits)


def withdraw(uow, caller, invitation_id):
    """V8: idempotent; the client is told nothing (no event but the scheduler's)."""
    invitations = uow.invitations
    invitation = invitations.get(invitation_id, lock=True)
    if invitation is None or invitation.seller_id != caller["id"]:
        raise NotFound("No such invitation.", {"invitation_id": invitation_id})
    credits = invitations.credits(caller["id"], lock=True)
    if invitation.withdraw(credits, uow.now()):
        request_deadline(
            uow,
            block_key(invitation.id),
            invitation.blocked_until,
            BLOCK_EVENT,
            {"invitation_id": invitation.id, "blocked_until": invitation.blocked_until.isoformat()},
        )
    return views.invitation(invitation, credits)


def block_ended(uow, event):
    """scheduler `invitation_block_ended`: the client may be invited again, unless the
    deadline no longer applies (S3)."""
    invitation = uow.invitations.get(event["invitation_id"], lock=True)
    if invitation is None or not invitation.end_block(event["blocked_until"], uow.now()):
        log.info("invitation block of %s no longer applies", event["invitation_id"])
        return None
    return invitation


def my_invitations(uow, caller, query):
    invitations = uow.invitations
    found = invitations.of_seller(caller["id"], query["limit"] + 1, position_of(query["cursor"]))
    shown, cursor = page(found, query["limit"], lambda invitation: invitation.created_at)
    return views.invitations(shown, cursor, invitations.credits(caller["id"]))
