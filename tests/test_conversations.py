"""Conversations through the gateway, with the real broker, catalog, orders and requests
(M1-M3): who may write first, one conversation per pair with unread counts and read
marks, attachments, blocks, reports to moderation, and quote requests and custom
offers shown in the pair's conversation (Q1, Q2)."""

from tests.support import eventually, gig_body


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def refused(response, status, code):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


def usd(amount):
    return {"amount": amount, "currency": "USD"}


class Pair:
    """A seller with a gig and a buyer, fresh for each test."""

    def __init__(self, api, unique):
        self.api = api
        self.seller = api.sign_up(unique("seller"))
        self.buyer = api.sign_up(unique("buyer"))
        self.gig = ok(api.post("/v1/gigs", as_=self.seller, json=gig_body()), 201)

    def write(self, author, to, status=201, **body):
        response = self.api.post(
            "/v1/conversations", as_=author, json={"with": to.username, "text": "Hi", **body}
        )
        return response if status is None else ok(response, status)

    def mine(self, person):
        return ok(self.api.get("/v1/conversations", as_=person))["results"]

    def messages(self, person, conversation_id, **params):
        path = f"/v1/conversations/{conversation_id}/messages"
        return ok(self.api.get(path, as_=person, params=params))


def pair(api, unique):
    return Pair(api, unique)


def test_m1_a_buyer_writes_first_from_a_gig_a_seller_cannot_cold_contact(api, unique):
    shop = pair(api, unique)
    refused(shop.write(shop.seller, shop.buyer, status=None), 403, "forbidden")  # M1
    first = shop.write(shop.buyer, shop.seller, gig_id=shop.gig["id"], text="A logo for me?")
    assert first["message"]["gig_id"] == shop.gig["id"]
    assert first["conversation"]["with"] == shop.seller.username
    answer = shop.write(shop.seller, shop.buyer, text="Sure: which colours?")
    assert answer["conversation"]["id"] == first["conversation"]["id"]  # M2: one per pair
    other = api.sign_up(unique("buyer"))
    refused(shop.write(shop.buyer, other, status=None), 403, "forbidden")  # not a seller
    refused(shop.write(shop.buyer, shop.buyer, status=None), 422, "rule_violation")
    refused(
        api.post("/v1/conversations", as_=shop.buyer, json={"with": "nobody-" + unique("x")}),
        400,
        "invalid_input",
    )  # no text nor files
    missing = {"with": "nobody-" + unique("x"), "text": "Hello"}
    refused(api.post("/v1/conversations", as_=shop.buyer, json=missing), 404, "not_found")
    foreign_gig = ok(api.post("/v1/gigs", as_=api.sign_up(unique("seller")), json=gig_body()), 201)
    refused(
        shop.write(shop.buyer, shop.seller, status=None, gig_id=foreign_gig["id"]),
        422,
        "rule_violation",
    )


def test_m1_a_seller_writes_first_to_a_buyer_who_ordered_from_them(api, unique):
    shop = pair(api, unique)
    eventually(lambda: ok(api.get("/v1/me/balance", as_=shop.buyer)))  # ledger opened
    card = ok(
        api.post(
            "/v1/me/payment-methods", as_=shop.buyer, json={"card_number": "4242424242424242"}
        ),
        201,
    )["id"]
    ok(
        api.post(
            "/v1/orders",
            as_=shop.buyer,
            json={"gig_id": shop.gig["id"], "package": "basic", "payment_method_id": card},
        ),
        201,
    )
    eventually(lambda: shop.write(shop.seller, shop.buyer, text="Thanks for your order!"))
    assert shop.mine(shop.buyer)[0]["last_message"]["text"] == "Thanks for your order!"


def test_m2_newest_first_unread_counts_pages_and_read_marks(api, unique):
    shop = pair(api, unique)
    other_seller = api.sign_up(unique("seller"))
    ok(api.post("/v1/gigs", as_=other_seller, json=gig_body()), 201)
    first = shop.write(shop.buyer, shop.seller, text="one")["conversation"]["id"]
    for text in ("two", "three"):
        ok(
            api.post(f"/v1/conversations/{first}/messages", as_=shop.buyer, json={"text": text}),
            201,
        )
    second = shop.write(shop.buyer, other_seller, text="elsewhere")["conversation"]["id"]
    assert [c["id"] for c in shop.mine(shop.buyer)] == [second, first]  # newest first
    seen = shop.mine(shop.seller)
    assert [(c["id"], c["unread_count"], c["last_message"]["text"]) for c in seen] == [
        (first, 3, "three")
    ]
    page = shop.messages(shop.seller, first, limit=2)
    assert [m["text"] for m in page["results"]] == ["three", "two"]
    rest = shop.messages(shop.seller, first, limit=2, cursor=page["next_cursor"])
    assert [m["text"] for m in rest["results"]] == ["one"] and rest["next_cursor"] is None
    refused(shop.api.get(f"/v1/conversations/{first}/messages", as_=other_seller), 404, "not_found")
    read = ok(api.post(f"/v1/conversations/{first}/read", as_=shop.seller))
    assert read["unread_count"] == 0 and shop.mine(shop.seller)[0]["unread_count"] == 0
    too_long = {"text": "x" * 5001}
    refused(
        api.post(f"/v1/conversations/{first}/messages", as_=shop.buyer, json=too_long),
        400,
        "invalid_input",
    )


def test_m2_attachments_round_trip_for_the_pair_only(api, unique):
    shop = pair(api, unique)
    data = b"%PDF-1.4 the brief"
    upload = api.upload(shop.buyer, "message_attachment", data, "brief.pdf", "application/pdf")
    posted = shop.write(shop.buyer, shop.seller, text="My brief", files=[upload])
    conversation_id, message = posted["conversation"]["id"], posted["message"]
    assert [(f["upload_id"], f["name"]) for f in message["files"]] == [(upload, "brief.pdf")]
    path = f"/v1/conversations/{conversation_id}/messages/{message['id']}/files/{upload}"
    fetched = api.get(path, as_=shop.seller)  # follows the redirect to the bytes
    assert fetched.status_code == 200 and fetched.content == data
    stranger = api.sign_up(unique("buyer"))
    refused(api.get(path, as_=stranger, allow_redirects=False), 404, "not_found")
    again = shop.write(shop.buyer, shop.seller, status=None, files=[upload])
    refused(again, 409, "conflict")  # used already
    six = {"text": "many", "files": [upload] * 6}
    refused(
        api.post(f"/v1/conversations/{conversation_id}/messages", as_=shop.buyer, json=six),
        400,
        "invalid_input",
    )


def test_m3_the_blocked_one_can_no_longer_write_and_reports_go_to_moderation(api, unique, system):
    shop = pair(api, unique)
    posted = shop.write(shop.buyer, shop.seller, text="Pay me outside the platform")
    conversation_id, message_id = posted["conversation"]["id"], posted["message"]["id"]
    blocked = ok(api.post(f"/v1/conversations/{conversation_id}/block", as_=shop.seller))
    assert blocked["blocked_by"] == [shop.seller.username]
    mine = shop.mine(shop.buyer)[0]
    assert (mine["blocked_by"], mine["can_write"]) == ([shop.seller.username], False)
    error = refused(
        api.post(
            f"/v1/conversations/{conversation_id}/messages", as_=shop.buyer, json={"text": "?"}
        ),
        403,
        "forbidden",
    )
    assert "M3" in error["message"]
    report = ok(
        api.post(
            f"/v1/conversations/{conversation_id}/messages/{message_id}/reports",
            as_=shop.seller,
            json={"reason": "scam", "details": "Asks to pay outside"},
        ),
        201,
    )
    refused(api.get("/v1/admin/message-reports", as_=shop.seller), 403, "forbidden")
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    queue = ok(api.get("/v1/admin/message-reports", as_=admin, params={"limit": 100}))
    assert report["id"] in [r["id"] for r in queue["results"]]
    resolved = ok(
        api.post(
            f"/v1/admin/message-reports/{report['id']}/resolve",
            as_=admin,
            json={"action": "remove_message"},
        )
    )
    assert (resolved["resolution"], resolved["message"]["removed"]) == ("removed", True)
    shown = shop.messages(shop.buyer, conversation_id)["results"][0]
    assert (shown["text"], shown["removed"]) == ("", True)
    ok(api.post(f"/v1/conversations/{conversation_id}/unblock", as_=shop.seller))
    ok(
        api.post(
            f"/v1/conversations/{conversation_id}/messages", as_=shop.buyer, json={"text": "Sorry"}
        ),
        201,
    )


def test_m2_q1_q2_quote_requests_and_custom_offers_appear_in_the_pairs_conversation(api, unique):
    shop = pair(api, unique)
    quote = eventually(
        lambda: ok(
            api.post(
                f"/v1/sellers/{shop.seller.username}/quote-requests",
                as_=shop.buyer,
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

    def conversation_of_seller():
        found = shop.mine(shop.seller)
        assert found and found[0]["last_message"]["kind"] == "quote_request", found
        return found[0]

    conversation = eventually(conversation_of_seller)
    assert conversation["last_message"]["reference_id"] == quote["id"]
    assert conversation["unread_count"] == 1
    offer = ok(
        api.post(
            f"/v1/quote-requests/{quote['id']}/custom-offers",
            as_=shop.seller,
            json={
                "price": usd(7500),
                "delivery_days": 6,
                "revisions": 2,
                "description": "A vintage mascot",
            },
        ),
        201,
    )

    def kinds():
        shown = shop.messages(shop.buyer, conversation["id"])["results"]
        assert [m["kind"] for m in shown] == ["custom_offer", "quote_request"], shown
        return shown

    shown = eventually(kinds)
    assert shown[0]["reference_id"] == offer["id"] and shown[0]["sender"] == shop.seller.username
    # the buyer took the first step by asking: the seller writes freely (Q3, M1)
    shop.write(shop.seller, shop.buyer, text="Any question about the offer?")
