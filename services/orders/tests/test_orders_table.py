"""Issue 16: the transition and status tables are the whole truth of an order's life."""

import pytest
from test_orders_lifecycle import HOUR, T0, delivered, order, started

from microtache.errors import InvalidInput

from orders.contract import EVENTS, STATUS_TABLE, OrderFacts, OrderSchema, statuses_in
from orders.contract.statuses import LATE, VERY_LATE, priority_statuses
from orders.domain.deadlines import DEADLINES
from orders.domain.lifecycle import TRANSITIONS, decline_open_extension, perform
from orders.domain.orders import BUYER, DECLINED, IN_DISPUTE, INCOMPLETE, SELLER
from orders.service_layer.views import facts, present


def test_a_missing_or_mistyped_fact_is_invalid_input_never_a_key_error():
    o = started()
    with pytest.raises(InvalidInput) as caught:
        perform(o, "request_extension", SELLER, T0 + HOUR, days=2)
    assert set(caught.value.details) == {"message"}
    with pytest.raises(InvalidInput) as caught:
        perform(o, "request_extension", SELLER, T0 + HOUR, days="2", message="Busy")
    assert set(caught.value.details) == {"days"}
    with pytest.raises(InvalidInput):
        perform(o, "accept_extension", BUYER, T0 + HOUR)
    assert o.extension_requests == [] and len(o.timeline) == 1


def test_o6_o9_a_dispute_declines_the_open_extension_as_its_row_says():
    assert decline_open_extension in TRANSITIONS["open_cancellation"].effects
    o = started()
    extension = perform(o, "request_extension", SELLER, T0 + HOUR, days=2, message="Busy")
    perform(o, "open_cancellation", BUYER, T0 + 2 * HOUR, reason="other", explanation="x")
    assert o.status == IN_DISPUTE and extension.state == DECLINED


def test_o9_a_dispute_opened_before_the_start_goes_back_to_incomplete():
    o = order()
    request = perform(o, "open_cancellation", BUYER, T0, reason="other", explanation="x")
    perform(o, "withdraw_cancellation", BUYER, T0 + HOUR, cancellation_id=request.id)
    assert o.status == INCOMPLETE
    assert TRANSITIONS["withdraw_cancellation"].event_of(o.status) in EVENTS


def test_every_status_and_transition_publishes_an_event_of_the_contract():
    for status in STATUS_TABLE:
        assert status.event in EVENTS, status.name
        assert set(status.deadlines) <= set(DEADLINES), status.name
    for transition in TRANSITIONS.values():
        if isinstance(transition.target, str):
            assert transition.event_of(transition.target) in EVENTS, transition.action
    assert TRANSITIONS["submit_requirements"].event_of("in_progress") == "order_started"


def test_o13_lists_come_from_the_status_table():
    assert statuses_in("late") == (LATE, VERY_LATE)
    assert IN_DISPUTE in priority_statuses(BUYER) and IN_DISPUTE in priority_statuses(SELLER)
    assert INCOMPLETE in priority_statuses(BUYER) and INCOMPLETE not in priority_statuses(SELLER)


def test_order_facts_are_the_order_pages_own_names():
    o = delivered()
    perform(o, "accept_delivery", BUYER, T0 + 2 * HOUR)
    page = OrderSchema().dump(present(o, BUYER, T0 + 3 * HOUR))
    assert OrderFacts().load(page) == OrderFacts().load(OrderFacts().dump(facts(o)))
    assert set(OrderFacts().dump(facts(o))) == {
        "id",
        "status",
        "buyer",
        "seller",
        "price",
        "completed_at",
    }
