"""The order's state machine alone: every rule read from the transition table."""

from datetime import UTC, datetime, timedelta

import pytest

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.money import Money

from orders.domain.deadlines import deadlines_of
from orders.domain.lifecycle import allowed_actions, perform
from orders.domain.orders import (
    ADMIN,
    BUYER,
    CANCELLED,
    COMPLETED,
    DELIVERED,
    IN_DISPUTE,
    IN_PROGRESS,
    IN_REVISION,
    INCOMPLETE,
    LATE,
    SELLER,
    SYSTEM,
    Order,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def order(**terms):
    defaults = dict(
        buyer_id="b",
        seller_id="s",
        buyer_username="bea",
        seller_username="sam",
        title="A logo",
        price=Money(5000),
        delivery_days=3,
        revisions_included=1,
        created_at=T0,
    )
    return Order(**{**defaults, **terms})


def started(**terms):
    o = order(**terms)
    perform(o, "submit_requirements", BUYER, T0, requirements="Blue, round")
    return o


def delivered(at=T0 + DAY, **terms):
    o = started(**terms)
    perform(o, "deliver", SELLER, at, message="Here", files=[])
    return o


REFUSALS = {
    "forbidden": Forbidden,
    "conflict": Conflict,
    "rule": RuleViolation,
    "not_found": NotFound,
    "invalid": InvalidInput,
}


def refused(kind, o, action, actor, now, **facts):
    """The action is refused with the shared error of `kind` (the table's guards raise
    microtache.errors); the order does not change."""
    before = (o.status, len(o.timeline))
    with pytest.raises(REFUSALS[kind]) as caught:
        perform(o, action, actor, now, **facts)
    assert type(caught.value) is REFUSALS[kind], caught.value.message
    assert (o.status, len(o.timeline)) == before
    return caught.value


def test_o1_order_starts_incomplete_and_requirements_or_skip_start_it():
    o = order()
    assert o.status == INCOMPLETE and o.due_at is None
    perform(o, "remind_requirements", SELLER, T0)
    assert o.status == INCOMPLETE
    refused("forbidden", o, "submit_requirements", SELLER, T0)
    perform(o, "skip_requirements", SELLER, T0 + HOUR)
    assert o.status == IN_PROGRESS


def test_o2_due_time_is_start_plus_delivery_days():
    o = started()
    assert o.due_at == T0 + 3 * DAY
    assert deadlines_of(o) == {"due": T0 + 3 * DAY}


def test_o3_delivery_and_draft():
    o = started()
    draft = perform(o, "save_draft", SELLER, T0 + HOUR, message="WIP", files=[])
    assert o.status == IN_PROGRESS and draft.draft
    perform(
        o,
        "deliver",
        SELLER,
        T0 + 2 * HOUR,
        message=draft.message,
        files=draft.files,
        draft_delivery=draft,
    )
    assert o.status == DELIVERED and not draft.draft and o.delivered_on_time


def test_o4_review_period_three_days_fourteen_for_physical_items_and_extensions():
    o = delivered()
    assert deadlines_of(o) == {"review_period": T0 + DAY + 3 * DAY}
    perform(o, "extend_review_period", BUYER, T0 + 2 * DAY, days=5)
    perform(o, "extend_review_period", BUYER, T0 + 3 * DAY, days=2)
    assert o.review_ends_at == T0 + 11 * DAY
    refused("rule", o, "extend_review_period", BUYER, T0, days=6)
    perform(o, "complete_automatically", SYSTEM, o.review_ends_at)
    assert o.status == COMPLETED
    assert delivered(ships_physical_item=True).review_ends_at == T0 + 15 * DAY


def test_o5_revisions_are_bounded_by_the_package():
    o = delivered()
    perform(o, "request_revision", BUYER, T0 + 2 * DAY, note="Bigger")
    assert o.status == IN_REVISION and deadlines_of(o) == {}
    perform(o, "deliver", SELLER, T0 + 3 * DAY, message="Bigger", files=[])
    assert o.status == DELIVERED
    refusal = refused("rule", o, "request_revision", BUYER, T0 + 4 * DAY)
    assert refusal.details["revisions_used"] == 1


def test_o6_extension_accepted_declined_or_accepted_by_silence():
    o = started()
    request = perform(o, "request_extension", SELLER, T0 + HOUR, days=2, message="Busy")
    refused("conflict", o, "request_extension", SELLER, T0 + HOUR, days=1, message="again")
    assert deadlines_of(o)["extension_answer"] == T0 + HOUR + 48 * HOUR
    perform(o, "decline_extension", BUYER, T0 + 2 * HOUR, extension_id=request.id)
    assert o.due_at == T0 + 3 * DAY
    again = perform(o, "request_extension", SELLER, T0 + 3 * HOUR, days=2, message="Please")
    perform(o, "extension_unanswered", SYSTEM, again.answer_by, extension_id=again.id)
    assert o.due_at == T0 + 5 * DAY and again.state == "accepted"


def test_o6_accepted_extension_brings_a_late_order_back_in_progress():
    o = started()
    request = perform(o, "request_extension", SELLER, T0 + HOUR, days=4, message="Busy")
    perform(o, "fall_due", SYSTEM, o.due_at)
    perform(o, "accept_extension", BUYER, o.due_at + HOUR, extension_id=request.id)
    assert o.status == IN_PROGRESS and o.due_at == T0 + 7 * DAY


def test_o7_added_time_counts_from_the_original_due_time():
    o = delivered(at=T0 + 2 * DAY)
    perform(o, "add_time", SELLER, T0 + 10 * DAY, days=2)
    assert o.status == IN_PROGRESS and o.due_at == T0 + 5 * DAY


def test_o8_late_then_very_late_then_the_buyer_cancels():
    o = started()
    refused("conflict", o, "cancel_very_late", BUYER, T0)
    perform(o, "fall_due", SYSTEM, o.due_at)
    assert o.status == LATE and deadlines_of(o) == {"very_late": o.due_at + DAY}
    refused("conflict", o, "cancel_very_late", BUYER, o.due_at + HOUR)
    perform(o, "become_very_late", SYSTEM, o.due_at + DAY)
    perform(o, "cancel_very_late", BUYER, o.due_at + DAY + HOUR)
    assert (o.status, o.cancellation_reason) == (CANCELLED, "very_late")


def test_o9_mutual_cancellation_declined_restores_the_status():
    o = delivered()
    request = perform(
        o, "open_cancellation", BUYER, T0 + 2 * DAY, reason="other", explanation="Changed my mind"
    )
    assert o.status == IN_DISPUTE
    assert deadlines_of(o) == {"cancellation_answer": T0 + 4 * DAY}
    refused("forbidden", o, "accept_cancellation", BUYER, T0 + 2 * DAY, cancellation_id=request.id)
    perform(o, "decline_cancellation", SELLER, T0 + 3 * DAY, cancellation_id=request.id)
    assert o.status == DELIVERED


def test_o9_withdrawn_by_its_opener_or_cancelled_when_unanswered():
    o = started()
    first = perform(o, "open_cancellation", SELLER, T0, reason="cannot_complete", explanation="x")
    refused("forbidden", o, "withdraw_cancellation", BUYER, T0, cancellation_id=first.id)
    perform(o, "withdraw_cancellation", SELLER, T0 + HOUR, cancellation_id=first.id)
    assert o.status == IN_PROGRESS
    perform(o, "open_cancellation", BUYER, T0 + 2 * HOUR, reason="other", explanation="y")
    perform(o, "cancellation_unanswered", SYSTEM, T0 + 2 * HOUR + 2 * DAY)
    assert (o.status, o.cancellation_reason) == (CANCELLED, "mutual")


def test_o10_o12_completed_and_cancelled_are_final():
    o = delivered()
    perform(o, "accept_delivery", BUYER, T0 + 2 * DAY)
    assert o.status == COMPLETED and o.completed_at == T0 + 2 * DAY
    for action, actor in [
        ("open_cancellation", BUYER),
        ("request_revision", BUYER),
        ("add_time", SELLER),
        ("deliver", SELLER),
    ]:
        refusal = refused(
            "conflict",
            o,
            action,
            actor,
            T0 + 3 * DAY,
            days=1,
            reason="other",
            explanation="x",
            message="m",
            files=[],
        )
        assert refusal.details["allowed"] == []
    assert allowed_actions(o, ADMIN) == ["support_cancel"]


def test_o11_support_cancels_a_completed_order_within_14_days_only():
    o = delivered()
    perform(o, "accept_delivery", BUYER, T0 + 2 * DAY)
    refused("forbidden", o, "support_cancel", BUYER, T0 + 3 * DAY)
    refused("conflict", o, "support_cancel", ADMIN, T0 + 2 * DAY + 15 * DAY)
    perform(o, "support_cancel", ADMIN, T0 + 2 * DAY + 13 * DAY)
    assert o.status == CANCELLED
    refused("conflict", o, "support_cancel", ADMIN, T0 + 2 * DAY + 13 * DAY)


def test_o14_every_status_change_is_in_the_timeline():
    o = delivered()
    assert [(e.actor, e.action, e.status) for e in o.timeline] == [
        (BUYER, "submit_requirements", IN_PROGRESS),
        (SELLER, "deliver", DELIVERED),
    ]
    assert o.timeline[1].note == "in_progress -> delivered"


def test_o15_time_left_until_the_due_time():
    o = started()
    assert o.time_left(T0 + DAY) == 2 * DAY
    perform(o, "fall_due", SYSTEM, o.due_at)
    assert o.time_left(o.due_at + HOUR) == -HOUR
