"""A seller's own gigs, paused ones too (`GET /v1/me/gigs`), and what a gig and a
seller's profile say of the seller: online now and on vacation (C5, C6), through
the gateway on the real broker; the OpenAPI document describes both answers."""

from tests.support import eventually, gig_body


def publish(api, seller, title):
    response = api.post("/v1/gigs", as_=seller, json=gig_body(title=title))
    assert response.status_code == 201, response.text
    return response.json()


def test_c6_a_seller_lists_own_gigs_paused_too_newest_first_paginated(api, unique):
    seller, other = api.sign_up(unique("s")), api.sign_up(unique("o"))
    made = [publish(api, seller, f"I will design logo number {n} for you") for n in range(3)]
    publish(api, other, "I will design a logo that is not hers")
    paused = api.patch(f"/v1/gigs/{made[1]['id']}", as_=seller, json={"status": "paused"})
    assert paused.status_code == 200, paused.text
    assert api.request("DELETE", f"/v1/gigs/{made[2]['id']}", as_=seller).status_code == 200

    mine = api.get("/v1/me/gigs", as_=seller)
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert [(g["id"], g["status"]) for g in body["results"]] == [
        (made[1]["id"], "paused"),
        (made[0]["id"], "active"),
    ]
    assert body["next_cursor"] is None
    assert body["results"][1]["price"] == {"amount": 2500, "currency": "USD"}

    archived = api.get("/v1/me/gigs", as_=seller, params={"status": "archived"}).json()
    assert [g["id"] for g in archived["results"]] == [made[2]["id"]]
    first = api.get("/v1/me/gigs", as_=seller, params={"limit": 1}).json()
    assert [g["id"] for g in first["results"]] == [made[1]["id"]] and first["next_cursor"]
    rest = api.get(
        "/v1/me/gigs", as_=seller, params={"limit": 1, "cursor": first["next_cursor"]}
    ).json()
    assert [g["id"] for g in rest["results"]] == [made[0]["id"]] and rest["next_cursor"] is None

    assert api.get("/v1/me/gigs").status_code == 401
    assert api.get("/v1/me/gigs", as_=seller, params={"status": "gone"}).status_code == 400


def test_c5_c6_a_gig_and_a_profile_say_whether_the_seller_is_online_now(api, unique):
    seller = api.sign_up(unique("s"))
    gig = publish(api, seller, "I will design a logo while online")

    def online():
        profile = api.get(f"/v1/sellers/{seller.username}").json()
        assert profile["online"] is True  # the seller's own requests marked them seen
        assert api.get(f"/v1/gigs/{gig['id']}").json()["online"] is True

    eventually(online)


def test_c6_a_profile_says_whether_the_seller_is_on_vacation(api, unique):
    seller = api.sign_up(unique("s"))
    assert api.get(f"/v1/sellers/{seller.username}").json()["on_vacation"] is False
    changed = api.patch("/v1/me", as_=seller, json={"on_vacation": True})
    assert changed.status_code == 200, changed.text
    profile = api.get(f"/v1/sellers/{seller.username}").json()
    assert profile["on_vacation"] is True and "email" not in profile


def test_c6_openapi_describes_own_gigs_and_the_seller_profile(api):
    spec = api.get("/openapi.json").json()
    mine = spec["paths"]["/v1/me/gigs"]["get"]
    assert {p["name"] for p in mine["parameters"]} >= {"status", "limit", "cursor"}
    assert "content" in mine["responses"]["200"]
    profile = spec["paths"]["/v1/sellers/{username}"]["get"]["responses"]["200"]
    ref = profile["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    described = spec["components"]["schemas"][ref]["properties"]
    assert {"online", "on_vacation", "gigs", "username"} <= set(described)
    assert "email" not in described
