"""Issue 15 through the gateway, for money: every amount bounded (400 above its bound, never
a 500, never booked), payment methods listed, removed and chosen as default, a tip naming
no card paid from the balance then the default card (T3), and no payment method for a
user payments does not know."""

import pytest

from microtache.errors import NotFound

from tests.support import eventually
from tests.test_orders import Market
from tests.test_requests import Requests, offer_body, request_body
from tests.test_reviews import Shop

HUGE = 2**63  # above what a 64-bit column holds: a 500 before
ORDER_MAX, OFFER_MAX, TIP_MAX, WITHDRAWAL_MAX = 2_000_000, 1_000_000, 2_000_000, 500_000
OK_CARD, OTHER_CARD = "4242424242424242", "5555555555554444"


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def refused(response, status, code=None):
    assert response.status_code == status, response.text
    if code:
        assert response.json()["error"]["code"] == code, response.text
    return response.json()["error"]


def _assert(condition):
    assert condition


@pytest.fixture
def market(api, unique, system):
    return Market(api, unique, system)


@pytest.fixture
def shop(api, unique, system):
    return Shop(api, unique, system)


@pytest.fixture
def requests_market(api, unique, system):
    return Requests(api, unique, system)


def signed_up(api, unique):
    person = api.sign_up(unique("buyer"))
    eventually(lambda: _assert(api.get("/v1/me/balance", as_=person).status_code == 200))
    return person


# --- T3: a tip naming no card, and the buyer's cards ---------------------------------------


def test_t3_a_tip_without_payment_method_takes_the_balance_then_the_default_card(shop):
    """Issue 15, item 9: an empty balance and a card on file answered 402 "add a payment
    method"."""
    buyer = shop.buyer()  # one card, the default
    order = shop.completed(buyer)
    assert shop.balance(buyer)["buyer_balance"] == 0
    tip = eventually(
        lambda: ok(
            shop.api.post(
                f"/v1/orders/{order['id']}/tips",
                as_=buyer,
                json={"amount": usd(1000), "message": "Thanks!"},
            ),
            201,
        )
    )
    assert tip["from_balance"] == usd(0) and tip["from_card"] == usd(1000 + 55 + 300)


def test_t3_payment_methods_are_listed_removed_and_one_is_the_default(api, unique):
    buyer, other = signed_up(api, unique), signed_up(api, unique)
    first = ok(api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": OK_CARD}), 201)
    second = ok(
        api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": OTHER_CARD}), 201
    )
    assert (first["is_default"], second["is_default"]) == (True, False)  # the first added
    listed = ok(api.get("/v1/me/payment-methods", as_=buyer))["results"]
    assert [(m["id"], m["is_default"], m["last4"]) for m in listed] == [
        (second["id"], False, "4444"),
        (first["id"], True, "4242"),
    ]  # newest first
    chosen = ok(api.request("PUT", f"/v1/me/payment-methods/{second['id']}/default", as_=buyer))
    assert chosen["id"] == second["id"] and chosen["is_default"]
    assert (
        ok(api.request("DELETE", f"/v1/me/payment-methods/{second['id']}", as_=buyer), 204) is None
    )
    listed = ok(api.get("/v1/me/payment-methods", as_=buyer))["results"]
    assert [(m["id"], m["is_default"]) for m in listed] == [(first["id"], True)]
    # another user's card is not found, to remove as to choose (A2)
    refused(
        api.request("DELETE", f"/v1/me/payment-methods/{first['id']}", as_=other), 404, "not_found"
    )
    refused(
        api.request("PUT", f"/v1/me/payment-methods/{first['id']}/default", as_=other),
        404,
        "not_found",
    )
    assert ok(api.get("/v1/me/payment-methods", as_=other)) == {"results": []}
    assert len(ok(api.get("/v1/me/payment-methods", as_=buyer))["results"]) == 1
    refused(api.get("/v1/me/payment-methods"), 401)


def test_a_valid_token_for_a_user_that_does_not_exist_creates_no_payment_method(
    api, rpc_as, system, unique
):
    """Issue 15, item 4: payments refuses a card for a user it opened no accounts for."""
    from gateway import auth

    ghost = {
        "id": "00000000-0000-4000-8000-" + unique("")[:10].rjust(12, "0"),
        "username": unique("ghost"),
        "role": "user",
    }
    with rpc_as(ghost) as rpc, pytest.raises(NotFound):
        rpc.payments.add_payment_method({"card_number": OK_CARD})
    token = auth.issue_token(ghost, system)["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    response = api.post("/v1/me/payment-methods", headers=headers, json={"card_number": OK_CARD})
    assert response.status_code in (401, 403, 404), response.text
    with rpc_as(ghost) as rpc:
        assert rpc.payments.list_payment_methods() == {"results": []}


# --- every amount bounded ---------------------------------------------------------------------


def test_o7_a_paid_extra_offer_above_its_bound_is_400_and_never_charged(market):
    """Issue 15, item 2: a seller's paid extra offer of 2**62 cents was accepted and
    charged."""
    order = market.delivered()
    before = market.balance(market.buyer)
    for amount in (2**62, HUGE, OFFER_MAX + 1):
        refused(
            market.api.post(
                f"/v1/orders/{order['id']}/extras",
                as_=market.seller,
                json={"price": usd(amount), "description": "Everything"},
            ),
            400,
            "invalid_input",
        )
    assert market.order(order)["extra_offers"] == []
    assert market.balance(market.buyer) == before


def test_o7_extras_never_take_an_order_above_20000(market):
    order = market.delivered()  # $25
    first = market.post(
        order,
        "/extras",
        market.seller,
        price=usd(OFFER_MAX),
        description="A full brand book",
        days=3,
    )
    second = market.post(
        order, "/extras", market.seller, price=usd(OFFER_MAX), description="And the website", days=3
    )
    extras = {e["description"]: e["id"] for e in second["extra_offers"]}
    assert first["status"] == "delivered"
    market.post(
        order,
        f"/extras/{extras['A full brand book']}/accept",
        market.buyer,
        payment_method_id=market.card,
    )
    error = refused(
        market.api.post(
            f"/v1/orders/{order['id']}/extras/{extras['And the website']}/accept",
            as_=market.buyer,
            json={"payment_method_id": market.card},
        ),
        422,
        "rule_violation",
    )
    assert "20,000" in error["message"]
    assert market.order(order)["price"] == usd(2500 + OFFER_MAX)


def test_r1_q1_a_budget_above_2_pow_63_or_10000_is_400_not_500(requests_market, api):
    """Issue 15, item 2: budgets above 2**63 - 1 answered 500 (SQLite OverflowError)."""
    buyer = requests_market.buyer
    for amount in (HUGE, 2**70, OFFER_MAX + 1):
        refused(
            api.post("/v1/requests", as_=buyer, json=request_body(budget=usd(amount))),
            400,
            "invalid_input",
        )
    seller = requests_market.seller()
    for amount in (HUGE, OFFER_MAX + 1):
        body = {
            key: value
            for key, value in request_body(budget=usd(amount)).items()
            if key != "attachment"
        }
        refused(
            api.post(f"/v1/sellers/{seller.username}/quote-requests", as_=buyer, json=body),
            400,
            "invalid_input",
        )
    ok(api.post("/v1/requests", as_=buyer, json=request_body(budget=usd(OFFER_MAX))), 201)


def test_r6_q2_offer_prices_days_and_revisions_are_bounded(requests_market, api):
    market = requests_market
    request = market.approved()
    seller = market.seller()
    market.sees(seller, request["id"])
    for terms in (
        {"price": OFFER_MAX + 1},
        {"price": HUGE},
        {"delivery_days": HUGE},
        {"revisions": HUGE},
    ):
        price = terms.pop("price", 4000)
        refused(
            api.post(
                f"/v1/requests/{request['id']}/offers",
                as_=seller,
                json=offer_body(price=price, **terms),
            ),
            400,
            "invalid_input",
        )
    assert market.offers(request["id"])["offer_count"] == 0


def test_t2_a_tip_above_20000_is_400(shop):
    buyer = shop.buyer()
    order = shop.completed(buyer)
    for amount in (HUGE, TIP_MAX + 1):
        refused(shop.tip(order, buyer, amount, payment_method_id=buyer.card), 400, "invalid_input")


def test_p6_a_withdrawal_above_5000_is_400(api, unique):
    seller = signed_up(api, unique)
    for amount in (HUGE, WITHDRAWAL_MAX + 1):
        refused(
            api.post("/v1/me/withdrawals", as_=seller, json={"amount": usd(amount)}),
            400,
            "invalid_input",
        )


def test_openapi_states_the_bounds_of_money_and_numbers(api):
    document = ok(api.get("/openapi.json"))
    schemas = document["components"]["schemas"]

    def amount_bounds(schema_name, field):
        prop = schemas[schema_name]["properties"][field]
        ref = prop.get("$ref") or next(
            p["$ref"] for p in prop.get("allOf", prop.get("anyOf")) if "$ref" in p
        )
        amount = schemas[ref.rsplit("/", 1)[1]]["properties"]["amount"]
        return amount.get("minimum"), amount["maximum"]

    def body_schema(path, verb="post"):
        ref = document["paths"][path][verb]["requestBody"]["content"]["application/json"]["schema"][
            "$ref"
        ]
        return ref.rsplit("/", 1)[1]

    assert amount_bounds(body_schema("/v1/requests"), "budget")[1] == OFFER_MAX
    assert amount_bounds(body_schema("/v1/requests/{request_id}/offers"), "price")[1] == OFFER_MAX
    assert amount_bounds(body_schema("/v1/orders/{order_id}/extras"), "price")[1] == OFFER_MAX
    assert amount_bounds(body_schema("/v1/orders/{order_id}/tips"), "amount")[1] == TIP_MAX
    assert amount_bounds(body_schema("/v1/me/withdrawals"), "amount")[1] == WITHDRAWAL_MAX
    offer = schemas[body_schema("/v1/requests/{request_id}/offers")]["properties"]
    assert (offer["delivery_days"]["maximum"], offer["revisions"]["maximum"]) == (90, 20)
    assert {"get", "delete", "put"} <= {
        verb
        for path, verbs in document["paths"].items()
        if path.startswith("/v1/me/payment-methods")
        for verb in verbs
    }
