"""Notifications through the gateway, on the real broker, with every service running
(N1-N3): each kind of N1 made by its real fact (who is told, the link), one notification
per fact whatever the broker redelivers, the feed, its read marks and the settings."""

import uuid

import pytest
from nameko.standalone.events import event_dispatcher

from inbox.contract import KINDS

from tests.support import eventually, gig_body

DAY, HOUR = 86400, 3600


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


class Market:
    """A seller with a gig, the admin, buyers with cards; the facts of N1, made for real."""

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

    def placed(self, buyer):
        body = {"gig_id": self.gig["id"], "package": "basic", "payment_method_id": buyer.card}
        return ok(self.api.post("/v1/orders", as_=buyer, json=body), 201)

    def started(self, buyer):
        return self.post(self.placed(buyer), "/requirements", buyer, text="A round, blue logo")

    def delivered(self, buyer):
        order = self.started(buyer)
        return self.post(
            order, "/deliveries", self.seller, 201, message="Here it is", confirm_no_files=True
        )["order"]

    def completed(self, buyer):
        return self.post(self.delivered(buyer), "/acceptance", buyer)

    def extension_asked(self, buyer):
        order = self.started(buyer)
        asked = self.post(order, "/extension-requests", self.seller, 201, days=2, message="Busy")
        return order, asked["extension_requests"][-1]["id"]

    def cancellation_asked(self, buyer):
        order = self.started(buyer)
        opened = self.post(
            order,
            "/cancellation-requests",
            self.seller,
            201,
            reason="cannot_complete",
            explanation="Overbooked",
        )
        return order, opened["cancellation_requests"][0]["id"]

    def reviewed(self, buyer):
        order = self.completed(buyer)
        body = {"communication": 5, "service_as_described": 5, "recommend": 5, "text": "Great"}
        ok(self.api.post(f"/v1/orders/{order['id']}/reviews", as_=buyer, json=body), 201)
        return order

    def request(self, buyer, approve=True):
        body = {
            "description": "A logo for my bakery, warm colours and a croissant",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "delivery_days": 3,
            "budget": usd(5000),
        }
        posted = ok(self.api.post("/v1/requests", as_=buyer, json=body), 201)
        verb = "approve" if approve else "reject"
        answer = {} if approve else {"reason": "Please describe the logo you want"}
        ok(self.api.post(f"/v1/admin/requests/{posted['id']}/{verb}", as_=self.admin, json=answer))
        return posted

    def offer(self, buyer):
        request = self.request(buyer)
        body = {"price": usd(4000), "delivery_days": 3, "revisions": 2, "description": "Mine"}
        eventually(
            lambda: ok(
                self.api.post(f"/v1/requests/{request['id']}/offers", as_=self.seller, json=body),
                201,
            )
        )
        return request

    def custom_offer(self, buyer):
        quote = eventually(
            lambda: ok(
                self.api.post(
                    f"/v1/sellers/{self.seller.username}/quote-requests",
                    as_=buyer,
                    json={
                        "description": "A mascot for my football club",
                        "category": "graphics-design",
                        "subcategory": "logo-design",
                        "delivery_days": 5,
                    },
                ),
                201,
            )
        )
        body = {"price": usd(7500), "delivery_days": 6, "revisions": 2, "description": "Yes"}
        ok(
            self.api.post(
                f"/v1/quote-requests/{quote['id']}/custom-offers", as_=self.seller, json=body
            ),
            201,
        )
        return quote

    def feed(self, person, **query):
        return ok(self.api.get("/v1/me/notifications", as_=person, params=query))

    def told(self, person, kind, link):
        """Wait until `person` holds a notification of `kind` linking to `link`; it."""

        def check():
            found = [
                n
                for n in self.feed(person, limit=100)["results"]
                if n["kind"] == kind and n["link"] == link
            ]
            assert found, f"{person.username} was not told of {kind} at {link}"
            return found

        return eventually(check, timeout=15)

    def kinds(self, person):
        return [n["kind"] for n in self.feed(person, limit=100)["results"]]

    def advance(self, seconds):
        ok(self.api.post("/v1/admin/clock/advance", as_=self.admin, json={"seconds": seconds}))


@pytest.fixture
def market(api, unique, system):
    return Market(api, unique, system)


def order_link(order):
    return f"/orders/{order['id']}"


# --- N1: each kind, from its real fact: who is told, and the link ----------------------------
# A story makes the fact and answers [(who is told, kind, link)], and who must not be told.


def new_order(m, buyer):
    order = m.placed(buyer)
    return [(m.seller, "order_placed", order_link(order))], [buyer]


def requirements(m, buyer):
    return [(m.seller, "requirements_submitted", order_link(m.started(buyer)))], [buyer]


def delivery(m, buyer):
    return [(buyer, "order_delivered", order_link(m.delivered(buyer)))], [m.seller]


def revision(m, buyer):
    order = m.delivered(buyer)
    m.post(order, "/revision-requests", buyer, description="Bluer, please")
    return [(m.seller, "revision_requested", order_link(order))], [buyer]


def extension_asked(m, buyer):
    order, _ = m.extension_asked(buyer)
    return [(buyer, "extension_requested", order_link(order))], [m.seller]


def extension_answered(m, buyer):
    order, extension = m.extension_asked(buyer)
    m.post(order, f"/extension-requests/{extension}/decline", buyer)
    return [(m.seller, "extension_answered", order_link(order))], [buyer]


def cancellation_asked(m, buyer):
    order, _ = m.cancellation_asked(buyer)
    return [(buyer, "cancellation_requested", order_link(order))], [m.seller]


def cancellation_answered(m, buyer):
    order, request = m.cancellation_asked(buyer)
    m.post(order, f"/cancellation-requests/{request}/accept", buyer)
    return [(m.seller, "cancellation_answered", order_link(order))], [buyer]


def completion(m, buyer):
    order = m.completed(buyer)
    return [(m.seller, "order_completed", order_link(order))], [buyer]


def reviews(m, buyer):
    order = m.reviewed(buyer)
    ok(
        m.api.post(
            f"/v1/orders/{order['id']}/reviews", as_=m.seller, json={"rating": 5, "text": "Clear"}
        ),
        201,
    )
    link = order_link(order)
    return [(m.seller, "review_received", link), (buyer, "review_received", link)], []


def private_feedback(m, buyer):
    return [(buyer, "private_feedback_asked", order_link(m.reviewed(buyer)))], [m.seller]


def tip(m, buyer):
    order = m.completed(buyer)
    eventually(
        lambda: ok(
            m.api.post(
                f"/v1/orders/{order['id']}/tips",
                as_=buyer,
                json={"amount": usd(500), "message": "Thanks!"},
            ),
            201,
        )
    )
    return [(m.seller, "tip_received", order_link(order))], [buyer]


def approved(m, buyer):
    request = m.request(buyer)
    return [(buyer, "request_approved", f"/requests/{request['id']}")], [m.seller]


def rejected(m, buyer):
    request = m.request(buyer, approve=False)
    return [(buyer, "request_rejected", f"/requests/{request['id']}")], [m.seller]


def offer(m, buyer):
    request = m.offer(buyer)
    return [(buyer, "offer_received", f"/requests/{request['id']}/offers")], [m.seller]


def custom_offer(m, buyer):
    quote = m.custom_offer(buyer)
    return [(buyer, "custom_offer_received", f"/quote-requests/{quote['id']}")], [m.seller]


def message(m, buyer):
    body = {"with": m.seller.username, "text": "Hello, can you draw a croissant?"}
    posted = ok(m.api.post("/v1/conversations", as_=buyer, json=body), 201)
    link = f"/conversations/{posted['conversation']['id']}"
    return [(m.seller, "message_received", link)], [buyer]


def order_message(m, buyer):
    order = m.placed(buyer)
    m.post(order, "/messages", buyer, 201, text="One more idea for the logo")
    return [(m.seller, "order_message_received", order_link(order))], [buyer]


STORIES = [
    new_order,
    order_message,
    requirements,
    delivery,
    revision,
    extension_asked,
    extension_answered,
    cancellation_asked,
    cancellation_answered,
    completion,
    reviews,
    private_feedback,
    tip,
    approved,
    rejected,
    offer,
    custom_offer,
    message,
]


@pytest.mark.parametrize("story", STORIES, ids=[story.__name__ for story in STORIES])
def test_n1_each_fact_tells_the_right_person_with_a_link(market, story):
    buyer = market.buyer()
    told, not_told = story(market, buyer)
    for person, kind, link in told:
        notification = market.told(person, kind, link)[0]
        assert notification["text"] and notification["read_at"] is None
    for person in not_told:
        assert not {kind for _, kind, _ in told} & set(market.kinds(person))


def test_n1_the_earnings_are_in_the_completion_notice(market):
    buyer = market.buyer()
    order = market.completed(buyer)
    (notice,) = market.told(market.seller, "order_completed", order_link(order))
    assert "$20.00" in notice["text"]  # P3: the price less 20%


def test_n1_reminders_lateness_clearance_and_withdrawal_on_the_moved_clock(market, api):
    """Due tomorrow (seller) and completes by itself tomorrow (buyer) come from the
    scheduler a day before orders' deadlines; late tells both; very late the buyer, whose
    cancellation tells the seller; earnings cleared after 14 days; a withdrawal sent."""
    buyer, other = market.buyer(), market.buyer()
    due = market.started(buyer)  # due in 3 days
    reviewed = market.delivered(other)  # completes by itself in 3 days (O4)
    market.advance(2 * DAY + HOUR)
    market.told(market.seller, "order_due_soon", order_link(due))
    market.told(other, "order_completes_soon", order_link(reviewed))
    assert "order_late" not in market.kinds(buyer)
    market.advance(DAY)
    market.told(market.seller, "order_late", order_link(due))
    market.told(buyer, "order_late", order_link(due))
    market.told(market.seller, "order_completed", order_link(reviewed))  # O4, by itself
    market.advance(DAY)
    eventually(lambda: assert_count(market.kinds(buyer).count("order_late"), 2))  # very late
    market.post(due, "/cancel", buyer)
    market.told(market.seller, "order_cancelled", order_link(due))
    market.advance(14 * DAY)
    market.told(market.seller, "earnings_cleared", "/me/balance")
    ok(
        api.post(
            "/v1/me/withdrawals",
            as_=market.seller,
            json={"amount": usd(1000)},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        ),
        201,
    )
    market.told(market.seller, "withdrawal_sent", "/me/balance")


def assert_count(count, expected):
    assert count == expected, count


# --- N3: once per fact --------------------------------------------------------------------


def test_n3_the_same_event_delivered_twice_makes_one_notification(market, system):
    buyer = market.buyer()
    order_id = str(uuid.uuid4())
    event = {
        "event_id": str(uuid.uuid4()),
        "event_type": "order_delivered",
        "occurred_at": "2026-12-01T12:00:00+00:00",
        "version": 1,
        "order_id": order_id,
        "buyer_id": buyer.id,
        "seller_id": market.seller.id,
        "status": "delivered",
        "previous_status": "in_progress",
        "action": "deliver",
        "actor": "seller",
        "delivered_at": "2026-12-01T12:00:00+00:00",
        "on_time": True,
    }
    dispatch = event_dispatcher(system)
    dispatch("orders", "order_delivered", event)
    dispatch("orders", "order_delivered", event)
    market.told(buyer, "order_delivered", f"/orders/{order_id}")
    second = {**event, "event_id": str(uuid.uuid4()), "order_id": "after-" + order_id[:20]}
    dispatch("orders", "order_delivered", second)  # handled after both copies of the first
    market.told(buyer, "order_delivered", f"/orders/{second['order_id']}")
    assert market.kinds(buyer).count("order_delivered") == 2


# --- N2: the feed, read marks and settings ---------------------------------------------------


def test_n2_unread_filter_read_one_read_all_and_the_count(market, api):
    buyer = market.buyer()
    first, second = market.delivered(buyer), market.delivered(buyer)
    market.told(buyer, "order_delivered", order_link(first))
    market.told(buyer, "order_delivered", order_link(second))
    feed = market.feed(buyer, unread="true")
    assert feed["unread_count"] == 2 and len(feed["results"]) == 2
    newest = feed["results"][0]
    assert newest["link"] == order_link(second)  # newest first
    read = ok(api.post("/v1/me/notifications/read", as_=buyer, json={"ids": [newest["id"]]}))
    assert read == {"marked": 1, "unread_count": 1}
    assert [n["id"] for n in market.feed(buyer, unread="true")["results"]] == [
        feed["results"][1]["id"]
    ]
    ok(api.post("/v1/me/notifications/read", as_=buyer, json={"all": True}))
    assert market.feed(buyer)["unread_count"] == 0
    assert all(n["read_at"] for n in market.feed(buyer)["results"])
    page = market.feed(buyer, limit=1)
    assert len(page["results"]) == 1 and page["next_cursor"]
    assert (
        market.feed(buyer, limit=1, cursor=page["next_cursor"])["results"][0]["id"]
        != (page["results"][0]["id"])
    )
    assert api.post("/v1/me/notifications/read", as_=buyer, json={}).status_code == 400
    assert api.get("/v1/me/notifications").status_code == 401


def test_n2_settings_per_kind(market, api):
    buyer = market.buyer()
    settings = ok(api.get("/v1/me/notification-settings", as_=buyer))
    assert set(settings) == set(KINDS) and all(s == {"email": True} for s in settings.values())
    changed = ok(
        api.request(
            "PUT",
            "/v1/me/notification-settings",
            as_=buyer,
            json={"order_delivered": {"email": False}},
        )
    )
    assert changed["order_delivered"] == {"email": False}
    assert changed["message_received"] == {"email": True}
    assert ok(api.get("/v1/me/notification-settings", as_=buyer)) == changed
    refused = api.request(
        "PUT", "/v1/me/notification-settings", as_=buyer, json={"nope": {"email": True}}
    )
    assert refused.status_code == 400
    # the in-app notification still comes (N2)
    order = market.delivered(buyer)
    market.told(buyer, "order_delivered", order_link(order))
