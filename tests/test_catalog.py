"""The catalog through the gateway: pausing and archiving, profiles, favourites,
reports and their moderation, autocomplete (C2, C4, C6, C8, C9)."""

from tests.support import gig_body


def search_ids(api, q, **filters):
    response = api.get("/v1/search/gigs", params={"q": q, **filters})
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["results"]]


def publish(api, seller, word, **overrides):
    response = api.post(
        "/v1/gigs",
        as_=seller,
        json=gig_body(title=f"I will design a {word} logo for your brand", **overrides),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_c2_a_paused_gig_leaves_search_and_comes_back_an_archived_one_never(api, unique):
    seller, other = api.sign_up(unique("s")), api.sign_up(unique("o"))
    word = unique("zq")
    gig = publish(api, seller, word)
    assert (
        api.patch(f"/v1/gigs/{gig['id']}", as_=other, json={"status": "paused"}).status_code == 403
    )
    paused = api.patch(f"/v1/gigs/{gig['id']}", as_=seller, json={"status": "paused"})
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert search_ids(api, word) == []
    api.patch(f"/v1/gigs/{gig['id']}", as_=seller, json={"status": "active"})
    assert search_ids(api, word) == [gig["id"]]
    archived = api.request("DELETE", f"/v1/gigs/{gig['id']}", as_=seller)
    assert archived.status_code == 200 and archived.json()["status"] == "archived"
    assert search_ids(api, word) == []
    again = api.patch(f"/v1/gigs/{gig['id']}", as_=seller, json={"status": "active"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_c6_a_sellers_profile_lists_active_gigs_languages_country_and_level(api, unique):
    seller = api.sign_up(unique("s"), country="PT", languages=["pt", "en"])
    word = unique("zq")
    shown, paused = publish(api, seller, word), publish(api, seller, word + "x")
    api.patch(f"/v1/gigs/{paused['id']}", as_=seller, json={"status": "paused"})
    profile = api.get(f"/v1/sellers/{seller.username}")
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert (body["country"], body["languages"], body["level"]) == ("PT", ["pt", "en"], "new")
    assert [g["id"] for g in body["gigs"]] == [shown["id"]]
    assert "email" not in body
    assert api.get(f"/v1/sellers/{unique('nobody')}").status_code == 404


def test_c8_favourites_are_kept_listed_and_forgotten(api, unique):
    seller, buyer = api.sign_up(unique("s")), api.sign_up(unique("b"))
    gig = publish(api, seller, unique("zq"))
    assert api.request("PUT", f"/v1/me/favourites/{gig['id']}", as_=buyer).status_code == 204
    assert api.request("PUT", f"/v1/me/favourites/{gig['id']}", as_=buyer).status_code == 204
    listed = api.get("/v1/me/favourites", as_=buyer).json()["results"]
    assert [g["id"] for g in listed] == [gig["id"]]
    assert api.request("DELETE", f"/v1/me/favourites/{gig['id']}", as_=buyer).status_code == 204
    assert api.get("/v1/me/favourites", as_=buyer).json()["results"] == []


def test_c9_a_reported_gig_goes_to_moderation_and_an_admin_removes_it(api, unique, system):
    seller, reporter = api.sign_up(unique("s")), api.sign_up(unique("r"))
    word = unique("zq")
    gig = publish(api, seller, word)
    report = api.post(
        f"/v1/gigs/{gig['id']}/reports",
        as_=reporter,
        json={"reason": "scam", "details": "asks for payment outside"},
    )
    assert report.status_code == 201, report.text
    bad = api.post(f"/v1/gigs/{gig['id']}/reports", as_=reporter, json={"reason": "boring"})
    assert bad.status_code == 400 and "reason" in bad.json()["error"]["details"]
    assert api.get("/v1/admin/reports", as_=reporter).status_code == 403

    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    queue = api.get("/v1/admin/reports", as_=admin).json()["results"]
    assert report.json()["id"] in [r["id"] for r in queue]
    resolved = api.post(
        f"/v1/admin/reports/{report.json()['id']}/resolve",
        as_=admin,
        json={"action": "remove_gig", "note": "confirmed scam"},
    )
    assert resolved.status_code == 200, resolved.text
    assert api.get(f"/v1/gigs/{gig['id']}").json()["status"] == "archived"
    assert search_ids(api, word) == []


def test_c4_autocomplete_suggests_common_terms_with_their_category(api, unique):
    seller = api.sign_up(unique("s"))
    publish(api, seller, unique("zq"))
    for _ in range(2):
        search_ids(api, "logo design")
    response = api.get("/v1/search/suggestions", params={"q": "logo"})
    assert response.status_code == 200, response.text
    suggestions = response.json()["suggestions"]
    assert {"term": "logo design", "category": "graphics-design"} in suggestions
    assert api.get("/v1/search/suggestions").status_code == 400
