"""A day (and three weeks) of the marketplace, through the HTTP gateway only.

`play(base_url, admin_password)` runs the story and returns every party's
balance and the ledger check; `say` prints the timeline as it goes. `make demo`
runs it against a running system (demo/run.py); tests/test_marketplace_day.py
runs it in `make test` and checks every balance to the cent.
"""

import uuid

import requests

DAY, HOUR = 86400, 3600


def usd(cents):
    return {"amount": cents, "currency": "USD"}


def dollars(money):
    return f"${money['amount'] / 100:,.2f}"


class Gateway:
    """The HTTP API as one person sees it."""

    def __init__(self, base_url, token=None, name="anonymous"):
        self.base_url, self.token, self.name = base_url, token, name
        self.http = requests.Session()

    def call(self, method, path, expect=(200, 201, 204), **kwargs):
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.http.request(
            method, self.base_url + path, headers=headers, timeout=600, **kwargs
        )
        if response.status_code not in expect:
            raise AssertionError(
                f"{self.name}: {method} {path} -> {response.status_code} {response.text}"
            )
        return response.json() if response.content else None

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("POST", path, json=json if json is not None else {}, **kwargs)

    def patch(self, path, json, **kwargs):
        return self.call("PATCH", path, json=json, **kwargs)

    def upload(self, use, data, name, content_type="application/octet-stream"):
        """Declare a file, send its bytes where the answer says (object storage's presigned
        URL, or the gateway's own route), and answer its id (API.md "Files")."""
        declared = {"use": use, "name": name, "content_type": content_type, "size": len(data)}
        ticket = self.post("/v1/uploads", declared)
        sent = requests.request(
            ticket["method"],
            ticket["upload_url"],
            data=data,
            headers=ticket["headers"],
            timeout=600,
        )
        if sent.status_code != 200:
            raise AssertionError(f"{self.name}: upload {name} -> {sent.status_code} {sent.text}")
        return ticket["id"]

    def as_(self, name, password):
        token = self.post("/v1/auth/token", {"username": name, "password": password})
        return Gateway(self.base_url, token["access_token"], name)


def eventually(check, attempts=200, pause=0.05):
    """Events travel between services: wait for their effect (a few ms usually)."""
    import time

    for _ in range(attempts - 1):
        try:
            return check()
        except AssertionError:
            time.sleep(pause)
    return check()


def play(base_url, admin_password, say=print):
    tag = uuid.uuid4().hex[:6]
    anonymous = Gateway(base_url)
    admin = anonymous.as_("admin", admin_password)
    clock = Clock(admin, say)

    def person(name, **profile):
        username = f"{name}_{tag}"
        anonymous.post(
            "/v1/auth/signup",
            {
                "username": username,
                "email": f"{username}@demo.example",
                "password": "demo-password",
                **profile,
            },
        )
        me = anonymous.as_(username, "demo-password")
        eventually(lambda: me.get("/v1/me/balance"))  # ledger accounts open on sign-up
        return me

    say("\n== Morning: sellers open shop")
    sofia = person("sofia", country="FR", languages=["fr", "en"])
    marco = person("marco", country="IT", languages=["it", "en"])
    nadia = person("nadia", country="MA", languages=["ar", "fr", "en"])
    logo = sofia.post(
        "/v1/gigs",
        gig(
            "I will design a modern minimalist logo",
            "graphics-design",
            "logo-design",
            [("basic", 2500, 3, 1), ("standard", 6000, 5, 3)],
            extras=[{"name": "Source files", "price": usd(1000)}],
        ),
    )
    marco.post(
        "/v1/gigs",
        gig(
            "I will translate your website from English to Italian",
            "writing-translation",
            "translation",
            [("basic", 4000, 2, 1)],
        ),
    )
    nadia.post(
        "/v1/gigs",
        gig(
            "I will edit your product video for social media",
            "video-animation",
            "video-editing",
            [("basic", 8000, 5, 2)],
        ),
    )
    say(
        f"  {sofia.name}, {marco.name} and {nadia.name} publish a logo, a translation and "
        "a video gig"
    )

    say("\n== A buyer looks around")
    bob, alice = person("bob", country="US"), person("alice", country="DE")
    for buyer in (bob, alice):
        card = buyer.post("/v1/me/payment-methods", {"card_number": "4242424242424242"})
        buyer.card = card["id"]
    found = eventually(
        lambda: _found(
            bob.get(
                "/v1/search/gigs",
                params={
                    "q": "minimalist logo",
                    "max_price": 3000,
                    "max_delivery_days": 3,
                    "country": "FR",
                },
            ),
            logo["id"],
        )
    )
    suggestions = bob.get("/v1/search/suggestions", params={"q": "lo"})["suggestions"]
    say(f"  {bob.name} types 'lo': {', '.join(s['term'] for s in suggestions[:3])}")
    say(
        f"  and finds {len(found['results'])} logo gig(s) under $30 in 3 days from France: "
        f"{found['results'][0]['title']!r}"
    )

    say("\n== A quote and a custom offer (Q1, Q2)")
    quote = eventually(
        lambda: bob.post(
            f"/v1/sellers/{marco.name}/quote-requests",
            {
                "description": "Translate my bakery's website (12 pages) into Italian",
                "category": "writing-translation",
                "subcategory": "translation",
                "delivery_days": 4,
                "budget": usd(6000),
            },
        )
    )
    custom = marco.post(
        f"/v1/quote-requests/{quote['id']}/custom-offers",
        {
            "price": usd(5500),
            "delivery_days": 3,
            "revisions": 1,
            "description": "12 pages, native Italian, SEO titles included",
        },
    )
    translation = bob.post(
        f"/v1/custom-offers/{custom['id']}/order",
        {"payment_method_id": bob.card},
        headers={"Idempotency-Key": f"quote-{custom['id']}"},
    )
    say(f"  {marco.name} answers with {dollars(custom['price'])} in 3 days; {bob.name} orders it")

    say("\n== A buyer request, approved, with an offer (R1, R2, R6, R7)")
    posted = bob.post(
        "/v1/requests",
        {
            "description": "A 30-second teaser video for our new espresso machine",
            "category": "video-animation",
            "subcategory": "video-editing",
            "delivery_days": 7,
            "budget": usd(15000),
        },
    )
    admin.post(f"/v1/admin/requests/{posted['id']}/approve")
    eventually(lambda: _has(nadia.get("/v1/requests/open")["results"], posted["id"]))
    offer = nadia.post(
        f"/v1/requests/{posted['id']}/offers",
        {
            "price": usd(12000),
            "delivery_days": 4,
            "revisions": 2,
            "description": "Cinematic cuts, licensed music, two formats",
        },
    )
    video = bob.post(
        f"/v1/offers/{offer['id']}/order",
        {"payment_method_id": bob.card},
        headers={"Idempotency-Key": f"offer-{offer['id']}"},
    )
    say(
        f"  the admin approves {bob.name}'s request; {nadia.name} offers "
        f"{dollars(offer['price'])} in 4 days; {bob.name} orders it"
    )

    say("\n== An order from a package with an extra (O1)")
    logo_order = bob.post(
        "/v1/orders",
        {
            "gig_id": logo["id"],
            "package": "basic",
            "extras": ["Source files"],
            "payment_method_id": bob.card,
        },
        headers={"Idempotency-Key": f"logo-{tag}"},
    )
    say(f"  {bob.name} orders the basic logo with source files: {dollars(logo_order['price'])}")
    second = alice.post(
        "/v1/orders", {"gig_id": logo["id"], "package": "standard", "payment_method_id": alice.card}
    )
    say(f"  {alice.name} orders the standard logo: {dollars(second['price'])}")

    say("\n== Work starts (O1, O2)")
    for order in (translation, video, logo_order):
        bob.post(f"/v1/orders/{order['id']}/requirements", {"text": "All in the brief, thanks!"})
    sofia.post(f"/v1/orders/{second['id']}/skip-requirements")
    say("  requirements sent; Sofia starts Alice's order without them")

    say("\n== Deliveries, a revision, an acceptance (O3, O5, O10)")
    deliver(sofia, logo_order, "Three concepts, as promised")
    bob.post(
        f"/v1/orders/{logo_order['id']}/revision-requests",
        {"description": "Could the second concept be a darker blue?"},
    )
    deliver(sofia, logo_order, "Darker blue, and the source files")
    done = bob.post(f"/v1/orders/{logo_order['id']}/acceptance")
    say(
        f"  Sofia delivers, Bob asks for a revision, Sofia delivers again, Bob accepts: "
        f"{done['status']}"
    )

    say("\n== Double-blind reviews and a tip (V1, V4, T1-T3)")
    bob.post(
        f"/v1/orders/{logo_order['id']}/reviews",
        {
            "communication": 5,
            "service_as_described": 5,
            "recommend": 5,
            "text": "Fast, friendly, and the logo is perfect.",
        },
    )
    hidden = sofia.get(f"/v1/orders/{logo_order['id']}/reviews")
    sofia.post(
        f"/v1/orders/{logo_order['id']}/reviews",
        {"rating": 5, "text": "Clear brief, quick answers. A pleasure."},
    )
    shown = sofia.get(f"/v1/orders/{logo_order['id']}/reviews")
    assert hidden["buyer_review"] is None and shown["buyer_review"] is not None
    say("  Bob reviews; Sofia sees his review only once she has posted hers (double-blind)")
    eventually(
        lambda: bob.post(
            f"/v1/orders/{logo_order['id']}/tips",
            {"amount": usd(500), "message": "Thank you!", "payment_method_id": bob.card},
            headers={"Idempotency-Key": f"tip-{tag}"},
        )
    )
    say("  Bob tips Sofia $5.00")

    say("\n== An extension request, then silence (O6, O4)")
    marco.post(
        f"/v1/orders/{translation['id']}/extension-requests",
        {"days": 2, "message": "Two pages arrived late; I need two more days."},
    )
    extension = bob.get(f"/v1/orders/{translation['id']}")["extension_requests"][0]
    bob.post(f"/v1/orders/{translation['id']}/extension-requests/{extension['id']}/accept")
    deliver(marco, translation, "All 12 pages, in Italian")
    say("  Marco asks for 2 more days, Bob agrees; Marco delivers; Bob does not answer")

    say("\n== A mutual cancellation (O9)")
    opened = sofia.post(
        f"/v1/orders/{second['id']}/cancellation-requests",
        {"reason": "cannot_complete", "explanation": "I am overbooked this week, sorry."},
    )
    cancellation = opened["cancellation_requests"][0]
    alice.post(f"/v1/orders/{second['id']}/cancellation-requests/{cancellation['id']}/accept")
    say("  Sofia cannot take Alice's order; Alice accepts to cancel: refunded to her balance")

    clock.advance(3 * DAY + HOUR, "Bob's review period ends")
    status = bob.get(f"/v1/orders/{translation['id']}")["status"]
    say(f"  the translation completed by itself: {status}")
    clock.advance(DAY, "the video is due")
    clock.advance(DAY, "still nothing from Nadia")
    late = bob.get(f"/v1/orders/{video['id']}")
    bob.post(f"/v1/orders/{video['id']}/cancel", {"explanation": "No delivery, no news."})
    say(f"  the video order was {late['status']}; Bob cancels it at once (O8): refunded")

    clock.advance(14 * DAY, "clearance (P3)")
    available = eventually(lambda: _positive(sofia.get("/v1/me/balance")["available"]))
    withdrawal = sofia.post(
        "/v1/me/withdrawals", {"amount": available}, headers={"Idempotency-Key": f"withdraw-{tag}"}
    )
    say(f"  Sofia's earnings cleared; she withdraws {dollars(withdrawal['amount'])}")

    say("\n== Balances")
    people = {"sofia": sofia, "marco": marco, "nadia": nadia, "bob": bob, "alice": alice}
    balances = {
        name: {kind: money["amount"] for kind, money in p.get("/v1/me/balance").items()}
        for name, p in people.items()
    }
    for name, balance in balances.items():
        say(
            f"  {name:6} "
            + "  ".join(f"{kind} {dollars(usd(amount))}" for kind, amount in balance.items())
        )
    check = admin.get("/v1/admin/ledger/check")
    say(
        f"  ledger: balanced={check['balanced']} over {check['transactions']} transactions, "
        f"negative balances: {len(check['negative_balances'])}, "
        f"finished escrows not empty: {len(check['finished_escrows_not_empty'])}"
    )
    say("\n== What Sofia was told (N1), newest first")
    feed = eventually(lambda: _notified(sofia.get("/v1/me/notifications?limit=50")))
    for item in feed["results"][:10]:
        say(f"  {item['created_at'][:16].replace('T', ' ')}  {item['text']}  -> {item['link']}")
    say(f"  ({len(feed['results'])} shown, {feed['unread_count']} unread)")
    return {"balances": balances, "ledger": check, "notifications": feed}


class Clock:
    def __init__(self, admin, say):
        self.admin, self.say, self.days = admin, say, 0.0

    def advance(self, seconds, why):
        self.days += seconds / DAY
        now = self.admin.post("/v1/admin/clock/advance", {"seconds": seconds})["now"]
        self.say(f"\n== Day {self.days:.1f} ({now[:16]}): {why}")


def gig(title, category, subcategory, packages, extras=()):
    return {
        "title": title,
        "description": f"{title}. Friendly, fast, and revisions included.",
        "category": category,
        "subcategory": subcategory,
        "packages": [
            {"tier": tier, "price": usd(price), "delivery_days": days, "revisions": revisions}
            for tier, price, days, revisions in packages
        ],
        "extras": list(extras),
    }


def deliver(seller, order, message):
    delivered = seller.upload("delivery", message.encode(), "delivery.txt", "text/plain")
    seller.post(f"/v1/orders/{order['id']}/deliveries", {"message": message, "files": [delivered]})


def _found(page, gig_id):
    assert any(result["id"] == gig_id for result in page["results"]), "not indexed yet"
    return page


def _has(results, item_id):
    assert any(result["id"] == item_id for result in results), "not there yet"
    return True


def _notified(feed):
    assert feed["results"], "no notification yet"
    return feed


def _positive(money):
    assert money["amount"] > 0, "not cleared yet"
    return money
