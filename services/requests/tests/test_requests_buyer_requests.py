"""Buyer requests through the service's entrypoints, on a real database (R1-R5)."""

from datetime import datetime, timedelta

import pytest
from requests_support import (
    ADMIN,
    BUYER,
    DAY,
    OTHER_BUYER,
    approved_request,
    as_,
    event,
    ids,
    make_service,
    offer_body,
    published,
    request_body,
    seller,
    uploaded,
)

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.files import MB

from buyer_requests import contract
from buyer_requests.contract.bounds import REQUEST_MAX_ATTACHMENT


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(store_factory, tmp_path, clock):
    return make_service(store_factory, tmp_path / "files", clock)


def test_r1_r2_a_posted_request_is_pending_until_an_admin_approves_it(service, clock):
    marie = seller(service, "marie")
    posted = as_(service, BUYER).post_request(request_body())
    assert (posted["status"], posted["offer_count"], posted["criteria"]) == (
        "pending",
        0,
        {"style": "vintage"},
    )
    assert ids(as_(service, BUYER).list_my_requests()) == [posted["id"]]
    assert ids(as_(service, marie).list_open_requests()) == []  # not before approval
    assert posted["id"] in ids(as_(service, ADMIN).list_requests_for_review({"status": "pending"}))

    approved = as_(service, ADMIN).approve_request(posted["id"])
    assert approved["status"] == "active"
    assert ids(as_(service, marie).list_open_requests()) == [posted["id"]]
    assert published(service, "buyer_request_approved")[0]["request_id"] == posted["id"]
    deadline = published(service, "deadline_requested")[-1]
    assert deadline["key"] == f"requests:{posted['id']}:expiry"
    assert deadline["fires"] == "request_expiry_reached"
    assert datetime.fromisoformat(deadline["due"]) == datetime.fromisoformat(approved["expires_at"])
    assert datetime.fromisoformat(deadline["due"]) - clock.now() > timedelta(days=13.99)


def test_r1_category_criteria_and_delivery_time_are_checked_against_the_catalogs_tree(service):
    for changes, field in [
        ({"subcategory": "articles"}, "subcategory"),
        ({"criteria": {"colour": "red"}}, "criteria"),
        ({"criteria": {"style": "baroque"}}, "criteria"),
        ({"delivery_days": 31}, "delivery_days"),
        ({"delivery_days": 0}, "delivery_days"),
    ]:
        # the schema's refusals are 400, the category tree's 422 (issue 15, item 8)
        with pytest.raises((InvalidInput, RuleViolation)) as refused:
            as_(service, BUYER).post_request(request_body(**changes))
        assert field in refused.value.details, changes
    for days in (1, 3, 7, 30):  # 24 hours, 3 days, 7 days, any of 1-30
        posted = as_(service, BUYER).post_request(request_body(delivery_days=days))
        assert posted["status"] == "pending"
    service.catalog.list_categories.assert_called_once_with()  # asked once, then cached


def test_r1_an_attachment_is_at_most_30_mb_and_is_the_buyers_upload(service):
    with pytest.raises(RuleViolation):  # the use's bound, when the upload is declared
        service.files.declare(BUYER["id"], contract.REQUEST_ATTACHMENT, "a", "x/y", 30 * MB + 1)
    assert REQUEST_MAX_ATTACHMENT == 30 * MB
    brief = uploaded(service, b"%PDF brief")
    posted = as_(service, BUYER).post_request(request_body(files=[brief]))
    assert posted["attachment"]["name"] == "brief.pdf" and posted["attachment"]["size"] == 10
    assert posted["attachment"]["upload_id"] == brief and "key" not in posted["attachment"]
    assert service.files.find(brief).attached_to == f"requests/requests/{posted['id']}"
    with pytest.raises(Conflict):  # an upload is used once
        as_(service, BUYER).post_request(request_body(files=[brief]))
    with pytest.raises(Forbidden):  # and only by its owner
        as_(service, OTHER_BUYER).post_request(request_body(files=[uploaded(service, b"x")]))
    quote_file = uploaded(service, b"x", use=contract.QUOTE_ATTACHMENT)
    with pytest.raises(RuleViolation):  # for the use it was declared for
        as_(service, BUYER).post_request(request_body(files=[quote_file]))
    with pytest.raises(InvalidInput):  # one attachment (R1)
        as_(service, BUYER).post_request(request_body(files=[quote_file, brief]))


def test_r2_only_an_admin_approves_or_rejects_and_the_reason_reaches_the_buyer(service):
    posted = as_(service, BUYER).post_request(request_body())
    with pytest.raises(Forbidden):
        as_(service, BUYER).approve_request(posted["id"])
    with pytest.raises(InvalidInput):
        as_(service, ADMIN).reject_request(posted["id"], {})
    rejected = as_(service, ADMIN).reject_request(posted["id"], {"reason": "Asks for free work"})
    assert (rejected["status"], rejected["rejection_reason"]) == (
        "not_approved",
        "Asks for free work",
    )
    assert published(service, "buyer_request_rejected")[0]["reason"] == "Asks for free work"
    with pytest.raises(Conflict):
        as_(service, ADMIN).approve_request(posted["id"])
    assert ids(as_(service, ADMIN).list_requests_for_review()) == []


def test_r3_a_request_is_never_edited_only_deleted_by_its_buyer(service):
    request = approved_request(service)
    assert not hasattr(service, "update_request")
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).delete_request(request["id"])
    as_(service, BUYER).delete_request(request["id"])
    assert ids(as_(service, BUYER).list_my_requests()) == []
    assert [e["key"] for e in published(service, "deadline_cancelled")] == [
        f"requests:{request['id']}:expiry"
    ]
    with pytest.raises(NotFound):
        as_(service, BUYER).pause_request(request["id"])


def test_r4_a_paused_request_is_hidden_and_takes_no_offers_until_resumed(service):
    marie = seller(service, "marie")
    request = approved_request(service)
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).pause_request(request["id"])
    assert as_(service, BUYER).pause_request(request["id"])["status"] == "paused"
    assert ids(as_(service, marie).list_open_requests()) == []
    with pytest.raises(Conflict):
        as_(service, marie).send_offer(request["id"], offer_body())
    with pytest.raises(Conflict):
        as_(service, BUYER).pause_request(request["id"])
    assert as_(service, BUYER).resume_request(request["id"])["status"] == "active"
    assert as_(service, marie).send_offer(request["id"], offer_body())["status"] == "sent"


def test_r4_a_boost_moves_the_request_to_the_top_once_and_marks_it(service, clock):
    marie = seller(service, "marie")
    older = approved_request(service)
    clock.move_to_offset(60)
    newer = approved_request(service, buyer=OTHER_BUYER)
    assert ids(as_(service, marie).list_open_requests()) == [newer["id"], older["id"]]
    clock.move_to_offset(DAY)
    boosted = as_(service, BUYER).boost_request(older["id"])
    assert boosted["boosted"] is True
    assert datetime.fromisoformat(boosted["created_at"]) >= clock.now() - timedelta(seconds=5)
    assert ids(as_(service, marie).list_open_requests()) == [older["id"], newer["id"]]
    assert published(service, "deadline_requested")[-1]["due"] == boosted["expires_at"]
    with pytest.raises(Conflict):
        as_(service, BUYER).boost_request(older["id"])


def test_r5_fourteen_days_without_offer_or_boost_expire_a_request(service, clock):
    marie = seller(service, "marie")
    request = approved_request(service)
    first_due = published(service, "deadline_requested")[-1]["due"]
    clock.move_to_offset(10 * DAY)
    as_(service, marie).send_offer(request["id"], offer_body())  # activity: 14 days from now
    # the first deadline, had it fired before being replaced, no longer applies (S3)
    stale = event(
        clock, request_id=request["id"], key=f"requests:{request['id']}:expiry", due_at=first_due
    )
    service.on_request_expiry_reached(stale)
    assert as_(service, BUYER).list_my_requests()["results"][0]["status"] == "active"

    clock.move_to_offset(24 * DAY + 1)
    due = event(
        clock,
        request_id=request["id"],
        key=f"requests:{request['id']}:expiry",
        due_at=published(service, "deadline_requested")[-1]["due"],
    )
    service.on_request_expiry_reached(due)
    service.on_request_expiry_reached(due)  # redelivered: once
    assert as_(service, BUYER).list_my_requests()["results"][0]["status"] == "expired"
    assert len(published(service, "buyer_request_expired")) == 1
    assert ids(as_(service, marie).list_open_requests()) == []
    with pytest.raises(Conflict):
        as_(service, BUYER).boost_request(request["id"])


def test_r5_a_paused_request_expires_too_and_a_deleted_one_is_ignored(service, clock):
    paused, deleted = approved_request(service), approved_request(service)
    as_(service, BUYER).pause_request(paused["id"])
    as_(service, BUYER).delete_request(deleted["id"])
    clock.move_to_offset(14 * DAY + 1)
    for request in (paused, deleted):
        service.on_request_expiry_reached(
            event(
                clock,
                request_id=request["id"],
                key=f"requests:{request['id']}:expiry",
                due_at=request["expires_at"],
            )
        )
    assert [(r["id"], r["status"]) for r in as_(service, BUYER).list_my_requests()["results"]] == [
        (paused["id"], "expired")
    ]
