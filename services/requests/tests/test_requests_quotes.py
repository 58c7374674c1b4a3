"""Quote requests and custom offers through the service's entrypoints (Q1-Q3, C10)."""

import pytest
from requests_support import (
    BUYER,
    DAY,
    OTHER_BUYER,
    as_,
    event,
    ids,
    make_service,
    offer_body,
    offer_ordered,
    published,
    seller,
    uploaded,
    usd,
)

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.files import GB

from buyer_requests import contract


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(store_factory, tmp_path, clock):
    return make_service(store_factory, tmp_path / "files", clock)


def quote_body(**overrides):
    return {
        "description": "A mascot for my football club",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "criteria": {"style": "vintage"},
        "delivery_days": 5,
        **overrides,
    }


def attachment(service, data, name="brief.pdf"):
    return uploaded(service, data, use=contract.QUOTE_ATTACHMENT, name=name)


def test_q1_a_buyer_asks_a_seller_for_a_quote_with_files_and_an_optional_budget(service):
    seller(service, "marie")
    files = [attachment(service, b"one"), attachment(service, b"two", name="b.png")]
    quote = as_(service, BUYER).request_quote("marie", quote_body(files=files))
    assert (quote["seller"], quote["status"], quote["budget"]) == ("marie", "open", None)
    assert [a["name"] for a in quote["attachments"]] == ["brief.pdf", "b.png"]
    assert [a["upload_id"] for a in quote["attachments"]] == files
    assert {service.files.find(f).attached_to for f in files} == {f"requests/quotes/{quote['id']}"}
    with_budget = as_(service, BUYER).request_quote("marie", quote_body(budget=usd(9000)))
    assert with_budget["budget"] == usd(9000)
    received = as_(service, {"id": "marie"}).list_quote_requests({"role": "seller"})
    assert ids(received) == [with_budget["id"], quote["id"]]
    assert ids(as_(service, BUYER).list_quote_requests({"role": "seller"})) == []
    assert published(service, "quote_requested")[0]["seller_id"] == "marie"


def test_q1_files_are_at_most_1_gb_and_criteria_are_the_subcategorys(service):
    seller(service, "marie")
    with pytest.raises(RuleViolation):  # the use's bound, when the upload is declared
        service.files.declare(BUYER["id"], contract.QUOTE_ATTACHMENT, "a", "x/y", GB + 1)
    with pytest.raises(RuleViolation) as refused:  # the tree's: 422 (issue 15, item 8)
        as_(service, BUYER).request_quote("marie", quote_body(criteria={"tone": "warm"}))
    assert "criteria" in refused.value.details


def test_q1_c10_refused_when_quotes_are_off_the_seller_is_away_or_has_no_active_gig(service):
    seller(service, "marie")
    service.on_seller_profile_updated(
        event(user_id="marie", accepts_quotes=False, on_vacation=False, country=None, languages=[])
    )
    brief = attachment(service, b"brief")
    with pytest.raises(Conflict) as refused:
        as_(service, BUYER).request_quote("marie", quote_body(files=[brief]))
    assert "Q1" in refused.value.message
    assert service.files.find(brief).state == "ready"  # not taken: free for another quote

    service.on_seller_profile_updated(
        event(user_id="marie", accepts_quotes=True, on_vacation=True, country=None, languages=[])
    )
    with pytest.raises(Conflict):
        as_(service, BUYER).request_quote("marie", quote_body())

    service.on_user_signed_up(event(user_id="paul", username="paul", country=None))
    with pytest.raises(Conflict) as refused:
        as_(service, BUYER).request_quote("paul", quote_body())
    assert "C10" in refused.value.message
    with pytest.raises(NotFound):
        as_(service, BUYER).request_quote("nobody", quote_body())


def test_q2_the_seller_answers_with_a_custom_offer_the_buyer_declines_or_orders_it(service):
    marie = seller(service, "marie")
    quote = as_(service, BUYER).request_quote("marie", quote_body())
    declined = as_(service, marie).send_custom_offer(quote["id"], offer_body(8000, 6))
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).decline_custom_offer(declined["id"])
    assert as_(service, BUYER).decline_custom_offer(declined["id"])["status"] == "declined"
    with pytest.raises(Conflict):
        as_(service, BUYER).offer_terms("custom_offer", declined["id"])

    offer = as_(service, marie).send_custom_offer(quote["id"], offer_body(7000, 5))
    terms = as_(service, BUYER).offer_terms("custom_offer", offer["id"])
    assert (
        terms["price"],
        terms["delivery_days"],
        terms["revisions"],
        terms["seller_id"],
        terms["title"],
    ) == (usd(7000), 5, 2, "marie", "A mascot for my football club")
    with pytest.raises(Forbidden):
        as_(service, OTHER_BUYER).offer_terms("custom_offer", offer["id"])
    service.on_offer_ordered(
        offer_ordered(
            order_id="order-7",
            buyer_id=BUYER["id"],
            source={"kind": "custom_offer", "id": offer["id"]},
        )
    )
    shown = as_(service, BUYER).list_quote_requests()["results"][0]
    assert shown["status"] == "ordered"
    assert [(o["status"], o["order_id"]) for o in shown["custom_offers"]] == [
        ("declined", None),
        ("ordered", "order-7"),
    ]
    with pytest.raises(Conflict):
        as_(service, BUYER).offer_terms("custom_offer", offer["id"])


def test_q2_a_custom_offer_expires_and_a_newer_one_withdraws_the_pending_one(service, clock):
    marie = seller(service, "marie")
    quote = as_(service, BUYER).request_quote("marie", quote_body())
    first = as_(service, marie).send_custom_offer(quote["id"], offer_body(expires_in_days=2))
    second = as_(service, marie).send_custom_offer(quote["id"], offer_body(expires_in_days=2))
    with pytest.raises(Conflict):
        as_(service, BUYER).offer_terms("custom_offer", first["id"])  # withdrawn
    clock.move_to_offset(2 * DAY + 1)
    assert as_(service, BUYER).list_quote_requests()["results"][0]["status"] == "expired"
    with pytest.raises(Conflict):
        as_(service, BUYER).offer_terms("custom_offer", second["id"])
    with pytest.raises(InvalidInput):
        as_(service, marie).send_custom_offer(quote["id"], offer_body(expires_in_days=31))


def test_q3_c10_only_the_seller_asked_answers_and_only_with_an_active_gig(service):
    marie, paul = seller(service, "marie"), seller(service, "paul")
    quote = as_(service, BUYER).request_quote("marie", quote_body())
    with pytest.raises(Forbidden) as refused:
        as_(service, paul).send_custom_offer(quote["id"], offer_body())
    assert "Q3" in refused.value.message
    with pytest.raises(NotFound):
        as_(service, paul).send_custom_offer("no-such-quote", offer_body())
    service.on_gig_archived(event(gig_id="gig-marie-logo-design", seller_id="marie"))
    with pytest.raises(Conflict):
        as_(service, marie).send_custom_offer(quote["id"], offer_body())
