"""The category tree (C3) and seller levels (C7) through the gateway."""

from tests.support import eventually, gig_body

DAY = 86400


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_c3_the_category_tree_has_subcategories_with_their_own_attributes(api):
    tree = ok(api.get("/v1/categories"))["categories"]
    assert len(tree) >= 8 and sum(len(c["subcategories"]) for c in tree) >= 60
    design = next(c for c in tree if c["slug"] == "graphics-design")
    logo = next(s for s in design["subcategories"] if s["slug"] == "logo-design")
    assert {a["slug"] for a in logo["attributes"]} >= {"style", "file-format"}
    assert all(a["values"] for a in logo["attributes"])


def test_c5_c6_signed_in_traffic_keeps_a_seller_online(api, unique, system):
    import time

    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    seller = api.sign_up(unique("present"))
    gig = ok(
        api.post(
            "/v1/gigs",
            as_=seller,
            json=gig_body(
                title="I will voice your podcast intro",
                category="music-audio",
                subcategory="voice-over",
            ),
        ),
        201,
    )
    query = {"q": "podcast intro", "online": "true", "sort": "newest", "limit": 50}

    def online():
        return gig["id"] in [
            r["id"] for r in ok(api.get("/v1/search/gigs", params=query))["results"]
        ]

    eventually(lambda: _assert(online()))
    ok(api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 600}))
    assert not online()  # ten quiet minutes: offline
    seen_before = ok(api.get(f"/v1/sellers/{seller.username}"))["last_seen_at"]
    time.sleep(1.1)  # PRESENCE_EVERY_SECONDS in tests
    ok(api.get("/v1/me", as_=seller))  # any signed-in request
    eventually(lambda: _assert(online()))
    assert ok(api.get(f"/v1/sellers/{seller.username}"))["last_seen_at"] > seen_before


def test_c7_a_seller_reaches_level_one_with_ten_orders_400_dollars_and_60_days(api, unique, system):
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    seller, buyer = api.sign_up(unique("rising")), api.sign_up(unique("loyal"))
    for person in (seller, buyer):
        eventually(lambda p=person: _assert(api.get("/v1/me/balance", as_=p).status_code == 200))
    gig = ok(api.post("/v1/gigs", as_=seller, json=gig_body(price=5000)), 201)
    card = ok(
        api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"}), 201
    )["id"]
    profile = ok(api.get(f"/v1/sellers/{seller.username}"))
    assert profile["level"] == "new"
    ok(api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 61 * DAY}))
    for _ in range(10):  # 10 orders of $50: $400 earned
        order = eventually(
            lambda: ok(
                api.post(
                    "/v1/orders",
                    as_=buyer,
                    json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card},
                ),
                201,
            )
        )
        path = f"/v1/orders/{order['id']}"
        ok(api.post(path + "/requirements", as_=buyer, json={"text": "Blue"}))
        ok(
            api.post(
                path + "/deliveries",
                as_=seller,
                json={
                    "message": "Done",
                    "files": [api.upload(seller, "delivery", b"logo", "logo.png", "image/png")],
                },
            ),
            201,
        )
        ok(api.post(path + "/acceptance", as_=buyer))
        if _ == 8:
            assert ok(api.get(f"/v1/sellers/{seller.username}"))["level"] == "new"
    profile = eventually(lambda: _level(api, seller, "level_one"))
    assert profile["completed_orders"] == 10 and profile["on_time_rate"] == 1.0
    found = eventually(lambda: _in_search(api, gig["id"], "level_one"))
    assert found["seller_level"] == "level_one"


def _level(api, seller, level):
    profile = ok(api.get(f"/v1/sellers/{seller.username}"))
    assert profile["level"] == level, profile
    return profile


def _in_search(api, gig_id, level):
    results = ok(
        api.get(
            "/v1/search/gigs", params={"seller_level": level, "q": "minimalist logo", "limit": 50}
        )
    )["results"]
    match = [r for r in results if r["id"] == gig_id]
    assert match, "not in the search under that level yet"
    return match[0]


def _assert(condition):
    assert condition
