"""The life of an order through the gateway, with the real broker, scheduler and payments,
and the platform clock moved forward (O1-O15, with P2-P5 where money moves)."""

import uuid
from datetime import datetime, timedelta

import pytest

from tests.support import eventually, gig_body

HOUR, DAY = 3600, 86400
PRICE, EXTRA = 2500, 1000  # the basic package and the "Source files" extra
TOTAL = PRICE + 138 + 300  # P2: price + 5.5% + $3 under $100


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


class Market:
    """A seller with a gig, a buyer with a card, the admin; and the actions of an order."""

    def __init__(self, api, unique, system, **gig):
        self.api = api
        self.seller, self.buyer = api.sign_up(unique("seller")), api.sign_up(unique("buyer"))
        self.admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
        for person in (self.seller, self.buyer):  # ledger accounts open on user_signed_up
            eventually(
                lambda p=person: self._assert(api.get("/v1/me/balance", as_=p).status_code == 200)
            )
        self.gig = ok(api.post("/v1/gigs", as_=self.seller, json=gig_body(**gig)), 201)
        self.card = ok(
            api.post(
                "/v1/me/payment-methods", as_=self.buyer, json={"card_number": "4242424242424242"}
            ),
            201,
        )["id"]

    @staticmethod
    def _assert(condition):
        assert condition

    def place(self, key=None, status=201, **body):
        headers = {"Idempotency-Key": key} if key else {}
        body = {
            "gig_id": self.gig["id"],
            "package": "basic",
            "payment_method_id": self.card,
            **body,
        }
        return ok(self.api.post("/v1/orders", as_=self.buyer, json=body, headers=headers), status)

    def file(self, name="logo.png", data=b"\x89PNG logo", use="delivery", as_=None):
        """The id of the seller's upload of a delivered file (API.md "Files")."""
        return self.api.upload(as_ or self.seller, use, data, name, "image/png")

    def post(self, order, path, as_, status=200, **body):
        return ok(self.api.post(f"/v1/orders/{order['id']}{path}", as_=as_, json=body), status)

    def started(self, **body):
        order = self.place(**body)
        return self.post(order, "/requirements", self.buyer, text="A round, blue logo")

    def delivered(self):
        order = self.started()
        return self.post(
            order, "/deliveries", self.seller, 201, message="Here it is", files=[self.file()]
        )["order"]

    def order(self, order, as_=None):
        return ok(self.api.get(f"/v1/orders/{order['id']}", as_=as_ or self.buyer))

    def advance(self, seconds):
        return ok(
            self.api.post("/v1/admin/clock/advance", as_=self.admin, json={"seconds": seconds})
        )

    def balance(self, person):
        return {k: v["amount"] for k, v in ok(self.api.get("/v1/me/balance", as_=person)).items()}

    def status_becomes(self, order, status):
        return eventually(lambda: self._assert(self.order(order)["status"] == status))


@pytest.fixture
def market(api, unique, system):
    return Market(api, unique, system)


def test_o1_order_takes_the_catalog_price_and_days_with_extras(market):
    order = market.place(extras=["Source files"])
    assert order["status"] == "incomplete" and order["due_at"] is None
    assert order["price"] == usd(PRICE + EXTRA) and order["delivery_days"] == 3
    assert order["source"] == {"kind": "gig", "id": market.gig["id"]}
    assert (order["buyer"]["username"], order["seller"]["username"]) == (
        market.buyer.username,
        market.seller.username,
    )


def test_o1_p2_p7_a_retry_with_the_same_idempotency_key_returns_the_order_and_pays_once(
    market, api
):
    refunded = market.started()  # a refund gives the buyer a balance to pay from
    opened = market.post(
        refunded,
        "/cancellation-requests",
        market.seller,
        201,
        reason="cannot_complete",
        explanation="Overbooked",
    )
    market.post(
        refunded,
        f"/cancellation-requests/{opened['cancellation_requests'][0]['id']}/accept",
        market.buyer,
    )
    eventually(lambda: market._assert(market.balance(market.buyer)["buyer_balance"] == TOTAL))

    key = str(uuid.uuid4())
    order = market.place(key=key, payment_method_id=None)
    again = market.place(key=key, payment_method_id=None)
    assert again["id"] == order["id"]
    assert market.balance(market.buyer)["buyer_balance"] == 0
    payments = [
        t
        for t in ok(api.get("/v1/me/transactions", as_=market.buyer))["results"]
        if t["cause_type"] == "order_payment"
    ]
    assert [t["cause_id"] for t in payments] == [order["id"]]
    reused = api.post(
        "/v1/orders",
        as_=market.buyer,
        headers={"Idempotency-Key": key},
        json={"gig_id": market.gig["id"], "package": "premium"},
    )
    assert reused.status_code == 409, reused.text
    assert market.place()["id"] != order["id"]  # a new key is a new order


def test_o1_c1_an_order_is_priced_at_the_gig_s_current_terms(market, api):
    changed = gig_body(price=4000)
    ok(
        api.patch(
            f"/v1/gigs/{market.gig['id']}",
            as_=market.seller,
            json={"packages": changed["packages"]},
        )
    )
    eventually(lambda: market._assert(market.place()["price"] == usd(4000)))
    ok(api.patch(f"/v1/gigs/{market.gig['id']}", as_=market.seller, json={"status": "paused"}))
    eventually(
        lambda: market._assert(
            api.post(
                "/v1/orders",
                as_=market.buyer,
                json={"gig_id": market.gig["id"], "package": "basic"},
            ).status_code
            == 409
        )
    )


def test_o1_terms_come_from_the_catalog_never_from_the_client(market, api):
    priced = api.post(
        "/v1/orders",
        as_=market.buyer,
        json={"gig_id": market.gig["id"], "package": "basic", "price": usd(1)},
    )
    assert priced.status_code == 400 and "price" in priced.json()["error"]["details"]
    unknown = api.post(
        "/v1/orders",
        as_=market.buyer,
        json={"gig_id": market.gig["id"], "package": "basic", "extras": ["Free lunch"]},
    )
    assert unknown.status_code == 400, unknown.text
    own = api.post(
        "/v1/orders", as_=market.seller, json={"gig_id": market.gig["id"], "package": "basic"}
    )
    assert own.status_code == 422, own.text


def test_o1_p2_a_declined_card_is_402_and_places_no_order(market, api):
    declined = ok(
        api.post(
            "/v1/me/payment-methods", as_=market.buyer, json={"card_number": "4000000000000002"}
        ),
        201,
    )["id"]
    response = api.post(
        "/v1/orders",
        as_=market.buyer,
        json={"gig_id": market.gig["id"], "package": "basic", "payment_method_id": declined},
    )
    assert response.status_code == 402, response.text
    assert ok(api.get("/v1/orders?role=buyer", as_=market.buyer))["results"] == []
    assert market.balance(market.buyer)["buyer_balance"] == 0


def test_o1_o2_requirements_start_the_order_the_seller_reminds_or_skips(market):
    order = market.place()
    reminded = market.post(order, "/requirement-reminders", market.seller)
    assert reminded["status"] == "incomplete"
    assert reminded["timeline"][-1]["action"] == "remind_requirements"
    market.post(order, "/requirements", market.seller, 403, text="Not mine to give")
    started = market.post(order, "/requirements", market.buyer, text="Blue")
    assert started["status"] == "in_progress" and started["requirements"] == "Blue"
    assert 3 * DAY - 5 < started["time_left_seconds"] <= 3 * DAY  # O2: start + 3 days
    skipped = market.post(market.place(), "/skip-requirements", market.seller)
    assert skipped["status"] == "in_progress" and skipped["due_at"]


def test_o3_delivery_needs_files_or_a_confirmation_files_at_most_1gb_drafts_sent_later(market):
    order = market.started()
    market.post(order, "/deliveries", market.seller, 422, message="Nothing attached")
    huge = market.api.post(  # the 1 GB bound, when the upload is declared
        "/v1/uploads",
        as_=market.seller,
        json={"use": "delivery", "name": "a.mov", "content_type": "video/mp4", "size": 1024**3 + 1},
    )
    assert huge.status_code in (400, 422) and "size" in huge.json()["error"]["details"], huge.text
    theirs = market.file(as_=market.buyer)  # the buyer's upload is not the seller's delivery
    market.post(order, "/deliveries", market.seller, 403, message="Not mine", files=[theirs])
    logo = market.file()
    draft = market.post(
        order, "/deliveries", market.seller, 201, message="Almost", files=[logo], draft=True
    )
    assert draft["order"]["status"] == "in_progress" and draft["delivery"]["draft"]
    assert market.order(order)["deliveries"] == []  # the buyer sees no draft
    market.post(order, "/deliveries", market.seller, 409, message="Again", files=[logo])
    sent = market.post(order, f"/deliveries/{draft['delivery']['id']}/send", market.seller)
    assert sent["order"]["status"] == "delivered"
    delivery = market.order(order)["deliveries"][0]
    assert delivery["files"][0]["name"] == "logo.png" and delivery["files"][0]["size"] == 9
    assert delivery["files"][0]["upload_id"] == logo and "key" not in delivery["files"][0]
    url = f"/v1/orders/{order['id']}/deliveries/{delivery['id']}/files/logo.png"
    link = market.api.get(url, as_=market.buyer, allow_redirects=False)
    assert link.status_code == 302 and link.headers["Cache-Control"] == "no-store"
    download = market.api.get(url, as_=market.buyer)
    assert download.status_code == 200 and download.content == b"\x89PNG logo"
    assert download.headers["Content-Type"] == "image/png"
    stranger = market.api.sign_up(f"stranger{uuid.uuid4().hex[:8]}")
    assert market.api.get(url, as_=stranger, allow_redirects=False).status_code == 404  # A2
    assert (
        market.api.get(
            f"/v1/orders/{order['id']}/deliveries/{delivery['id']}/files/other.png",
            as_=market.buyer,
        ).status_code
        == 404
    )
    again = market.started()
    confirmed = market.post(
        again, "/deliveries", market.seller, 201, message="Done by mail", confirm_no_files=True
    )
    assert confirmed["order"]["status"] == "delivered"


def test_o4_o10_o15_p3_delivered_order_completes_after_3_days_earnings_clear_14_days_later(market):
    order = market.delivered()
    market.advance(3 * DAY - HOUR)
    assert market.order(order)["status"] == "delivered"
    market.advance(2 * HOUR)
    market.status_becomes(order, "completed")
    eventually(lambda: market._assert(market.balance(market.seller)["pending_clearance"] == 2000))
    eventually(
        lambda: market._assert(  # O15
            market.order(order, market.seller)["earnings"] == usd(2000)
        )
    )
    assert market.order(order)["earnings"] is None  # the seller's only
    market.advance(14 * DAY)
    eventually(lambda: market._assert(market.balance(market.seller)["available"] == 2000))


def test_o4_the_buyer_extends_the_review_period_and_it_completes_later(market):
    order = market.delivered()
    market.post(order, "/review-period-extensions", market.buyer, 400, days=6)
    market.post(order, "/review-period-extensions", market.buyer, days=5)
    market.advance(3 * DAY + HOUR)
    assert market.order(order)["status"] == "delivered"
    market.advance(5 * DAY)
    market.status_becomes(order, "completed")


def test_o10_the_buyer_accepts_the_delivery(market):
    order = market.delivered()
    market.post(order, "/acceptance", market.seller, 403)
    completed = market.post(order, "/acceptance", market.buyer)
    assert completed["status"] == "completed" and completed["completed_at"]
    eventually(lambda: market._assert(market.balance(market.seller)["pending_clearance"] == 2000))


def test_o5_revisions_move_to_in_revision_and_are_bounded_by_the_package(market):
    order = market.delivered()
    revised = market.post(order, "/revision-requests", market.buyer, description="Bigger text")
    assert revised["status"] == "in_revision" and revised["revisions_used"] == 1
    redelivered = market.post(
        order, "/deliveries", market.seller, 201, message="Bigger", files=[market.file()]
    )
    assert redelivered["order"]["status"] == "delivered"
    refused = market.api.post(
        f"/v1/orders/{order['id']}/revision-requests",
        as_=market.buyer,
        json={"description": "Again"},
    )
    assert refused.status_code == 422 and "O5" in refused.json()["error"]["message"]


def test_o6_an_unanswered_extension_request_is_accepted_after_48_hours(market):
    order = market.started()
    due = market.order(order)["due_at"]
    asked = market.post(
        order,
        "/extension-requests",
        market.seller,
        201,
        days=2,
        message="The client changed the brief",
    )
    request = asked["extension_requests"][0]
    market.post(order, f"/extension-requests/{request['id']}/accept", market.seller, 403)
    market.advance(48 * HOUR + 60)
    eventually(
        lambda: market._assert(market.order(order)["extension_requests"][0]["state"] == "accepted")
    )
    page = market.order(order)
    assert page["due_at"] > due and page["status"] == "in_progress"


def test_o6_a_declined_extension_leaves_the_due_date(market):
    order = market.started()
    due = market.order(order)["due_at"]
    asked = market.post(order, "/extension-requests", market.seller, 201, days=2, message="Busy")
    request = asked["extension_requests"][0]
    declined = market.post(order, f"/extension-requests/{request['id']}/decline", market.buyer)
    assert declined["due_at"] == due
    assert declined["extension_requests"][0]["state"] == "declined"
    market.post(order, f"/extension-requests/{request['id']}/accept", market.buyer, 409)


def test_o7_added_time_goes_back_in_progress_counting_from_the_original_due_time(market):
    order = market.delivered()
    due = market.order(order)["due_at"]
    market.advance(DAY)
    added = market.post(order, "/extras", market.seller, days=2, note="A second concept")
    assert added["status"] == "in_progress" and added["delivery_days"] == 5
    assert datetime.fromisoformat(added["due_at"]) == datetime.fromisoformat(due) + timedelta(
        days=2
    )


def test_o7_p2_paid_extras_are_added_when_the_buyer_pays_for_them(market, api):
    order = market.delivered()
    due = market.order(order)["due_at"]
    offered = market.post(
        order, "/extras", market.seller, days=1, price=usd(1500), description="A favicon set"
    )
    assert offered["status"] == "delivered"  # nothing changes until paid
    extra = offered["extra_offers"][0]
    market.post(order, f"/extras/{extra['id']}/accept", market.seller, 403)
    accepted = market.post(
        order, f"/extras/{extra['id']}/accept", market.buyer, payment_method_id=market.card
    )
    assert accepted["status"] == "in_progress" and accepted["price"] == usd(PRICE + 1500)
    assert datetime.fromisoformat(accepted["due_at"]) == datetime.fromisoformat(due) + timedelta(
        days=1
    )
    market.post(order, f"/extras/{extra['id']}/accept", market.buyer, 409)  # paid once
    declined = market.post(order, "/extras", market.seller, price=usd(500), description="Rush")[
        "extra_offers"
    ][-1]
    assert (
        market.post(order, f"/extras/{declined['id']}/decline", market.buyer)["extra_offers"][-1][
            "state"
        ]
        == "declined"
    )
    market.post(
        order, "/deliveries", market.seller, 201, message="With favicons", files=[market.file()]
    )
    market.post(order, "/acceptance", market.buyer)
    eventually(
        lambda: market._assert(  # 20% of 2500 + 1500 kept
            market.balance(market.seller)["pending_clearance"] == 3200
        )
    )


def test_o8_p4_a_very_late_order_cancelled_by_the_buyer_refunds_the_balance(market):
    order = market.started()
    market.post(order, "/cancel", market.buyer, 409)  # not very late yet
    market.advance(3 * DAY + 60)
    market.status_becomes(order, "late")
    assert market.order(order)["time_left_seconds"] < 0
    market.post(order, "/cancel", market.buyer, 409)  # late is not enough
    market.advance(DAY)
    market.status_becomes(order, "very_late")
    cancelled = market.post(order, "/cancel", market.buyer, explanation="No news from the seller")
    assert cancelled["status"] == "cancelled" and cancelled["cancellation_reason"] == "very_late"
    eventually(lambda: market._assert(market.balance(market.buyer)["buyer_balance"] == TOTAL))


def test_o9_an_unanswered_mutual_cancellation_cancels_after_2_days(market):
    order = market.started()
    opened = market.post(
        order,
        "/cancellation-requests",
        market.buyer,
        201,
        reason="order_placed_by_mistake",
        explanation="Wrong gig",
    )
    assert opened["status"] == "in_dispute"
    request = opened["cancellation_requests"][0]
    market.post(order, f"/cancellation-requests/{request['id']}/accept", market.buyer, 403)
    market.advance(2 * DAY + 60)
    market.status_becomes(order, "cancelled")
    eventually(lambda: market._assert(market.balance(market.buyer)["buyer_balance"] == TOTAL))


def test_o9_the_other_party_accepts_or_declines_and_the_opener_withdraws(market):
    order = market.delivered()
    opened = market.post(
        order,
        "/cancellation-requests",
        market.seller,
        201,
        reason="cannot_complete",
        explanation="Sorry",
    )
    first = opened["cancellation_requests"][0]
    withdrawn = market.post(order, f"/cancellation-requests/{first['id']}/withdraw", market.seller)
    assert withdrawn["status"] == "delivered"
    again = market.post(
        order,
        "/cancellation-requests",
        market.buyer,
        201,
        reason="work_not_as_described",
        explanation="Not what I asked",
    )
    second = again["cancellation_requests"][-1]
    declined = market.post(order, f"/cancellation-requests/{second['id']}/decline", market.seller)
    assert declined["status"] == "delivered"
    third = market.post(
        order,
        "/cancellation-requests",
        market.buyer,
        201,
        reason="other",
        explanation="Let us part",
    )["cancellation_requests"][-1]
    accepted = market.post(order, f"/cancellation-requests/{third['id']}/accept", market.seller)
    assert accepted["status"] == "cancelled"


def test_o10_o11_p5_a_completed_order_is_cancelled_only_by_support_within_14_days(market, api):
    order = market.delivered()
    market.post(order, "/acceptance", market.buyer)
    market.post(
        order,
        "/cancellation-requests",
        market.buyer,
        409,
        reason="other",
        explanation="Too late for this",
    )
    market.post(order, "/cancel", market.buyer, 409)
    evidence = {"evidence": "The delivered file is empty; see the attached chat log."}
    assert (
        api.post(
            f"/v1/admin/orders/{order['id']}/cancel", as_=market.buyer, json=evidence
        ).status_code
        == 403
    )
    eventually(lambda: market._assert(market.balance(market.seller)["pending_clearance"] == 2000))
    cancelled = ok(
        api.post(f"/v1/admin/orders/{order['id']}/cancel", as_=market.admin, json=evidence)
    )
    assert cancelled["status"] == "cancelled" and cancelled["cancellation_reason"] == "support"
    assert market.balance(market.buyer)["buyer_balance"] == TOTAL
    assert market.balance(market.seller)["pending_clearance"] == 0

    late = market.delivered()
    market.post(late, "/acceptance", market.buyer)
    market.advance(15 * DAY)
    refused = api.post(f"/v1/admin/orders/{late['id']}/cancel", as_=market.admin, json=evidence)
    assert refused.status_code == 409 and "14 days" in refused.json()["error"]["message"]


def test_o12_a_cancelled_order_is_never_reactivated(market):
    order = market.started()
    opened = market.post(
        order,
        "/cancellation-requests",
        market.seller,
        201,
        reason="cannot_complete",
        explanation="Overbooked",
    )
    request = opened["cancellation_requests"][0]
    market.post(order, f"/cancellation-requests/{request['id']}/accept", market.buyer)
    for path, who, body in [
        ("/deliveries", market.seller, {"message": "m", "confirm_no_files": True}),
        ("/requirements", market.buyer, {"text": "t"}),
        ("/extras", market.seller, {"days": 1}),
    ]:
        response = market.api.post(f"/v1/orders/{order['id']}{path}", as_=who, json=body)
        assert response.status_code == 409, (path, response.text)
        assert response.json()["error"]["details"]["status"] == "cancelled"


def test_o13_lists_filter_by_role_and_stars(market, api):
    incomplete, started, delivered = market.place(), market.started(), market.delivered()

    def ids(person, query):
        return [o["id"] for o in ok(api.get(f"/v1/orders?{query}", as_=person))["results"]]

    assert ids(market.buyer, "role=buyer") == [delivered["id"], started["id"], incomplete["id"]]
    assert ids(market.buyer, "role=buyer&filter=priority") == [delivered["id"], incomplete["id"]]
    assert ids(market.seller, "role=seller&filter=priority") == [started["id"]]
    assert ids(market.seller, "role=seller&filter=awaiting_requirements") == [incomplete["id"]]
    assert ids(market.seller, "role=seller&filter=new") == [started["id"]]
    assert ids(market.buyer, "role=buyer&filter=delivered") == [delivered["id"]]
    assert ids(market.buyer, "role=seller") == []
    # a seller's list asked as a buyer: every name is in OpenAPI's enum, so 422 (issue 15, item 8)
    assert api.get("/v1/orders?role=buyer&filter=new", as_=market.buyer).status_code == 422
    assert ok(api.request("PUT", f"/v1/orders/{started['id']}/star", as_=market.buyer))["starred"]
    assert ids(market.buyer, "role=buyer&filter=starred") == [started["id"]]
    assert ids(market.seller, "role=seller&filter=starred") == []  # stars are one's own
    api.request("DELETE", f"/v1/orders/{started['id']}/star", as_=market.buyer)
    assert ids(market.buyer, "role=buyer&filter=starred") == []
    first = ok(api.get("/v1/orders?role=buyer&limit=2", as_=market.buyer))
    rest = ok(
        api.get(f"/v1/orders?role=buyer&limit=2&cursor={first['next_cursor']}", as_=market.buyer)
    )
    assert [o["id"] for o in first["results"] + rest["results"]] == ids(market.buyer, "role=buyer")


def test_o14_a2_the_timeline_and_messages_belong_to_the_two_parties(market, api, unique):
    order = market.delivered()
    page = market.order(order)
    assert [(e["actor"], e["action"], e["status"]) for e in page["timeline"]] == [
        ("buyer", "place_order", "incomplete"),
        ("buyer", "submit_requirements", "in_progress"),
        ("seller", "deliver", "delivered"),
    ]
    market.post(order, "/messages", market.buyer, 201, text="Thanks! Looks great.")
    market.post(order, "/messages", market.seller, 201, text="Glad you like it.")
    messages = ok(api.get(f"/v1/orders/{order['id']}/messages", as_=market.seller))["results"]
    assert [(m["sender"], m["text"]) for m in messages] == [
        ("buyer", "Thanks! Looks great."),
        ("seller", "Glad you like it."),
    ]
    stranger = api.sign_up(unique("nosy"))
    assert api.get(f"/v1/orders/{order['id']}", as_=stranger).status_code == 404
    assert api.get(f"/v1/orders/{order['id']}/messages", as_=stranger).status_code == 404
    assert api.post(f"/v1/orders/{order['id']}/acceptance", as_=stranger).status_code == 404


def test_o14_a_message_on_the_order_carries_files_only_its_parties_read(market, api, unique):
    order = market.delivered()
    brief = market.file(
        "notes.txt", b"one more idea", use="order_message_attachment", as_=market.buyer
    )
    posted = market.post(order, "/messages", market.buyer, 201, text="See", files=[brief])
    assert [(f["upload_id"], f["name"], f["size"]) for f in posted["files"]] == [
        (brief, "notes.txt", 13)
    ]
    url = f"/v1/orders/{order['id']}/messages/{posted['id']}/files/{brief}"
    assert api.get(url, as_=market.seller).content == b"one more idea"
    assert api.get(url, as_=api.sign_up(unique("nosy")), allow_redirects=False).status_code == 404
    again = api.post(
        f"/v1/orders/{order['id']}/messages", as_=market.buyer, json={"text": "x", "files": [brief]}
    )
    assert again.status_code == 409  # one upload, one message


def test_o15_the_order_page_shows_time_left_and_what_each_party_may_do(market):
    order = market.started()
    page = market.order(order, market.seller)
    assert 0 < page["time_left_seconds"] <= 3 * DAY
    assert "deliver" in page["allowed_actions"] and "accept_delivery" not in page["allowed_actions"]
    assert set(page["deadlines"]) == {"due"}
