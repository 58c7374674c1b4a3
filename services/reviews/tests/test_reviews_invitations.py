"""Invitations to review (V8): past clients only, 20 credits, withdrawal frees the credit,
tells the client nothing, and blocks them for 3 weeks until the deadline fires."""

import pytest
from reviews_support import (
    BUYER,
    SELLER,
    STRANGER,
    as_,
    completed_order,
    event,
    fire,
    make_service,
    published,
)

from microtache.errors import Conflict, NotFound, RuleViolation


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files")


def past_clients(service, count):
    clients = []
    for n in range(count):
        client = {"id": f"client-{n}", "username": f"c{n}", "role": "user"}
        completed_order(service, buyer=client)
        clients.append(client)
    return clients


def test_v8_only_past_clients_are_invited(service):
    with pytest.raises(RuleViolation):
        as_(service, SELLER).invite_client({"client_id": BUYER["id"]})
    completed_order(service)
    invitation = as_(service, SELLER).invite_client(
        {"client_id": BUYER["id"], "message": "Would you review my work?"}
    )
    assert (invitation["status"], invitation["credits_left"]) == ("sent", 19)
    assert published(service, "review_invitation_sent")[0]["client_id"] == BUYER["id"]
    with pytest.raises(Conflict):
        as_(service, SELLER).invite_client({"client_id": BUYER["id"]})  # invited already
    with pytest.raises(RuleViolation):
        as_(service, BUYER).invite_client({"client_id": SELLER["id"]})  # not the other way


def test_v8_at_most_20_invitations_and_a_withdrawal_gives_the_credit_back(service):
    clients = past_clients(service, 21)
    sent = [as_(service, SELLER).invite_client({"client_id": c["id"]}) for c in clients[:20]]
    assert sent[-1]["credits_left"] == 0
    with pytest.raises(RuleViolation) as refused:
        as_(service, SELLER).invite_client({"client_id": clients[20]["id"]})
    assert "20" in refused.value.message
    withdrawn = as_(service, SELLER).withdraw_invitation(sent[0]["id"])
    assert (withdrawn["status"], withdrawn["credits_left"]) == ("withdrawn", 1)
    assert as_(service, SELLER).invite_client({"client_id": clients[20]["id"]})["credits_left"] == 0
    mine = as_(service, SELLER).list_invitations()
    assert mine["credits_left"] == 0 and len(mine["results"]) == 20


def test_v8_withdrawal_tells_the_client_nothing_and_blocks_them_for_3_weeks(service):
    completed_order(service)
    invitation = as_(service, SELLER).invite_client({"client_id": BUYER["id"]})
    before = published(service, "review_invitation_sent")
    withdrawn = as_(service, SELLER).withdraw_invitation(invitation["id"])
    assert as_(service, SELLER).withdraw_invitation(invitation["id"]) == withdrawn  # idempotent
    outbox = [e["event_type"] for e in published(service, "deadline_requested")]
    assert published(service, "review_invitation_sent") == before and len(outbox) == 2
    with pytest.raises(NotFound):
        as_(service, STRANGER).withdraw_invitation(invitation["id"])
    with pytest.raises(Conflict) as blocked:
        as_(service, SELLER).invite_client({"client_id": BUYER["id"]})
    assert "3 weeks" in blocked.value.message
    key = f"reviews:invitation:{invitation['id']}:block"
    assert [e for e in published(service, "deadline_requested") if e["key"] == key][0][
        "fires"
    ] == "invitation_block_ended"
    fire(service, key, service.on_invitation_block_ended)
    assert as_(service, SELLER).invite_client({"client_id": BUYER["id"]})["status"] == "sent"


def test_s3_a_block_deadline_that_no_longer_applies_changes_nothing(service):
    completed_order(service)
    invitation = as_(service, SELLER).invite_client({"client_id": BUYER["id"]})
    as_(service, SELLER).withdraw_invitation(invitation["id"])
    stale = event(
        service.db.clock, invitation_id=invitation["id"], blocked_until="2000-01-01T00:00:00+00:00"
    )
    service.on_invitation_block_ended(stale)
    with pytest.raises(Conflict):
        as_(service, SELLER).invite_client({"client_id": BUYER["id"]})
