"""Reading one buyer request or one quote request (A2, R2, R4, R6, Q1, Q3), and the
buyer's username on quote requests, through the service's entrypoints."""

import pytest
from marshmallow import ValidationError
from requests_support import (
    ADMIN,
    BUYER,
    OTHER_BUYER,
    approved_request,
    as_,
    event,
    make_service,
    offer_body,
    request_body,
    seller,
)

from microtache.clock import Clock
from microtache.errors import NotFound

from buyer_requests import contract

SELLER_FIELDS = {"buyer_id", "status", "rejection_reason", "expires_at"}


@pytest.fixture
def service(store_factory, tmp_path):
    return make_service(store_factory, tmp_path / "files", Clock())


def signed_up(service, who):
    service.on_user_signed_up(event(user_id=who["id"], username=who["username"], country=None))


def quote_body():
    return {
        "description": "A mascot for my football club",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "delivery_days": 5,
    }


def test_a2_r2_the_buyer_and_the_admin_read_a_request_anyone_else_gets_not_found(service):
    pending = as_(service, BUYER).post_request(request_body())
    mine = as_(service, BUYER).get_request(pending["id"])
    assert (mine["id"], mine["status"], mine["buyer_id"]) == (pending["id"], "pending", "buyer-1")
    assert as_(service, ADMIN).get_request(pending["id"])["status"] == "pending"
    marie = seller(service, "marie")
    for stranger in (OTHER_BUYER, marie):  # pending: open to no seller yet (R2)
        with pytest.raises(NotFound) as unknown:
            as_(service, stranger).get_request(pending["id"])
        assert unknown.value.details == {"request_id": pending["id"]}
    with pytest.raises(NotFound):
        as_(service, BUYER).get_request("no-such-request")
    as_(service, BUYER).delete_request(pending["id"])
    with pytest.raises(NotFound):  # R3: deleted is gone for everyone
        as_(service, BUYER).get_request(pending["id"])


def test_r6_a_seller_reads_a_request_open_to_them_as_the_open_list_shows_it(service):
    marie, paul = seller(service, "marie"), seller(service, "paul", subcategory="articles")
    request = approved_request(service)
    seen = as_(service, marie).get_request(request["id"])
    assert seen == as_(service, marie).list_open_requests()["results"][0]
    assert not SELLER_FIELDS & set(seen) and seen["offer_count"] == 0
    with pytest.raises(NotFound):  # not a subcategory of paul's active gigs
        as_(service, paul).get_request(request["id"])
    as_(service, marie).send_offer(request["id"], offer_body())
    assert as_(service, marie).get_request(request["id"])["offer_count"] == 1  # still open
    assert as_(service, BUYER).get_request(request["id"])["offer_count"] == 1


def test_r4_r6_a_paused_or_declined_request_is_not_found_for_the_seller(service):
    marie, anna = seller(service, "marie"), seller(service, "anna")
    request = approved_request(service)
    as_(service, BUYER).pause_request(request["id"])
    with pytest.raises(NotFound):  # R4: sellers no longer see it
        as_(service, marie).get_request(request["id"])
    assert as_(service, BUYER).get_request(request["id"])["status"] == "paused"
    as_(service, BUYER).resume_request(request["id"])
    as_(service, anna).decline_request(request["id"])
    with pytest.raises(NotFound):  # R6: never again for anna
        as_(service, anna).get_request(request["id"])
    assert as_(service, marie).get_request(request["id"])["id"] == request["id"]


def test_q1_q3_a_quote_request_is_read_by_its_buyer_and_its_seller_only(service):
    signed_up(service, BUYER)
    marie, paul = seller(service, "marie"), seller(service, "paul")
    quote = as_(service, BUYER).request_quote("marie", quote_body())
    as_(service, marie).send_custom_offer(quote["id"], offer_body())
    for party in (BUYER, marie):
        shown = as_(service, party).get_quote_request(quote["id"])
        assert (shown["id"], shown["buyer"], shown["seller"]) == (quote["id"], "bob", "marie")
        assert [o["status"] for o in shown["custom_offers"]] == ["sent"]
        assert shown["status"] == "sent"
    for stranger in (paul, OTHER_BUYER, ADMIN):
        with pytest.raises(NotFound) as unknown:
            as_(service, stranger).get_quote_request(quote["id"])
        assert unknown.value.details == {"quote_request_id": quote["id"]}
    with pytest.raises(NotFound):
        as_(service, BUYER).get_quote_request("no-such-quote")


def test_q1_quote_requests_name_their_buyer_to_the_seller(service):
    signed_up(service, BUYER)
    marie = seller(service, "marie")
    asked = as_(service, BUYER).request_quote("marie", quote_body())
    assert (asked["buyer"], asked["seller"]) == ("bob", "marie")
    received = as_(service, marie).list_quote_requests({"role": "seller"})["results"]
    assert [(q["buyer_id"], q["buyer"]) for q in received] == [("buyer-1", "bob")]
    unknown = {"id": "buyer-9", "username": "zed", "role": "user"}  # no sign-up event yet
    as_(service, unknown).request_quote("marie", quote_body())
    received = as_(service, marie).list_quote_requests({"role": "seller"})["results"]
    assert [q["buyer"] for q in received] == [None, "bob"]


@pytest.mark.parametrize(
    "schema",
    [
        contract.MyRequestsQuerySchema,
        contract.OpenRequestsQuerySchema,
        contract.QuoteRequestsQuerySchema,
        contract.AdminRequestsQuerySchema,
    ],
)
def test_lists_take_up_to_100_a_page_as_the_other_services_lists(schema):
    assert schema().load({"limit": "100"})["limit"] == 100
    assert schema().load({})["limit"] == 20
    with pytest.raises(ValidationError):
        schema().load({"limit": "101"})
