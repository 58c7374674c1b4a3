"""The service layer on in-memory fakes (no database, no broker): the rules of a use case
in milliseconds (R2, R5, R6, R7, Q2)."""

from datetime import timedelta

import pytest
from requests_fakes import FakeUnitOfWork

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden
from microtache.money import Money

from buyer_requests.domain.sellers import SellerGig
from buyer_requests.service_layer import admins, buyers, expiry, offers, ordering, quotes

BUYER, ADMIN = "buyer-1", {"id": "admin-1", "role": "admin"}
DAY = 86400


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def uow(clock):
    return FakeUnitOfWork(clock)


def a_seller(uow, user_id, subcategory="logo-design"):
    seller = uow.sellers.get_or_add(user_id)
    seller.username = user_id
    seller.gigs.append(
        SellerGig(
            gig_id=f"gig-{user_id}",
            seller_id=user_id,
            category="graphics-design",
            subcategory=subcategory,
            status="active",
            updated_at=uow.now(),
        )
    )
    return user_id


def approved(uow):
    posted = buyers.post_request(
        uow,
        None,  # no upload named: storage is not asked
        BUYER,
        {
            "description": " A logo ",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "criteria": {},
            "delivery_days": 3,
            "budget": Money(5000),
            "files": [],
        },
    )
    return admins.approve_request(uow, ADMIN, posted.id)


def terms(price=4000):
    return {"price": Money(price), "delivery_days": 3, "revisions": 1, "description": "I can"}


def test_r2_only_an_admin_approves_and_approval_asks_for_the_expiry(uow):
    posted = buyers.post_request(
        uow,
        None,  # no upload named: storage is not asked
        BUYER,
        {
            "description": "A logo",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "criteria": {},
            "delivery_days": 3,
            "budget": Money(5000),
            "files": [],
        },
    )
    with pytest.raises(Forbidden):
        admins.approve_request(uow, {"id": BUYER, "role": "user"}, posted.id)
    request = admins.approve_request(uow, ADMIN, posted.id)
    assert request.status == "active"
    assert [e["request_id"] for e in uow.events("buyer_request_approved")] == [request.id]
    assert uow.events("deadline_requested")[0]["key"] == expiry.expiry_key(request.id)


def test_r6_five_offers_then_no_more_and_a_seller_offers_once(uow):
    request = approved(uow)
    for n in range(5):
        offers.send_offer(uow, a_seller(uow, f"s{n}"), request.id, terms())
    with pytest.raises(Conflict):
        offers.send_offer(uow, a_seller(uow, "late"), request.id, terms())
    with pytest.raises(Conflict):
        offers.send_offer(uow, "s0", request.id, terms())
    assert [e["price"] for e in uow.events("offer_submitted")] == [
        {"amount": 4000, "currency": "USD"}
    ] * 5


def test_r7_offers_sorted_by_price_and_a_removed_one_still_counts(uow):
    request = approved(uow)
    cheap = offers.send_offer(uow, a_seller(uow, "cheap"), request.id, terms(1000))
    offers.send_offer(uow, a_seller(uow, "dear"), request.id, terms(9000))
    listed = buyers.list_offers(uow, BUYER, request.id, "price")
    assert [o["seller"] for o in listed["results"]] == ["cheap", "dear"]
    buyers.remove_offer(uow, BUYER, request.id, cheap["id"])
    listed = buyers.list_offers(uow, BUYER, request.id, "price")
    assert (listed["offer_count"], [o["seller"] for o in listed["results"]]) == (2, ["dear"])


def test_r5_s3_an_expiry_applies_only_if_nothing_happened_since(uow, clock):
    request = approved(uow)
    first_due = request.expires_at
    clock.move_to_offset(10 * DAY)
    offers.send_offer(uow, a_seller(uow, "marie"), request.id, terms())  # activity
    assert expiry.expire_request(uow, {"request_id": request.id, "due_at": first_due}) is None
    clock.move_to_offset(24 * DAY + 1)
    expired = expiry.expire_request(uow, {"request_id": request.id, "due_at": request.expires_at})
    assert expired.status == "expired"
    assert len(uow.events("buyer_request_expired")) == 1


def test_q2_r7_an_ordered_offer_is_marked_and_its_request_stops_expiring(uow):
    request = approved(uow)
    offer = offers.send_offer(uow, a_seller(uow, "marie"), request.id, terms())
    found = ordering.offer_terms(uow, "request_offer", offer["id"], BUYER)
    assert (found["seller_username"], found["title"]) == ("marie", "A logo")
    ordering.on_order_placed(
        uow, {"order_id": "o-1", "source": {"kind": "request_offer", "id": offer["id"]}}
    )
    assert uow.requests.get(request.id).status == "ordered"
    assert [e["key"] for e in uow.events("deadline_cancelled")] == [expiry.expiry_key(request.id)]


def test_q2_a_custom_offer_expires_and_cannot_be_declined_then(uow, clock):
    a_seller(uow, "marie")
    quote = quotes.request_quote(
        uow,
        None,
        BUYER,
        "marie",
        {
            "description": "A logo",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "criteria": {},
            "delivery_days": 3,
            "files": [],
        },
    )
    offer = quotes.send_custom_offer(uow, "marie", quote.id, {**terms(), "expires_in_days": 1})
    assert uow.events("custom_offer_sent")[0]["expires_at"] == offer.expires_at.isoformat()
    clock.move_to_offset(timedelta(days=1).total_seconds())
    with pytest.raises(Conflict):
        quotes.decline_custom_offer(uow, BUYER, offer.id)
