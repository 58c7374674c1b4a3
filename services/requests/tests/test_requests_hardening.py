"""Issue 15 in requests: every amount and number bounded, in the schemas (published in
OpenAPI) and in the domain. A budget above 2**63 - 1 answered 500 (SQLite OverflowError);
a budget or an offer's price had no ceiling of its own."""

import pytest

from microtache.errors import InvalidInput
from microtache.money import Money
from microtache.service import load

from buyer_requests import contract
from buyer_requests.domain import offers, quotes, requests

HUGE = 2**63


def money(amount):
    return {"amount": amount, "currency": "USD"}


REQUEST = {
    "description": "A logo for my bakery",
    "category": "graphics-design",
    "subcategory": "logo-design",
    "delivery_days": 3,
    "budget": money(5000),
}
OFFER = {"price": money(5000), "delivery_days": 3, "revisions": 1, "description": "I can"}


@pytest.mark.parametrize("amount", [HUGE, offers.MAX_BUDGET + 1, 0])
def test_r1_q1_a_budget_above_its_bound_is_invalid_input(amount):
    with pytest.raises(InvalidInput):
        load(contract.BuyerRequestCreateSchema(), {**REQUEST, "budget": money(amount)})
    with pytest.raises(InvalidInput):
        load(contract.QuoteRequestCreateSchema(), {**REQUEST, "budget": money(amount)})
    with pytest.raises(InvalidInput):
        requests.check_new_request(3, None, Money(amount))
    with pytest.raises(InvalidInput):
        quotes.check_quote_request(3, [], Money(amount))


def test_r1_q1_a_budget_at_its_bound_is_taken():
    data = load(
        contract.BuyerRequestCreateSchema(), {**REQUEST, "budget": money(offers.MAX_BUDGET)}
    )
    assert data["budget"] == Money(offers.MAX_BUDGET)
    requests.check_new_request(3, None, Money(offers.MAX_BUDGET))
    quotes.check_quote_request(3, [], None)


@pytest.mark.parametrize(
    "field, value",
    [
        ("price", money(offers.PRICE[1] + 1)),
        ("price", money(HUGE)),
        ("delivery_days", HUGE),
        ("delivery_days", offers.DELIVERY_DAYS[1] + 1),
        ("revisions", HUGE),
        ("revisions", -1),
    ],
)
def test_r6_q2_offer_and_custom_offer_terms_are_bounded_in_the_schema(field, value):
    for schema in (contract.OfferCreateSchema(), contract.CustomOfferCreateSchema()):
        with pytest.raises(InvalidInput):
            load(schema, {**OFFER, field: value})


@pytest.mark.parametrize(
    "body",
    [
        {**REQUEST, "delivery_days": HUGE},
        {**REQUEST, "delivery_days": 31},
        {**REQUEST, "category": "a" * 61},
        {**REQUEST, "criteria": {f"k{i}": "v" for i in range(21)}},
    ],
)
def test_r1_every_number_and_string_of_a_request_is_bounded(body):
    with pytest.raises(InvalidInput):
        load(contract.BuyerRequestCreateSchema(), body)


def test_q1_q2_quote_numbers_and_cursors_are_bounded():
    with pytest.raises(InvalidInput):
        load(contract.CustomOfferCreateSchema(), {**OFFER, "expires_in_days": HUGE})
    with pytest.raises(InvalidInput):
        load(
            contract.QuoteRequestCreateSchema(),
            {
                **REQUEST,
                "files": [f"upload-{n}" for n in range(quotes.MAX_ATTACHMENTS + 1)],
            },
        )
    with pytest.raises(InvalidInput):
        load(contract.QuoteRequestsQuerySchema(), {"cursor": "c" * 201})
