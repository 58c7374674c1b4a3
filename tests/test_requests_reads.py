"""One buyer request and one quote request through the gateway (A2, R2, R4, R6, Q1, Q3),
the buyer's name on quote requests, and requests' page sizes, on the running system."""

import pytest

from tests.support import eventually
from tests.test_requests import Requests, ok, refused


@pytest.fixture
def market(api, unique, system):
    return Requests(api, unique, system)


def quote_body():
    return {
        "description": "A mascot for my football club",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "delivery_days": 5,
    }


def test_a2_r2_r6_one_request_for_its_buyer_the_admin_and_a_seller_it_is_open_to(market, api):
    seller, stranger = market.seller(), market.seller(gig=False)
    posted = market.post()
    path = f"/v1/requests/{posted['id']}"
    mine = ok(api.get(path, as_=market.buyer))
    assert (mine["status"], mine["buyer_id"], mine["offer_count"]) == (
        "pending",
        posted["buyer_id"],
        0,
    )
    assert ok(api.get(path, as_=market.admin))["id"] == posted["id"]
    refused(api.get(path, as_=seller), 404, "not_found")  # pending: open to no seller (R2)

    ok(api.post(f"/v1/admin/requests/{posted['id']}/approve", as_=market.admin))
    market.sees(seller, posted["id"])
    seen = ok(api.get(path, as_=seller))
    assert seen["id"] == posted["id"] and seen["description"] == posted["description"]
    assert not {"buyer_id", "status", "rejection_reason", "expires_at"} & set(seen)
    hidden = refused(api.get(path, as_=stranger), 404, "not_found")  # no gig there (A2)
    unknown = refused(api.get("/v1/requests/no-such-id", as_=stranger), 404, "not_found")
    assert hidden["message"] == unknown["message"]  # as for any unknown id
    refused(api.get(path), 401, "unauthenticated")


def test_r4_r6_a_paused_or_declined_request_is_not_found_for_the_seller(market, api):
    seller = market.seller()
    request = market.approved()
    path = f"/v1/requests/{request['id']}"
    market.sees(seller, request["id"])
    ok(api.post(f"{path}/pause", as_=market.buyer))
    refused(api.get(path, as_=seller), 404, "not_found")  # R4: hidden from sellers
    ok(api.post(f"{path}/resume", as_=market.buyer))
    assert ok(api.get(path, as_=seller))["id"] == request["id"]
    ok(api.post(f"{path}/decline", as_=seller), 204)
    refused(api.get(path, as_=seller), 404, "not_found")  # R6: never again
    assert ok(api.get(path, as_=market.buyer))["status"] == "active"


def test_q1_q3_one_quote_request_for_its_buyer_and_its_seller_with_both_names(market, api):
    seller, other = market.seller(), market.seller()
    asked = eventually(  # once requests heard of the seller's gig (C10)
        lambda: ok(
            api.post(
                f"/v1/sellers/{seller.username}/quote-requests",
                as_=market.buyer,
                json=quote_body(),
            ),
            201,
        )
    )
    received = ok(api.get("/v1/quote-requests", as_=seller, params={"role": "seller"}))
    [quote] = received["results"]
    assert quote["id"] == asked["id"]
    assert (quote["buyer"], quote["seller"]) == (market.buyer.username, seller.username)
    path = f"/v1/quote-requests/{quote['id']}"
    for party in (market.buyer, seller):
        shown = ok(api.get(path, as_=party))
        assert (shown["id"], shown["buyer"], shown["status"]) == (
            quote["id"],
            market.buyer.username,
            "open",
        )
    for stranger in (other, market.admin):
        refused(api.get(path, as_=stranger), 404, "not_found")
    refused(api.get("/v1/quote-requests/no-such-id", as_=seller), 404, "not_found")


def test_r6_q1_requests_lists_take_up_to_100_a_page(market, api):
    seller = market.seller()
    for path, who in [
        ("/v1/requests", market.buyer),
        ("/v1/requests/open", seller),
        ("/v1/quote-requests", seller),
        ("/v1/admin/requests", market.admin),
    ]:
        ok(api.get(path, as_=who, params={"limit": 100}))
        refused(api.get(path, as_=who, params={"limit": 101}), 400, "invalid_input")


def test_a2_openapi_publishes_one_request_and_one_quote_request_with_their_schemas(api):
    paths = ok(api.get("/openapi.json"))["paths"]
    for path in ("/v1/requests/{request_id}", "/v1/quote-requests/{quote_request_id}"):
        answer = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert "$ref" in answer["schema"] or answer["schema"].get("properties")
    [limit] = [p for p in paths["/v1/requests"]["get"]["parameters"] if p["name"] == "limit"]
    assert limit["schema"]["maximum"] == 100
