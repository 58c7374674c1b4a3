"""The seller's "updates" list (N2, O13) through the gateway, with every service running on
the real broker: orders asks the inbox, as the seller, which orders they have unread
notifications about."""

import pytest

from tests.support import eventually
from tests.test_notifications import Market, ok, order_link


@pytest.fixture
def market(api, unique, system):
    return Market(api, unique, system)


def updates(api, seller, **query):
    params = {"role": "seller", "filter": "updates", **query}
    return ok(api.get("/v1/orders", as_=seller, params=params))


def listed(api, seller):
    return [order["id"] for order in updates(api, seller, limit=100)["results"]]


def read(api, person, notifications):
    ids = [notification["id"] for notification in notifications]
    ok(api.post("/v1/me/notifications/read", as_=person, json={"ids": ids}))


def test_n2_o13_a_new_order_is_in_the_sellers_updates_until_its_notification_is_read(market, api):
    buyer = market.buyer()
    first, second = market.placed(buyer), market.placed(buyer)
    seller = market.seller
    told = market.told(seller, "order_placed", order_link(first))
    market.told(seller, "order_placed", order_link(second))
    assert listed(api, seller) == [second["id"], first["id"]]  # newest first, like O13's lists
    page = updates(api, seller, limit=1)
    assert [o["id"] for o in page["results"]] == [second["id"]] and page["next_cursor"]
    rest = updates(api, seller, limit=1, cursor=page["next_cursor"])
    assert [o["id"] for o in rest["results"]] == [first["id"]] and rest["next_cursor"] is None
    assert page["results"][0]["status"] == "incomplete"

    read(api, seller, told)
    assert listed(api, seller) == [second["id"]]
    ok(api.post("/v1/me/notifications/read", as_=seller, json={"all": True}))
    assert listed(api, seller) == []
    # the other lists are untouched: both orders wait for their requirements
    both = ok(api.get("/v1/orders", as_=seller, params={"role": "seller", "filter": "active"}))
    assert {o["id"] for o in both["results"]} == {first["id"], second["id"]}


def test_n2_o13_only_the_seller_has_the_updates_list(market, api):
    buyer = market.buyer()
    market.placed(buyer)
    refused = api.get("/v1/orders", as_=buyer, params={"role": "buyer", "filter": "updates"})
    assert refused.status_code == 422, refused.text
    assert "filter" in refused.text
    assert api.get("/v1/orders", params={"role": "seller", "filter": "updates"}).status_code == 401
    assert listed(api, buyer) == []  # as a seller, the buyer sold nothing


def test_n2_o13_a_conversation_message_is_not_an_order_update(market, api):
    buyer = market.buyer()
    order = market.placed(buyer)
    market.told(market.seller, "order_placed", order_link(order))
    ok(api.post("/v1/me/notifications/read", as_=market.seller, json={"all": True}))
    body = {"with": market.seller.username, "text": "Hello, about my order"}
    posted = ok(api.post("/v1/conversations", as_=buyer, json=body), 201)
    market.told(market.seller, "message_received", f"/conversations/{posted['conversation']['id']}")
    assert listed(api, market.seller) == []


def test_n2_o13_an_order_message_from_the_buyer_brings_the_order_back(market, api):
    buyer = market.buyer()
    order = market.placed(buyer)
    market.told(market.seller, "order_placed", order_link(order))
    ok(api.post("/v1/me/notifications/read", as_=market.seller, json={"all": True}))
    assert listed(api, market.seller) == []
    body = {"text": "Could the logo be blue?", "files": []}
    ok(api.post(f"/v1/orders/{order['id']}/messages", as_=buyer, json=body), 201)

    def back():
        assert listed(api, market.seller) == [order["id"]]

    eventually(back, timeout=15)
