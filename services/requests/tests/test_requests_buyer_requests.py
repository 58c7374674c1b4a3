"""Buyer requests through the service's entrypoints, on a real database (R1-R5)."""
import os
from datetime import datetime, timedelta

import pytest
from requests_support import (
    ADMIN,
    BUYER,
    DAY,
    OTHER_BUYER,
    approved_request,
    event,
    file_of,
    ids,
    make_service,
    offer_body,
    published,
    request_body,
    seller,
)

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.storage import MB


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(store_factory, tmp_path, clock):
    return make_service(store_factory, tmp_path / "files", clock)


def test_r1_r2_a_posted_request_is_pending_until_an_admin_approves_it(service, clock):
    marie = seller(service, "marie")
    posted = service.post_request(BUYER, request_body())
    assert (posted["status"], posted["offer_count"], posted["criteria"]) == (
        "pending", 0, {"style": "vintage"})
    assert ids(service.list_my_requests(BUYER)) == [posted["id"]]
    assert ids(service.list_open_requests(marie)) == []          # not before approval
    assert posted["id"] in ids(service.list_requests_for_review(ADMIN, {"status": "pending"}))

    approved = service.approve_request(ADMIN, posted["id"])
    assert approved["status"] == "active"
    assert ids(service.list_open_requests(marie)) == [posted["id"]]
    assert published(service, "buyer_request_approved")[0]["request_id"] == posted["id"]
    deadline = published(service, "deadline_requested")[-1]
    assert deadline["key"] == f"requests:{posted['id']}:expiry"
    assert deadline["fires"] == "request_expiry_reached"
    assert datetime.fromisoformat(deadline["due"]) == datetime.fromisoformat(
        approved["expires_at"])
    assert datetime.fromisoformat(deadline["due"]) - clock.now() > timedelta(days=13.99)


def test_r1_category_criteria_and_delivery_time_are_checked_against_the_catalogs_tree(service):
    for changes, field in [({"subcategory": "articles"}, "subcategory"),
                           ({"criteria": {"colour": "red"}}, "criteria"),
                           ({"criteria": {"style": "baroque"}}, "criteria"),
                           ({"delivery_days": 31}, "delivery_days"),
                           ({"delivery_days": 0}, "delivery_days")]:
        # the schema's refusals are 400, the category tree's 422 (issue 15, item 8)
        with pytest.raises((InvalidInput, RuleViolation)) as refused:
            service.post_request(BUYER, request_body(**changes))
        assert field in refused.value.details, changes
    for days in (1, 3, 7, 30):                   # 24 hours, 3 days, 7 days, any of 1-30
        assert service.post_request(BUYER, request_body(delivery_days=days))["status"] == "pending"
    service.catalog.list_categories.assert_called_once_with()    # asked once, then cached


def test_r1_an_attachment_is_at_most_30_mb_and_is_kept_in_storage(service, tmp_path):
    with pytest.raises(RuleViolation):
        service.post_request(BUYER, request_body(attachment=file_of(b"x", size=30 * MB + 1)))
    posted = service.post_request(BUYER, request_body(attachment=file_of(b"%PDF brief")))
    assert posted["attachment"]["name"] == "brief.pdf" and posted["attachment"]["size"] == 10
    assert "key" not in posted["attachment"]
    stored = [f for _, _, files in os.walk(tmp_path / "files") for f in files]
    assert len(stored) == 1


def test_r2_only_an_admin_approves_or_rejects_and_the_reason_reaches_the_buyer(service):
    posted = service.post_request(BUYER, request_body())
    with pytest.raises(Forbidden):
        service.approve_request(BUYER, posted["id"])
    with pytest.raises(InvalidInput):
        service.reject_request(ADMIN, posted["id"], {})
    rejected = service.reject_request(ADMIN, posted["id"], {"reason": "Asks for free work"})
    assert (rejected["status"], rejected["rejection_reason"]) == ("not_approved",
                                                                  "Asks for free work")
    assert published(service, "buyer_request_rejected")[0]["reason"] == "Asks for free work"
    with pytest.raises(Conflict):
        service.approve_request(ADMIN, posted["id"])
    assert ids(service.list_requests_for_review(ADMIN)) == []


def test_r3_a_request_is_never_edited_only_deleted_by_its_buyer(service):
    request = approved_request(service)
    assert not hasattr(service, "update_request")
    with pytest.raises(Forbidden):
        service.delete_request(OTHER_BUYER, request["id"])
    service.delete_request(BUYER, request["id"])
    assert ids(service.list_my_requests(BUYER)) == []
    assert [e["key"] for e in published(service, "deadline_cancelled")] == [
        f"requests:{request['id']}:expiry"]
    with pytest.raises(NotFound):
        service.pause_request(BUYER, request["id"])


def test_r4_a_paused_request_is_hidden_and_takes_no_offers_until_resumed(service):
    marie = seller(service, "marie")
    request = approved_request(service)
    with pytest.raises(Forbidden):
        service.pause_request(OTHER_BUYER, request["id"])
    assert service.pause_request(BUYER, request["id"])["status"] == "paused"
    assert ids(service.list_open_requests(marie)) == []
    with pytest.raises(Conflict):
        service.send_offer(marie, request["id"], offer_body())
    with pytest.raises(Conflict):
        service.pause_request(BUYER, request["id"])
    assert service.resume_request(BUYER, request["id"])["status"] == "active"
    assert service.send_offer(marie, request["id"], offer_body())["status"] == "sent"


def test_r4_a_boost_moves_the_request_to_the_top_once_and_marks_it(service, clock):
    marie = seller(service, "marie")
    older = approved_request(service)
    clock.move_to_offset(60)
    newer = approved_request(service, buyer=OTHER_BUYER)
    assert ids(service.list_open_requests(marie)) == [newer["id"], older["id"]]
    clock.move_to_offset(DAY)
    boosted = service.boost_request(BUYER, older["id"])
    assert boosted["boosted"] is True
    assert datetime.fromisoformat(boosted["created_at"]) >= clock.now() - timedelta(seconds=5)
    assert ids(service.list_open_requests(marie)) == [older["id"], newer["id"]]
    assert published(service, "deadline_requested")[-1]["due"] == boosted["expires_at"]
    with pytest.raises(Conflict):
        service.boost_request(BUYER, older["id"])


def test_r5_fourteen_days_without_offer_or_boost_expire_a_request(service, clock):
    marie = seller(service, "marie")
    request = approved_request(service)
    first_due = published(service, "deadline_requested")[-1]["due"]
    clock.move_to_offset(10 * DAY)
    service.send_offer(marie, request["id"], offer_body())      # activity: 14 days from now
    # the first deadline, had it fired before being replaced, no longer applies (S3)
    stale = event(clock, request_id=request["id"], key=f"requests:{request['id']}:expiry",
                  due_at=first_due)
    service.on_request_expiry_reached(stale)
    assert service.list_my_requests(BUYER)["results"][0]["status"] == "active"

    clock.move_to_offset(24 * DAY + 1)
    due = event(clock, request_id=request["id"], key=f"requests:{request['id']}:expiry",
                due_at=published(service, "deadline_requested")[-1]["due"])
    service.on_request_expiry_reached(due)
    service.on_request_expiry_reached(due)                      # redelivered: once
    assert service.list_my_requests(BUYER)["results"][0]["status"] == "expired"
    assert len(published(service, "buyer_request_expired")) == 1
    assert ids(service.list_open_requests(marie)) == []
    with pytest.raises(Conflict):
        service.boost_request(BUYER, request["id"])


def test_r5_a_paused_request_expires_too_and_a_deleted_one_is_ignored(service, clock):
    paused, deleted = approved_request(service), approved_request(service)
    service.pause_request(BUYER, paused["id"])
    service.delete_request(BUYER, deleted["id"])
    clock.move_to_offset(14 * DAY + 1)
    for request in (paused, deleted):
        service.on_request_expiry_reached(event(clock, request_id=request["id"],
                                                due_at=request["expires_at"]))
    assert [(r["id"], r["status"]) for r in service.list_my_requests(BUYER)["results"]] == [
        (paused["id"], "expired")]
