"""Sellers' offers on buyer requests, the buyer's list of them, and ordering one (R6, R7, C10)."""
import pytest
from requests_support import (
    BUYER,
    OTHER_BUYER,
    approved_request,
    event,
    ids,
    make_service,
    offer_body,
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
        service.send_offer(nobody, request["id"], offer_body())
    assert "C10" in refused.value.message
    writer = seller(service, "writer", subcategory="articles", category="writing")
    assert ids(service.list_open_requests(writer)) == []
    with pytest.raises(Conflict):
        service.send_offer(writer, request["id"], offer_body())

    marie = seller(service, "marie")
    service.on_gig_updated(event(gig_id="gig-marie-logo-design", seller_id="marie",
                                 seller_username="marie", category="graphics-design",
                                 subcategory="logo-design", status="paused"))
    with pytest.raises(Conflict):                          # her only gig is paused
        service.send_offer(marie, request["id"], offer_body())
    service.on_gig_updated(event(gig_id="gig-marie-logo-design", seller_id="marie",
                                 seller_username="marie", category="graphics-design",
                                 subcategory="logo-design", status="active"))
    assert service.send_offer(marie, request["id"], offer_body())["seller"] == "marie"
    with pytest.raises(Conflict):                          # once per seller
        service.send_offer(marie, request["id"], offer_body())


def test_r6_a_buyer_never_offers_on_their_own_request(service):
    request = approved_request(service)
    me = seller(service, BUYER["id"])
    assert ids(service.list_open_requests(me)) == []
    with pytest.raises(Conflict):
        service.send_offer(me, request["id"], offer_body())


def test_r6_r7_a_request_takes_five_offers_then_none_even_when_one_is_removed(service):
    request = approved_request(service)
    sellers = [seller(service, f"s{n}") for n in range(6)]
    offers = [service.send_offer(s, request["id"], offer_body()) for s in sellers[:5]]
    with pytest.raises(Conflict) as refused:
        service.send_offer(sellers[5], request["id"], offer_body())
    assert "5 offers" in refused.value.message
    assert ids(service.list_open_requests(sellers[5])) == []     # full: not offered to take
    assert service.list_my_requests(BUYER)["results"][0]["offer_count"] == 5

    service.remove_offer(BUYER, request["id"], offers[0]["id"])
    listed = service.list_offers(BUYER, request["id"])
    assert listed["offer_count"] == 5 and offers[0]["id"] not in ids(listed)   # 5 arrived
    assert ids(service.list_open_requests(sellers[5])) == []     # it stopped taking offers
    with pytest.raises(Conflict):
        service.send_offer(sellers[5], request["id"], offer_body())


def test_r6_a_declined_request_is_gone_for_that_seller_for_good(service):
    request = approved_request(service)
    marie, paul = seller(service, "marie"), seller(service, "paul")
    service.decline_request(marie, request["id"])
    service.decline_request(marie, request["id"])            # again: nothing changes
    assert ids(service.list_open_requests(marie)) == []
    assert ids(service.list_open_requests(paul)) == [request["id"]]
    with pytest.raises(NotFound):
        service.send_offer(marie, request["id"], offer_body())


def test_r6_a_new_offer_is_activity_that_restarts_the_fourteen_days(service, clock):
    request = approved_request(service)
    clock.move_to_offset(3600)
    service.send_offer(seller(service, "marie"), request["id"], offer_body())
    keys = [e["key"] for e in published(service, "deadline_requested")]
    assert keys == [f"requests:{request['id']}:expiry"] * 2
    assert published(service, "offer_submitted")[0]["request_id"] == request["id"]


def test_r7_the_buyer_sorts_offers_by_date_price_delivery_rating_or_reviews(service, clock):
    request = approved_request(service)
    terms = {"cheap": (2000, 7, 4.2, 40), "fast": (6000, 1, 4.9, 3), "rated": (4000, 3, 5.0, 12)}
    made = {}
    for name, (price, days, rating, reviews) in terms.items():
        clock.move_to_offset(clock.offset_seconds + 60)
        made[name] = service.send_offer(seller(service, name), request["id"],
                                        offer_body(price, days))["id"]
        service.on_seller_rating_changed(event(clock, seller_id=name, rating=rating,
                                               review_count=reviews))
    with pytest.raises(Forbidden):
        service.list_offers(OTHER_BUYER, request["id"])

    def order(sort):
        return [[k for k, v in made.items() if v == i][0]
                for i in ids(service.list_offers(BUYER, request["id"], {"sort": sort}))]
    assert order("date") == ["rated", "fast", "cheap"]
    assert order("price") == ["cheap", "rated", "fast"]
    assert order("delivery_time") == ["fast", "rated", "cheap"]
    assert order("rating") == ["rated", "fast", "cheap"]
    assert order("reviews") == ["cheap", "rated", "fast"]
    shown = service.list_offers(BUYER, request["id"])["results"][0]
    assert (shown["seller"], shown["seller_rating"], shown["seller_review_count"],
            shown["price"]) == ("rated", 5.0, 12, usd(4000))


def test_r7_offer_terms_for_orders_then_the_order_marks_the_offer_ordered(service):
    request = approved_request(service)
    marie, paul = seller(service, "marie"), seller(service, "paul")
    offer = service.send_offer(marie, request["id"], offer_body(4500, 4))
    other = service.send_offer(paul, request["id"], offer_body(3000, 2))
    terms = service.offer_terms("request_offer", offer["id"], BUYER["id"])
    assert terms == {"offer_id": offer["id"], "kind": "request_offer", "seller_id": "marie",
                     "seller_username": "marie", "buyer_id": BUYER["id"], "price": usd(4500),
                     "delivery_days": 4, "revisions": 2, "description": "I design bakery logos",
                     "title": "A logo for my bakery, warm colours",
                     "category": "graphics-design", "subcategory": "logo-design"}
    with pytest.raises(Forbidden):
        service.offer_terms("request_offer", offer["id"], OTHER_BUYER["id"])
    with pytest.raises(NotFound):
        service.offer_terms("request_offer", "no-such-offer", BUYER["id"])

    placed = event(order_id="order-1", buyer_id=BUYER["id"], seller_id="marie", gig_id=None,
                   source={"kind": "request_offer", "id": offer["id"]}, price=usd(4500),
                   delivery_days=4)
    service.on_offer_ordered(placed)
    service.on_offer_ordered(placed)
    assert service.list_my_requests(BUYER)["results"][0]["status"] == "ordered"
    assert [e["key"] for e in published(service, "deadline_cancelled")] == [
        f"requests:{request['id']}:expiry"]
    with pytest.raises(Conflict):                              # already ordered
        service.offer_terms("request_offer", offer["id"], BUYER["id"])
    # the request found its seller: no new offers, but the buyer may still order another
    assert ids(service.list_open_requests(seller(service, "zoe"))) == []
    assert service.offer_terms("request_offer", other["id"], BUYER["id"])["price"] == usd(3000)
    statuses = {o["id"]: o["status"] for o in service.list_offers(BUYER, request["id"])["results"]}
    assert statuses == {offer["id"]: "ordered", other["id"]: "sent"}


def test_r7_removed_offers_and_those_of_deleted_requests_cannot_be_ordered(service):
    request = approved_request(service)
    offer = service.send_offer(seller(service, "marie"), request["id"], offer_body())
    service.remove_offer(BUYER, request["id"], offer["id"])
    with pytest.raises(Conflict):
        service.offer_terms("request_offer", offer["id"], BUYER["id"])
    with pytest.raises(Conflict):
        service.remove_offer(BUYER, request["id"], offer["id"])
    kept = service.send_offer(seller(service, "paul"), request["id"], offer_body())
    service.delete_request(BUYER, request["id"])
    with pytest.raises(NotFound):
        service.offer_terms("request_offer", kept["id"], BUYER["id"])


def test_an_order_from_a_gig_changes_nothing_here(service):
    request = approved_request(service)
    offer = service.send_offer(seller(service, "marie"), request["id"], offer_body())
    service.on_offer_ordered(event(order_id="o-9", buyer_id=BUYER["id"], seller_id="marie",
                                  gig_id="g", source={"kind": "gig", "id": offer["id"]}))
    assert published(service, "deadline_cancelled") == []
    assert service.list_my_requests(BUYER)["results"][0]["status"] == "active"
    assert [o["status"] for o in service.list_offers(BUYER, request["id"])["results"]] == ["sent"]
