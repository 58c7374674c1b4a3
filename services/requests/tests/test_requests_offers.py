"""Sellers' offers on buyer requests, the buyer's list of them, and ordering one (R6, R7, C10)."""

import pytest
from requests_support import (
    BUYER,
    OTHER_BUYER,
    approved_request,
    as_,
    event,
    gig_facts,
    ids,
    make_service,
    offer_body,
    offer_ordered,
    published,
    seller,
    usd,
)

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden, NotFound


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(store_factory, tmp_path, clock):
    return make_service(store_factory, tmp_path / "files", clock)


def test_c10_r6_only_a_seller_with_an_active_gig_in_the_subcategory_offers(service):
    request = approved_request(service)
    nobody = {"id": "no-gig", "username": "no-gig", "role": "user"}
    service.on_user_signed_up(event(user_id="no-gig", username="no-gig", country=None))
    with pytest.raises(Conflict) as refused:
        as_(service, nobody).send_offer(request["id"], offer_body())
    assert "C10" in refused.value.message
    writer = seller(service, "writer", subcategory="articles", category="writing")
    assert ids(as_(service, writer).list_open_requests()) == []
    with pytest.raises(Conflict):
        as_(service, writer).send_offer(request["id"], offer_body())

    marie = seller(service, "marie")
    service.on_gig_updated(
        gig_facts(
            gig_id="gig-marie-logo-design",
            seller_id="marie",
            seller_username="marie",
            status="paused",
        )
    )
    with pytest.raises(Conflict):  # her only gig is paused
        as_(service, marie).send_offer(request["id"], offer_body())
    service.on_gig_updated(
        gig_facts(
            gig_id="gig-marie-logo-design",
            seller_id="marie",
            seller_username="marie",
            status="active",
        )
    )
    assert as_(service, marie).send_offer(request["id"], offer_body())["seller"] == "marie"
    with pytest.raises(Conflict):  # once per seller
        as_(service, marie).send_offer(request["id"], offer_body())


def test_r6_a_buyer_never_offers_on_their_own_request(service):
    request = approved_request(service)
    me = seller(service, BUYER["id"])
    assert ids(as_(service, me).list_open_requests()) == []
    with pytest.raises(Conflict):
        as_(service, me).send_offer(request["id"], offer_body())


def test_r6_r7_a_request_takes_five_offers_then_none_even_when_one_is_removed(service):
    request = approved_request(service)
    sellers = [seller(service, f"s{n}") for n in range(6)]
    offers = [as_(service, s).send_offer(request["id"], offer_body()) for s in sellers[:5]]
    with pytest.raises(Conflict) as refused:
        as_(service, sellers[5]).send_offer(request["id"], offer_body())
    assert "5 offers" in refused.value.message
    assert ids(as_(service, sellers[5]).list_open_requests()) == []  # full: not offered to take
    assert as_(service, BUYER).list_my_requests()["results"][0]["offer_count"] == 5

    as_(service, BUYER).remove_offer(request["id"], offers[0]["id"])
    listed = as_(service, BUYER).list_offers(request["id"])
    assert listed["offer_count"] == 5 and offers[0]["id"] not in ids(listed)  # 5 arrived
    assert ids(as_(service, sellers[5]).list_open_requests()) == []  # it stopped taking offers
    with pytest.raises(Conflict):
        as_(service, sellers[5]).send_offer(request["id"], offer_body())


def test_r6_a_declined_request_is_gone_for_that_seller_for_good(service):
    request = approved_request(service)
    marie, paul = seller(service, "marie"), seller(service, "paul")
    as_(service, marie).decline_request(request["id"])
    as_(service, marie).decline_request(request["id"])  # again: nothing changes
    assert ids(as_(service, marie).list_open_requests()) == []
    assert ids(as_(service, paul).list_open_requests()) == [request["id"]]
    with pytest.raises(NotFound):
        as_(service, marie).send_offer(request["id"], offer_body())


def test_r6_a_new_offer_is_activity_that_restarts_the_fourteen_days(service, clock):
    request = approved_request(service)
    clock.move_to_offset(3600)
    as_(service, seller(service, "marie")).send_offer(request["id"], offer_body())
    keys = [e["key"] for e in published(service, "deadline_requested")]
    assert keys == [f"requests:{request['id']}:expiry"] * 2
    assert published(service, "offer_submitted")[0]["request_id"] == request["id"]


def test_r7_the_buyer_sorts_offers_by_date_price_delivery_rating_or_reviews(service, clock):
    request = approved_request(service)
    terms = {"cheap": (2000, 7, 4.2, 40), "fast": (6000, 1, 4.9, 3), "rated": (4000, 3, 5.0, 12)}
    made = {}
    for name, (price, days, rating, reviews) in terms.items():
        clock.move_to_offset(clock.offset_seconds + 60)
        made[name] = as_(service, seller(service, name)).send_offer(
            request["id"], offer_body(price, days)
        )["id"]
        service.on_seller_rating_changed(
            event(clock, seller_id=name, rating=rating, review_count=reviews)
        )
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).list_offers(request["id"])

    def order(sort):
        return [
            [k for k, v in made.items() if v == i][0]
            for i in ids(as_(service, BUYER).list_offers(request["id"], {"sort": sort}))
        ]

    assert order("date") == ["rated", "fast", "cheap"]
    assert order("price") == ["cheap", "rated", "fast"]
    assert order("delivery_time") == ["fast", "rated", "cheap"]
    assert order("rating") == ["rated", "fast", "cheap"]
    assert order("reviews") == ["cheap", "rated", "fast"]
    shown = as_(service, BUYER).list_offers(request["id"])["results"][0]
    assert (
        shown["seller"],
        shown["seller_rating"],
        shown["seller_review_count"],
        shown["price"],
    ) == ("rated", 5.0, 12, usd(4000))


def test_r7_offer_terms_for_orders_then_the_order_marks_the_offer_ordered(service):
    request = approved_request(service)
    marie, paul = seller(service, "marie"), seller(service, "paul")
    offer = as_(service, marie).send_offer(request["id"], offer_body(4500, 4))
    other = as_(service, paul).send_offer(request["id"], offer_body(3000, 2))
    terms = as_(service, BUYER).offer_terms("request_offer", offer["id"])
    assert terms == {
        "offer_id": offer["id"],
        "kind": "request_offer",
        "seller_id": "marie",
        "seller_username": "marie",
        "buyer_id": BUYER["id"],
        "price": usd(4500),
        "delivery_days": 4,
        "revisions": 2,
        "description": "I design bakery logos",
        "title": "A logo for my bakery, warm colours",
        "category": "graphics-design",
        "subcategory": "logo-design",
    }
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).offer_terms("request_offer", offer["id"])
    with pytest.raises(NotFound):
        as_(service, BUYER).offer_terms("request_offer", "no-such-offer")
    # A2: a buyer id passed along must be the caller's
    assert as_(service, BUYER).offer_terms("request_offer", offer["id"], BUYER["id"]) == terms
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).offer_terms("request_offer", offer["id"], BUYER["id"])

    placed = offer_ordered(
        order_id="order-1",
        buyer_id=BUYER["id"],
        source={"kind": "request_offer", "id": offer["id"]},
    )
    service.on_offer_ordered(placed)
    service.on_offer_ordered(placed)
    assert as_(service, BUYER).list_my_requests()["results"][0]["status"] == "ordered"
    assert [e["key"] for e in published(service, "deadline_cancelled")] == [
        f"requests:{request['id']}:expiry"
    ]
    with pytest.raises(Conflict):  # already ordered
        as_(service, BUYER).offer_terms("request_offer", offer["id"])
    # the request found its seller: no new offers, but the buyer may still order another
    assert ids(as_(service, seller(service, "zoe")).list_open_requests()) == []
    assert as_(service, BUYER).offer_terms("request_offer", other["id"])["price"] == usd(3000)
    listed = as_(service, BUYER).list_offers(request["id"])["results"]
    statuses = {o["id"]: o["status"] for o in listed}
    assert statuses == {offer["id"]: "ordered", other["id"]: "sent"}


def test_r7_removed_offers_and_those_of_deleted_requests_cannot_be_ordered(service):
    request = approved_request(service)
    offer = as_(service, seller(service, "marie")).send_offer(request["id"], offer_body())
    as_(service, BUYER).remove_offer(request["id"], offer["id"])
    with pytest.raises(Conflict):
        as_(service, BUYER).offer_terms("request_offer", offer["id"])
    with pytest.raises(Conflict):
        as_(service, BUYER).remove_offer(request["id"], offer["id"])
    kept = as_(service, seller(service, "paul")).send_offer(request["id"], offer_body())
    as_(service, BUYER).delete_request(request["id"])
    with pytest.raises(NotFound):
        as_(service, BUYER).offer_terms("request_offer", kept["id"])


def test_an_order_from_a_gig_changes_nothing_here(service):
    request = approved_request(service)
    offer = as_(service, seller(service, "marie")).send_offer(request["id"], offer_body())
    service.on_offer_ordered(
        offer_ordered(
            order_id="o-9",
            buyer_id=BUYER["id"],
            gig_id="g",
            source={"kind": "gig", "id": offer["id"]},
        )
    )
    assert published(service, "deadline_cancelled") == []
    assert as_(service, BUYER).list_my_requests()["results"][0]["status"] == "active"
    listed = as_(service, BUYER).list_offers(request["id"])["results"]
    assert [o["status"] for o in listed] == ["sent"]
