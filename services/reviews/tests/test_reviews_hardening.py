"""Issue 15 in reviews: a tip's amount bounded in the schema (published in OpenAPI) and in
T2's bounds, whatever the order's price; cursors bounded."""

import pytest

from microtache.errors import InvalidInput
from microtache.money import Money
from microtache.service import load

from reviews import contract as schemas
from reviews.domain import tips
from reviews.domain.policies import POLICIES


@pytest.mark.parametrize("amount", [2**62, POLICIES.tip_max + 1])
def test_t2_a_tip_above_the_ceiling_is_invalid_input(amount):
    with pytest.raises(InvalidInput):
        load(schemas.TipCreateSchema(), {"amount": {"amount": amount, "currency": "USD"}})
    assert load(schemas.TipCreateSchema(), {"amount": {"amount": POLICIES.tip_max}})[
        "amount"
    ] == Money(POLICIES.tip_max)


def test_t2_the_tip_bounds_never_exceed_the_ceiling():
    assert tips.bounds(Money(2**62)) == (Money(500), Money(POLICIES.tip_max))
    assert tips.bounds(Money(10_000)) == (Money(500), Money(10_000))
    assert max(tips.suggestions(Money(2**62))) <= Money(POLICIES.tip_max)


def test_every_cursor_of_reviews_is_bounded():
    for schema in (schemas.SellerReviewsQuerySchema(), schemas.InvitationsQuerySchema()):
        with pytest.raises(InvalidInput):
            load(schema, {"cursor": "c" * 201})
