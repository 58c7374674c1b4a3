"""Issue 15 in orders: every amount bounded. A seller's paid extra offer of 2**62 cents
was accepted and charged (O7); an order's price has a ceiling whatever its source (O1)."""

import pytest
from test_orders_lifecycle import DAY, T0, delivered, refused

from microtache.errors import InvalidInput, RuleViolation
from microtache.money import Money
from microtache.service import load

from orders import contract as schemas
from orders.contract.policies import POLICIES
from orders.domain import placement
from orders.domain.lifecycle import perform
from orders.domain.orders import BUYER, IN_PROGRESS, SELLER

HUGE = 2**62


def test_o7_a_paid_extra_of_2_pow_62_is_refused_by_the_schema():
    for amount in (HUGE, POLICIES.max_extra_price + 1):
        with pytest.raises(InvalidInput):
            load(
                schemas.ExtrasSchema(),
                {"price": {"amount": amount, "currency": "USD"}, "description": "Everything"},
            )
    data = load(
        schemas.ExtrasSchema(),
        {"price": {"amount": POLICIES.max_extra_price}, "description": "Everything"},
    )
    assert data["price"] == Money(POLICIES.max_extra_price)


def test_o7_the_domain_refuses_an_extra_above_its_bound_or_the_orders_ceiling():
    o = delivered()  # a $50 order
    refused(
        "rule", o, "offer_extra", SELLER, T0 + 2 * DAY, description="All", price=Money(HUGE), days=1
    )
    refused(
        "rule",
        o,
        "offer_extra",
        SELLER,
        T0 + 2 * DAY,
        description="All",
        price=Money(POLICIES.max_extra_price + 1),
        days=1,
    )
    o = delivered(price=Money(POLICIES.max_order_price - 1000))
    refused(
        "rule",
        o,
        "offer_extra",
        SELLER,
        T0 + 2 * DAY,
        description="More",
        price=Money(1001),
        days=1,
    )
    first = perform(
        o, "offer_extra", SELLER, T0 + 2 * DAY, description="More", price=Money(1000), days=1
    )
    second = perform(
        o, "offer_extra", SELLER, T0 + 2 * DAY, description="And more", price=Money(1000), days=1
    )
    perform(o, "accept_extra", BUYER, T0 + 2 * DAY, extra_id=first.id)
    assert o.status == IN_PROGRESS and o.price == Money(POLICIES.max_order_price)
    refusal = refused("rule", o, "accept_extra", BUYER, T0 + 2 * DAY, extra_id=second.id)
    assert "20,000" in refusal.message


def test_o1_an_order_above_the_ceiling_is_refused_whatever_its_source():
    offer = {
        "seller_id": "s",
        "seller_username": "sam",
        "description": "All of it",
        "delivery_days": 3,
        "kind": "custom_offer",
        "offer_id": "c1",
        "price": {"amount": POLICIES.max_order_price + 1, "currency": "USD"},
    }
    with pytest.raises(RuleViolation):
        placement.check_price(placement.terms_from_offer(offer))
    placement.check_price(
        placement.terms_from_offer({**offer, "price": {"amount": POLICIES.max_order_price}})
    )


def test_every_cursor_of_orders_is_bounded():
    for schema in (schemas.OrdersQuerySchema(), schemas.MessagesQuerySchema()):
        with pytest.raises(InvalidInput):
            load(schema, {"cursor": "c" * 201})
