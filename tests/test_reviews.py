"""Reviews, ratings, moderation, invitations and tips through the gateway, with the real
broker, orders, payments and scheduler, and the platform clock moved forward
(V1-V8, T1-T3)."""

import uuid

import pytest

from tests.support import eventually, gig_body

HOUR, DAY = 3600, 86400
PRICE = 2500  # the basic package
ORDER_TOTAL = PRICE + 138 + 300  # P2: price + 5.5% + $3 under $100
EARNINGS = 2000  # P3: the price less 20%


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def until(condition):
    """Wait for an asynchronous effect (an event handled elsewhere): `condition()` true."""

    def check():
        value = condition()
        assert value, value
        return value

    return eventually(check)


def refused(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]["message"]


def buyer_review(**overrides):
    return {
        "communication": 5,
        "service_as_described": 4,
        "recommend": 5,
        "text": "Clean work, fast answers.",
        **overrides,
    }


class Shop:
    """A seller with a gig, the admin, buyers with cards; orders taken to where a test
    needs them, and the reviews, tips and clock of those orders."""

    def __init__(self, api, unique, system):
        self.api, self.unique = api, unique
        self.seller = api.sign_up(unique("seller"))
        self.admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
        self.gig = ok(api.post("/v1/gigs", as_=self.seller, json=gig_body()), 201)

    def buyer(self):
        buyer = self.api.sign_up(self.unique("buyer"))
        eventually(lambda: ok(self.api.get("/v1/me/balance", as_=buyer)))  # ledger opened
        buyer.card = ok(
            self.api.post(
                "/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"}
            ),
            201,
        )["id"]
        return buyer

    def post(self, order, path, as_, status=200, **body):
        return ok(self.api.post(f"/v1/orders/{order['id']}{path}", as_=as_, json=body), status)

    def started(self, buyer):
        order = ok(
            self.api.post(
                "/v1/orders",
                as_=buyer,
                json={
                    "gig_id": self.gig["id"],
                    "package": "basic",
                    "payment_method_id": buyer.card,
                },
            ),
            201,
        )
        return self.post(order, "/requirements", buyer, text="A round, blue logo")

    def delivered(self, buyer):
        order = self.started(buyer)
        return self.post(
            order, "/deliveries", self.seller, 201, message="Here it is", confirm_no_files=True
        )["order"]

    def completed(self, buyer):
        return self.post(self.delivered(buyer), "/acceptance", buyer)

    def cancelled(self, buyer):
        order = self.started(buyer)
        opened = self.post(
            order,
            "/cancellation-requests",
            self.seller,
            201,
            reason="cannot_complete",
            explanation="Overbooked",
        )
        request = opened["cancellation_requests"][0]["id"]
        return self.post(order, f"/cancellation-requests/{request}/accept", buyer)

    def review(self, order, as_, **body):
        return self.api.post(f"/v1/orders/{order['id']}/reviews", as_=as_, json=body)

    def reviews(self, order, as_):
        return ok(self.api.get(f"/v1/orders/{order['id']}/reviews", as_=as_))

    def published(self, buyer, **scores):
        """A buyer's review made public by the seller's review (V4)."""
        order = self.completed(buyer)
        review = ok(self.review(order, buyer, **buyer_review(**scores)), 201)
        ok(self.review(order, self.seller, rating=5, text="A clear brief"), 201)
        return review

    def public(self, **query):
        return ok(self.api.get(f"/v1/sellers/{self.seller.username}/reviews", params=query))

    def tip(self, order, buyer, amount, key=None, **body):
        headers = {"Idempotency-Key": key} if key else {}
        return self.api.post(
            f"/v1/orders/{order['id']}/tips",
            as_=buyer,
            headers=headers,
            json={"amount": usd(amount), "message": "Thanks!", **body},
        )

    def paid_tip(self, order, buyer, amount, key=None, **body):
        """Payments books a tip once it has booked the order's completion (an event)."""
        return eventually(lambda: ok(self.tip(order, buyer, amount, key, **body), 201))

    def balance(self, person):
        return {k: v["amount"] for k, v in ok(self.api.get("/v1/me/balance", as_=person)).items()}

    def advance(self, seconds):
        return ok(
            self.api.post("/v1/admin/clock/advance", as_=self.admin, json={"seconds": seconds})
        )


@pytest.fixture
def shop(api, unique, system):
    return Shop(api, unique, system)


def a_file(api, buyer, name="sample.png", data=b"\x89PNG the logo"):
    """The id of the buyer's upload of a work sample (API.md "Files")."""
    return api.upload(buyer, "work_sample", data, name, "image/png")


# --- reviews of an order (V1-V5) ----------------------------------------------------------


def test_v1_o10_a_buyer_review_on_a_delivered_order_completes_it(shop, api):
    buyer = shop.buyer()
    order = shop.delivered(buyer)
    error = ok(shop.review(order, buyer, **buyer_review(recommend=6)), 400)["error"]
    assert "recommend" in error["details"]
    assert ok(api.get(f"/v1/orders/{order['id']}", as_=buyer))["status"] == "delivered"
    review = ok(shop.review(order, buyer, **buyer_review(files=[a_file(api, buyer)])), 201)
    assert (
        review["communication"],
        review["service_as_described"],
        review["recommend"],
        review["rating"],
    ) == (5, 4, 5, 4.67)
    assert review["work_sample"]["name"] == "sample.png" and review["status"] == "hidden"
    page = ok(api.get(f"/v1/orders/{order['id']}", as_=buyer))
    assert page["status"] == "completed" and page["timeline"][-1]["action"] == "accept_delivery"
    until(lambda: shop.balance(shop.seller)["pending_clearance"] == EARNINGS)


def test_v2_a_review_is_refused_on_day_11_and_on_cancelled_or_unfinished_orders(shop):
    buyer = shop.buyer()
    day_9, day_11 = shop.completed(buyer), shop.completed(buyer)
    shop.advance(9 * DAY)
    ok(shop.review(day_9, buyer, **buyer_review()), 201)
    shop.advance(2 * DAY)
    assert "10 days" in refused(shop.review(day_11, buyer, **buyer_review()), 409)
    assert not shop.reviews(day_11, buyer)["can_review"]
    cancelled = shop.cancelled(buyer)
    assert "cancelled" in refused(shop.review(cancelled, buyer, **buyer_review()), 409)
    refused(shop.review(shop.started(buyer), buyer, **buyer_review()), 409)


def test_v3_a_posted_review_is_never_edited_or_deleted(shop, api):
    buyer = shop.buyer()
    order = shop.completed(buyer)
    first = ok(shop.review(order, buyer, **buyer_review()), 201)
    assert "V3" in refused(shop.review(order, buyer, **buyer_review(text="Changed")), 409)
    for verb in ("PATCH", "PUT", "DELETE"):
        assert (
            api.request(
                verb, f"/v1/orders/{order['id']}/reviews", as_=buyer, json={"text": "Changed"}
            ).status_code
            == 405
        )
    assert shop.reviews(order, buyer)["buyer_review"] == first


def test_v4_the_buyers_review_is_hidden_from_the_seller_until_the_sellers_review(shop, api, unique):
    buyer = shop.buyer()
    order = shop.completed(buyer)
    assert "V4" in refused(shop.review(order, shop.seller, rating=5, text="First!"), 409)
    ok(shop.review(order, buyer, **buyer_review()), 201)
    seen = shop.reviews(order, shop.seller)
    assert seen["buyer_reviewed"] and seen["buyer_review"] is None and seen["can_review"]
    assert shop.public()["review_count"] == 0  # not public either
    stranger = api.sign_up(unique("nosy"))
    assert api.get(f"/v1/orders/{order['id']}/reviews", as_=stranger).status_code == 404
    ok(shop.review(order, shop.seller, rating=4, text="A clear brief"), 201)
    seen = shop.reviews(order, shop.seller)
    assert seen["buyer_review"]["text"] == "Clean work, fast answers."
    assert shop.reviews(order, buyer)["seller_review"]["rating"] == 4.0
    public = shop.public()
    assert (public["rating"], public["review_count"]) == (4.67, 1)


def test_v4_the_buyers_review_is_revealed_when_the_window_closes(shop):
    buyer = shop.buyer()
    order = shop.completed(buyer)
    ok(shop.review(order, buyer, **buyer_review()), 201)
    shop.advance(10 * DAY + HOUR)
    until(lambda: shop.reviews(order, shop.seller)["buyer_review"])
    seen = shop.reviews(order, shop.seller)
    assert seen["buyer_review"]["status"] == "published" and not seen["window_open"]
    assert "10 days" in refused(shop.review(order, shop.seller, rating=5, text="Late"), 409)
    assert shop.public()["review_count"] == 1


def test_v5_private_feedback_is_never_shown_to_the_seller(shop):
    buyer = shop.buyer()
    order = shop.completed(buyer)
    feedback = {"text": "Slow to answer on weekends"}
    path = f"/v1/orders/{order['id']}/private-feedback"
    refused(shop.api.post(path, as_=buyer, json=feedback), 409)  # after the review (V5)
    ok(shop.review(order, buyer, **buyer_review()), 201)
    refused(shop.api.post(path, as_=shop.seller, json=feedback), 403)
    ok(shop.api.post(path, as_=buyer, json=feedback), 201)
    ok(shop.review(order, shop.seller, rating=5, text="Thanks"), 201)
    assert shop.reviews(order, buyer)["private_feedback"]["text"] == feedback["text"]
    assert shop.reviews(order, shop.seller)["private_feedback"] is None
    assert feedback["text"] not in str(shop.public())


# --- the seller's rating (V6) and moderation (V7) -------------------------------------------


def test_v6_public_reviews_and_the_sellers_rating_with_its_count(shop, api):
    first, second = shop.buyer(), shop.buyer()
    shop.published(first, communication=5, service_as_described=5, recommend=5)
    shop.published(second, communication=2, service_as_described=3, recommend=4)
    public = shop.public()
    assert (public["rating"], public["review_count"]) == (4.0, 2)  # (15 + 9) / 6
    assert [r["buyer"] for r in public["results"]] == [second.username, first.username]
    page = shop.public(limit=1)
    rest = shop.public(limit=1, cursor=page["next_cursor"])
    assert [r["buyer"] for r in page["results"] + rest["results"]] == [
        second.username,
        first.username,
    ]
    assert api.get("/v1/sellers/no-such-seller-here/reviews").status_code == 404


def test_v7_anyone_reports_only_an_admin_removes_and_the_rating_changes(shop, api, unique):
    kept = shop.published(shop.buyer(), communication=5, service_as_described=5, recommend=5)
    bad = shop.published(shop.buyer(), communication=1, service_as_described=1, recommend=1)
    assert (shop.public()["rating"], shop.public()["review_count"]) == (3.0, 2)
    reporter = api.sign_up(unique("reader"))
    report = ok(
        api.post(
            f"/v1/reviews/{bad['id']}/reports",
            as_=reporter,
            json={"reason": "false_statement", "details": "Never ordered"},
        ),
        201,
    )
    refused(
        api.post(f"/v1/reviews/{bad['id']}/reports", as_=reporter, json={"reason": "abuse"}), 409
    )
    refused(api.get("/v1/admin/review-reports", as_=reporter), 403)
    resolve = f"/v1/admin/review-reports/{report['id']}/resolve"
    refused(api.post(resolve, as_=shop.seller, json={"action": "remove_review"}), 403)
    queue = ok(api.get("/v1/admin/review-reports?limit=100", as_=shop.admin))["results"]
    assert report["id"] in [r["id"] for r in queue]
    removed = ok(
        api.post(
            resolve, as_=shop.admin, json={"action": "remove_review", "note": "False statements"}
        )
    )
    assert removed["resolution"] == "removed" and removed["review"]["status"] == "removed"
    public = shop.public()
    assert (public["rating"], public["review_count"]) == (5.0, 1)
    assert [r["id"] for r in public["results"]] == [kept["id"]]
    refused(
        api.post(f"/v1/reviews/{bad['id']}/reports", as_=reporter, json={"reason": "abuse"}), 409
    )


# --- invitations (V8) --------------------------------------------------------------------


def test_v8_a_past_client_is_invited_and_a_withdrawal_blocks_them_for_3_weeks(shop, api):
    client, stranger = shop.buyer(), shop.buyer()
    shop.completed(client)

    def invite(person):
        return api.post(
            "/v1/review-invitations",
            as_=shop.seller,
            json={"client_id": person.id, "message": "Would you review my logo?"},
        )

    refused(invite(stranger), 422)  # never a client of this seller
    invitation = eventually(lambda: ok(invite(client), 201))  # past clients come by event
    assert (invitation["status"], invitation["credits_left"]) == ("sent", 19)
    refused(invite(client), 409)
    withdrawn = ok(
        api.request("DELETE", f"/v1/review-invitations/{invitation['id']}", as_=shop.seller)
    )
    assert (withdrawn["status"], withdrawn["credits_left"]) == ("withdrawn", 20)
    assert "3 weeks" in refused(invite(client), 409)
    mine = ok(api.get("/v1/review-invitations", as_=shop.seller))
    assert mine["credits_left"] == 20 and mine["results"][0]["status"] == "withdrawn"
    shop.advance(20 * DAY)
    refused(invite(client), 409)
    shop.advance(DAY + HOUR)
    assert ok(invite(client), 201)["status"] == "sent"


def test_v8_a_seller_invites_at_most_20_past_clients_at_a_time(shop, api):
    clients = [shop.buyer() for _ in range(21)]
    for client in clients:
        shop.completed(client)

    def invite(person):
        return api.post("/v1/review-invitations", as_=shop.seller, json={"client_id": person.id})

    sent = [eventually(lambda c=client: ok(invite(c), 201)) for client in clients[:20]]
    assert sent[-1]["credits_left"] == 0
    assert "20" in refused(invite(clients[20]), 422)
    ok(api.request("DELETE", f"/v1/review-invitations/{sent[0]['id']}", as_=shop.seller))
    assert ok(invite(clients[20]), 201)["credits_left"] == 0  # the credit came back


# --- tips (T1-T3) ------------------------------------------------------------------------


def test_t1_t2_tips_on_a_completed_order_within_the_bounds_with_a_message(shop, api):
    buyer = shop.buyer()
    order = shop.delivered(buyer)
    refused(shop.tip(order, buyer, 1000), 409)  # not completed yet (T1)
    order = shop.post(order, "/acceptance", buyer)
    options = ok(api.get(f"/v1/orders/{order['id']}/tips", as_=buyer))
    assert [a["amount"] for a in options["suggested_amounts"]] == [500, 1000, 1500]
    assert (options["minimum"], options["maximum"]) == (usd(500), usd(PRICE))
    assert "$5" in refused(shop.tip(order, buyer, 400), 422)  # T2: a tip of $4
    refused(shop.tip(order, buyer, PRICE + 100), 422)  # T2: above the order's price
    refused(shop.tip(order, shop.seller, 1000), 403)
    key = str(uuid.uuid4())
    tip = shop.paid_tip(order, buyer, 1000, key, payment_method_id=buyer.card)
    assert tip["amount"] == usd(1000) and tip["total"] == usd(1000 + 55 + 300)
    assert tip["from_card"] == tip["total"] and tip["message_posted"]
    assert (
        ok(shop.tip(order, buyer, 1000, key, payment_method_id=buyer.card), 201)["tip_id"]
        == tip["tip_id"]
    )  # a retry pays once
    refused(shop.tip(order, buyer, 1000, payment_method_id=buyer.card), 409)  # once per order
    tips = [
        t
        for t in ok(api.get("/v1/me/transactions", as_=shop.seller))["results"]
        if t["cause_type"] == "tip"
    ]
    assert [t["cause_id"] for t in tips] == [tip["tip_id"]]
    messages = ok(api.get(f"/v1/orders/{order['id']}/messages", as_=shop.seller))["results"]
    assert [m["text"] for m in messages] == ["Tip of $10.00: Thanks!"]
    until(lambda: shop.balance(shop.seller)["pending_clearance"] == EARNINGS + 800)


def test_t1_a_tip_on_day_8_is_refused(shop):
    buyer = shop.buyer()
    day_6, day_8 = shop.completed(buyer), shop.completed(buyer)
    shop.advance(6 * DAY)
    shop.paid_tip(day_6, buyer, 500, payment_method_id=buyer.card)
    shop.advance(2 * DAY)
    assert "7 days" in refused(shop.tip(day_8, buyer, 500, payment_method_id=buyer.card), 409)


def test_t3_a_tip_is_taken_from_the_balance_first_then_the_card(shop):
    buyer = shop.buyer()
    first, second = shop.completed(buyer), shop.completed(buyer)
    shop.cancelled(buyer)  # P4: refunded to the balance
    until(lambda: shop.balance(buyer)["buyer_balance"] == ORDER_TOTAL)
    small = shop.paid_tip(first, buyer, 1000)  # no card needed
    assert (small["from_balance"], small["from_card"]) == (usd(1355), usd(0))
    large = shop.paid_tip(second, buyer, PRICE, payment_method_id=buyer.card)
    assert large["total"] == usd(ORDER_TOTAL)  # $25 + 5.5% + $3
    assert (large["from_balance"], large["from_card"]) == (usd(ORDER_TOTAL - 1355), usd(1355))
    assert shop.balance(buyer)["buyer_balance"] == 0
