"""Quote requests, buyer requests and offers through the gateway, with the real broker, the
catalog's events, the scheduler's moved clock, and orders (Q1-Q3, R1-R7, C10)."""

import pytest

from tests.support import eventually, gig_body

DAY = 86400


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def refused(response, status, code):
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code, response.text
    return response.json()["error"]


def request_body(**overrides):
    return {
        "description": "A logo for my bakery, warm colours and a croissant",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "criteria": {"style": "vintage"},
        "delivery_days": 3,
        "budget": usd(5000),
        **overrides,
    }


def offer_body(price=4000, delivery_days=3, **overrides):
    return {
        "price": usd(price),
        "delivery_days": delivery_days,
        "revisions": 2,
        "description": "I draw bakery logos; see my gig",
        **overrides,
    }


def ids(page):
    return [item["id"] for item in page["results"]]


class Requests:
    """A buyer, the admin, and sellers with a logo-design gig, on the running system."""

    def __init__(self, api, unique, system):
        self.api, self.unique = api, unique
        self.buyer = api.sign_up(unique("buyer"))
        self.admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])

    def seller(self, gig=True, **gig_overrides):
        person = self.api.sign_up(self.unique("seller"))
        if gig:
            ok(self.api.post("/v1/gigs", as_=person, json=gig_body(**gig_overrides)), 201)
        return person

    def open_for(self, seller):
        return ids(ok(self.api.get("/v1/requests/open", as_=seller)))

    def sees(self, seller, request_id):
        """The catalog's events reach requests asynchronously: wait until they have."""
        eventually(lambda: _assert(request_id in self.open_for(seller)))

    def post(self, buyer=None, **overrides):
        return ok(
            self.api.post("/v1/requests", as_=buyer or self.buyer, json=request_body(**overrides)),
            201,
        )

    def approved(self, buyer=None, **overrides):
        posted = self.post(buyer, **overrides)
        return ok(self.api.post(f"/v1/admin/requests/{posted['id']}/approve", as_=self.admin))

    def pending(self):
        """Every request awaiting an admin, page after page (R2)."""
        found, cursor = [], None
        while True:
            page = ok(
                self.api.get(
                    "/v1/admin/requests",
                    as_=self.admin,
                    params={
                        "status": "pending",
                        "limit": 50,
                        **({"cursor": cursor} if cursor else {}),
                    },
                )
            )
            found += ids(page)
            cursor = page["next_cursor"]
            if not cursor:
                return found

    def mine(self, buyer=None):
        return {
            r["id"]: r for r in ok(self.api.get("/v1/requests", as_=buyer or self.buyer))["results"]
        }

    def offer(self, seller, request_id, status=201, **terms):
        response = self.api.post(
            f"/v1/requests/{request_id}/offers", as_=seller, json=offer_body(**terms)
        )
        assert response.status_code == status, response.text
        return response.json()

    def offers(self, request_id, sort="date"):
        return ok(
            self.api.get(f"/v1/requests/{request_id}/offers", as_=self.buyer, params={"sort": sort})
        )

    def advance(self, days):
        ok(self.api.post("/v1/admin/clock/advance", as_=self.admin, json={"seconds": days * DAY}))

    def card(self, person):
        eventually(lambda: _assert(self.api.get("/v1/me/balance", as_=person).status_code == 200))
        return ok(
            self.api.post(
                "/v1/me/payment-methods", as_=person, json={"card_number": "4242424242424242"}
            ),
            201,
        )["id"]


def _assert(condition):
    assert condition


@pytest.fixture
def market(api, unique, system):
    return Requests(api, unique, system)


def test_r1_r2_a_request_waits_for_an_admin_who_approves_or_rejects_it(market, api):
    seller = market.seller()
    brief = b"%PDF-1.4 my bakery brief"
    upload = api.upload(market.buyer, "request_attachment", brief, "brief.pdf", "application/pdf")
    posted = market.post(files=[upload])
    assert (posted["status"], posted["attachment"]["size"]) == ("pending", len(brief))
    assert posted["attachment"]["upload_id"] == upload and "key" not in posted["attachment"]
    assert market.mine()[posted["id"]]["status"] == "pending"
    refused(api.get("/v1/admin/requests", as_=seller), 403, "forbidden")
    assert posted["id"] in market.pending()

    approved = ok(api.post(f"/v1/admin/requests/{posted['id']}/approve", as_=market.admin))
    assert approved["status"] == "active"
    market.sees(seller, posted["id"])

    other = market.post()
    rejected = ok(
        api.post(
            f"/v1/admin/requests/{other['id']}/reject",
            as_=market.admin,
            json={"reason": "Please describe the logo you want"},
        )
    )
    assert market.mine()[other["id"]]["rejection_reason"] == "Please describe the logo you want"
    assert rejected["status"] == "not_approved"
    refused(
        api.post(f"/v1/admin/requests/{other['id']}/approve", as_=market.admin), 409, "conflict"
    )


def test_r1_bad_requests_are_refused_with_details(market, api):
    # what OpenAPI states is a 400; what the category tree refuses is a 422 (issue 15, item 8)
    for changes, field, status, code in [
        ({"subcategory": "no-such-thing"}, "subcategory", 422, "rule_violation"),
        ({"criteria": {"style": "baroque"}}, "criteria", 422, "rule_violation"),
        ({"delivery_days": 45}, "delivery_days", 400, "invalid_input"),
    ]:
        error = refused(
            api.post("/v1/requests", as_=market.buyer, json=request_body(**changes)), status, code
        )
        assert field in error["details"], changes
    huge = {"use": "request_attachment", "name": "a.mov", "content_type": "video/mp4"}
    refused(  # R1: 30 MB, when the upload is declared
        api.post("/v1/uploads", as_=market.buyer, json={**huge, "size": 30 * 1024 * 1024 + 1}),
        422,
        "rule_violation",
    )
    theirs = api.upload(market.seller(), "request_attachment", b"%PDF-1.4", "b.pdf")
    refused(  # someone else's upload
        api.post("/v1/requests", as_=market.buyer, json=request_body(files=[theirs])),
        403,
        "forbidden",
    )


def test_r3_r4_never_edited_paused_resumed_boosted_once_and_deleted(market, api):
    seller = market.seller()
    older = market.approved()
    newer = market.approved(buyer=api.sign_up(market.unique("buyer")))
    market.sees(seller, older["id"])
    eventually(
        lambda: _assert(
            market.open_for(seller).index(newer["id"]) < market.open_for(seller).index(older["id"])
        )
    )
    assert (
        api.patch(
            f"/v1/requests/{older['id']}", as_=market.buyer, json={"description": "changed"}
        ).status_code
        == 405
    )  # R3

    path = f"/v1/requests/{older['id']}"
    refused(api.post(f"{path}/pause", as_=seller), 403, "forbidden")
    assert ok(api.post(f"{path}/pause", as_=market.buyer))["status"] == "paused"
    assert older["id"] not in market.open_for(seller)
    market.offer(seller, older["id"], status=409)
    assert ok(api.post(f"{path}/resume", as_=market.buyer))["status"] == "active"

    boosted = ok(api.post(f"{path}/boost", as_=market.buyer))
    assert boosted["boosted"] is True
    listed = market.open_for(seller)
    assert listed.index(older["id"]) < listed.index(newer["id"])  # back on top
    refused(api.post(f"{path}/boost", as_=market.buyer), 409, "conflict")

    assert api.request("DELETE", path, as_=market.buyer).status_code == 204
    assert older["id"] not in market.mine()
    assert older["id"] not in market.open_for(seller)


def test_r5_a_request_expires_after_14_days_without_a_new_offer_or_boost(market, api):
    seller = market.seller()
    idle, busy = market.approved(), market.approved()
    market.sees(seller, busy["id"])
    market.advance(13)
    market.offer(seller, busy["id"])  # activity on day 13
    market.advance(2)  # day 15
    mine = market.mine()
    assert (mine[idle["id"]]["status"], mine[busy["id"]]["status"]) == ("expired", "active")
    assert idle["id"] not in market.open_for(market.seller())
    market.advance(13)  # day 28: 15 days after the offer
    assert market.mine()[busy["id"]]["status"] == "expired"
    refused(api.post(f"/v1/requests/{busy['id']}/boost", as_=market.buyer), 409, "conflict")


def test_c10_r6_a_seller_with_no_active_gig_cannot_offer(market, api):
    request = market.approved()
    gigless = market.seller(gig=False)
    assert market.open_for(gigless) == []
    error = refused(
        api.post(f"/v1/requests/{request['id']}/offers", as_=gigless, json=offer_body()),
        409,
        "conflict",
    )
    assert "C10" in error["message"]


def test_r6_the_sixth_offer_is_refused_and_a_declined_request_is_gone_for_that_seller(market, api):
    request = market.approved()
    sellers = [market.seller() for _ in range(7)]
    for seller in sellers:
        market.sees(seller, request["id"])
    decliner = sellers.pop()
    assert api.post(f"/v1/requests/{request['id']}/decline", as_=decliner).status_code == 204
    assert request["id"] not in market.open_for(decliner)
    refused(
        api.post(f"/v1/requests/{request['id']}/offers", as_=decliner, json=offer_body()),
        404,
        "not_found",
    )

    for n, seller in enumerate(sellers[:5]):
        market.offer(seller, request["id"], price=3000 + 500 * n)
    error = refused(
        api.post(f"/v1/requests/{request['id']}/offers", as_=sellers[5], json=offer_body()),
        409,
        "conflict",
    )
    assert "5 offers" in error["message"]
    assert request["id"] not in market.open_for(sellers[5])
    assert market.mine()[request["id"]]["offer_count"] == 5
    assert request["id"] not in market.open_for(decliner)  # for good


def test_r7_the_buyer_counts_sorts_and_removes_offers(market, api):
    request = market.approved()
    terms = [(6000, 2), (2000, 9), (4000, 5)]
    sellers = [market.seller() for _ in terms]
    made = []
    for seller, (price, days) in zip(sellers, terms, strict=False):
        market.sees(seller, request["id"])
        made.append(market.offer(seller, request["id"], price=price, delivery_days=days)["id"])
    assert market.mine()[request["id"]]["offer_count"] == 3
    assert ids(market.offers(request["id"], "date")) == made[::-1]
    assert ids(market.offers(request["id"], "price")) == [made[1], made[2], made[0]]
    assert ids(market.offers(request["id"], "delivery_time")) == [made[0], made[2], made[1]]
    assert market.offers(request["id"])["results"][0]["seller"] == sellers[2].username
    refused(api.get(f"/v1/requests/{request['id']}/offers", as_=sellers[0]), 403, "forbidden")
    refused(
        api.get(f"/v1/requests/{request['id']}/offers", as_=market.buyer, params={"sort": "mood"}),
        400,
        "invalid_input",
    )

    removed = api.request(
        "DELETE", f"/v1/requests/{request['id']}/offers/{made[1]}", as_=market.buyer
    )
    assert removed.status_code == 204
    assert ids(market.offers(request["id"], "price")) == [made[2], made[0]]
    assert market.mine()[request["id"]]["offer_count"] == 3  # three arrived (R7)


def test_r7_ordering_an_offer_places_an_order_at_its_price_and_delivery_days(market, api):
    request = market.approved()
    seller = market.seller()
    market.sees(seller, request["id"])
    offer = market.offer(seller, request["id"], price=4500, delivery_days=4)
    intruder = api.sign_up(market.unique("buyer"))
    refused(api.post(f"/v1/offers/{offer['id']}/order", as_=intruder, json={}), 403, "forbidden")

    card = market.card(market.buyer)
    order = ok(
        api.post(
            f"/v1/offers/{offer['id']}/order",
            as_=market.buyer,
            json={"payment_method_id": card},
            headers={"Idempotency-Key": f"offer-{offer['id']}"},
        ),
        201,
    )
    assert (order["price"], order["delivery_days"]) == (usd(4500), 4)
    assert order["status"] == "incomplete"
    at_once = api.post(
        f"/v1/offers/{offer['id']}/order",
        as_=market.buyer,  # another key,
        json={"payment_method_id": card},  # before requests
        headers={"Idempotency-Key": "another-key"},
    )  # heard of it
    refused(at_once, 409, "conflict")
    eventually(lambda: _assert(market.offers(request["id"])["results"][0]["status"] == "ordered"))
    assert market.mine()[request["id"]]["status"] == "ordered"  # it found its seller
    assert request["id"] not in market.open_for(market.seller())
    again = api.post(
        f"/v1/offers/{offer['id']}/order", as_=market.buyer, json={"payment_method_id": card}
    )
    refused(again, 409, "conflict")


def test_q1_q3_a_buyer_asks_a_seller_for_a_quote_only_the_seller_answers(market, api):
    seller, other = market.seller(), market.seller()
    path = f"/v1/sellers/{seller.username}/quote-requests"
    brief = api.upload(market.buyer, "quote_attachment", b"%PDF brief", "brief.pdf")
    quote = eventually(
        lambda: ok(
            api.post(
                path,
                as_=market.buyer,
                json={
                    "description": "A mascot for my football club",
                    "category": "graphics-design",
                    "subcategory": "logo-design",
                    "criteria": {"style": "vintage"},
                    "delivery_days": 5,
                    "files": [brief],
                },
            ),
            201,
        )
    )
    assert (quote["status"], quote["seller"], quote["budget"]) == ("open", seller.username, None)
    assert [a["upload_id"] for a in quote["attachments"]] == [brief]
    received = ok(api.get("/v1/quote-requests", as_=seller, params={"role": "seller"}))
    assert ids(received) == [quote["id"]]

    # Q3: a seller answers only what they were asked; there is no way to cold-contact a buyer
    error = refused(
        api.post(f"/v1/quote-requests/{quote['id']}/custom-offers", as_=other, json=offer_body()),
        403,
        "forbidden",
    )
    assert "Q3" in error["message"]
    offer = ok(
        api.post(
            f"/v1/quote-requests/{quote['id']}/custom-offers",
            as_=seller,
            json=offer_body(7000, 5, expires_in_days=3),
        ),
        201,
    )
    assert offer["status"] == "sent"
    refused(api.post(f"/v1/custom-offers/{offer['id']}/decline", as_=other), 403, "forbidden")
    assert (
        ok(api.post(f"/v1/custom-offers/{offer['id']}/decline", as_=market.buyer))["status"]
        == "declined"
    )
    assert ok(api.get("/v1/quote-requests", as_=market.buyer))["results"][0]["status"] == "declined"


def test_q1_c10_refused_when_the_seller_turned_quotes_off_or_has_no_active_gig(market, api):
    body = {
        "description": "A logo",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "delivery_days": 3,
    }
    closed = market.seller()
    ok(api.patch("/v1/me", as_=closed, json={"accepts_quotes": False}))
    eventually(
        lambda: _assert(
            "Q1"
            in refused(
                api.post(
                    f"/v1/sellers/{closed.username}/quote-requests", as_=market.buyer, json=body
                ),
                409,
                "conflict",
            )["message"]
        )
    )
    gigless = market.seller(gig=False)
    eventually(
        lambda: _assert(
            "C10"
            in refused(
                api.post(
                    f"/v1/sellers/{gigless.username}/quote-requests", as_=market.buyer, json=body
                ),
                409,
                "conflict",
            )["message"]
        )
    )


def test_q2_ordering_a_custom_offer_places_an_order_at_its_terms(market, api):
    seller = market.seller()
    quote = eventually(
        lambda: ok(
            api.post(
                f"/v1/sellers/{seller.username}/quote-requests",
                as_=market.buyer,
                json={
                    "description": "Business cards",
                    "category": "graphics-design",
                    "subcategory": "logo-design",
                    "delivery_days": 7,
                    "budget": usd(8000),
                },
            ),
            201,
        )
    )
    offer = ok(
        api.post(
            f"/v1/quote-requests/{quote['id']}/custom-offers", as_=seller, json=offer_body(7500, 6)
        ),
        201,
    )
    card = market.card(market.buyer)
    order = ok(
        api.post(
            f"/v1/custom-offers/{offer['id']}/order",
            as_=market.buyer,
            json={"payment_method_id": card},
        ),
        201,
    )
    assert (order["price"], order["delivery_days"]) == (usd(7500), 6)
    eventually(
        lambda: _assert(
            ok(api.get("/v1/quote-requests", as_=market.buyer))["results"][0]["status"] == "ordered"
        )
    )
