"""Issue 15 (hardening), catalog's part, through the gateway: every amount and input
bounded and published, e-mails unique whatever their case, sign-in throttled and
a password policy, autocomplete nobody writes alone."""

from urllib.parse import quote

from tests.support import gig_body


def signup(api, username, email=None, password="correct-horse"):
    return api.post(
        "/v1/auth/signup",
        json={
            "username": username,
            "email": email or f"{username}@example.com",
            "password": password,
        },
    )


# item 2
def test_hardening_2_an_extra_above_the_ceiling_is_refused(api, unique):
    seller = api.sign_up(unique("s"))
    for amount in (2**62, 1_000_001):
        response = api.post(
            "/v1/gigs",
            as_=seller,
            json=gig_body(
                extras=[{"name": "Gold", "price": {"amount": amount, "currency": "USD"}}]
            ),
        )
        assert response.status_code == 400, response.text
        assert "extras" in response.json()["error"]["details"]


def test_hardening_2_search_prices_out_of_bounds_are_400_not_500(api):
    for params in ({"min_price": 2**63}, {"max_price": 2**64}, {"max_price": 1_000_001}):
        response = api.get("/v1/search/gigs", params=params)
        assert response.status_code == 400, (params, response.text)


def test_hardening_8_a_price_range_with_nothing_in_it_finds_nothing(api):
    # issue 15, item 8: OpenAPI cannot say min_price <= max_price, so the request is valid
    # (it was a 400 schemathesis reported as ST202); an empty range matches no gig
    response = api.get("/v1/search/gigs", params={"min_price": 5000, "max_price": 100})
    assert response.status_code == 200, response.text
    assert response.json()["results"] == []


def test_hardening_2_openapi_publishes_the_catalog_bounds(api):
    document = api.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    for name in ("PackagePrice", "ExtraPrice"):
        amount = schemas[name]["properties"]["amount"]
        assert (amount["minimum"], amount["maximum"]) == (500, 1_000_000)
    search = {
        p["name"]: p["schema"] for p in document["paths"]["/v1/search/gigs"]["get"]["parameters"]
    }
    assert search["min_price"]["maximum"] == search["max_price"]["maximum"] == 1_000_000
    assert search["cursor"]["maxLength"] and search["max_delivery_days"]["maximum"] == 90
    package = schemas["Package"]["properties"]
    assert package["delivery_days"]["maximum"] == 90 and package["revisions"]["maximum"] == 20
    gig = schemas["GigCreate"]["properties"]
    assert gig["title"]["maxLength"] == 80 and gig["description"]["maxLength"] == 500
    assert gig["extras"]["maxItems"] == 10 and gig["category"]["maxLength"] == 60


# item 3
def test_hardening_3_sign_up_with_an_email_in_another_case_is_a_409(api, unique):
    name = unique("m")
    assert signup(api, name).status_code == 201
    again = signup(api, unique("m"), email=f"{name.upper()}@EXAMPLE.com")
    assert again.status_code == 409, again.text
    assert again.json()["error"]["code"] == "conflict"


# item 4
def test_hardening_4_sign_in_is_throttled_per_account(api, unique):
    person = api.sign_up(unique("p"))
    for _ in range(5):
        wrong = api.post(
            "/v1/auth/token", json={"username": person.username, "password": "not-the-password"}
        )
        assert wrong.status_code == 401
    locked = api.post(
        "/v1/auth/token", json={"username": person.username, "password": "correct-horse"}
    )
    assert locked.status_code == 429, locked.text
    assert int(locked.headers["Retry-After"]) >= 1
    assert int(locked.json()["error"]["details"]["retry_after_seconds"]) >= 1


def test_hardening_4_unknown_users_are_throttled_like_known_ones(api, unique):
    name = unique("ghost")
    codes = [
        api.post("/v1/auth/token", json={"username": name, "password": "whatever-1"}).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]


def test_hardening_4_common_passwords_are_refused_with_a_reason(api, unique):
    # issue 15, item 8: a guessable password is well-formed (OpenAPI states only its
    # length and that it is not blank), so 422; eight spaces break the stated pattern: 400
    for password, status in (("password", 422), ("12345678", 422), (" " * 8, 400)):
        response = signup(api, unique("w"), password=password)
        assert response.status_code == status, (password, response.text)
        assert response.json()["error"]["details"]["password"]


# item 5
def test_hardening_5_an_anonymous_query_is_never_served_back_as_a_suggestion(api, unique):
    seller = api.sign_up(unique("s"))
    word = unique("zq")
    api.post("/v1/gigs", as_=seller, json=gig_body(title=f"I will design a {word} logo for you"))
    phrase = f"{word} logo buy cheap followers at evilsite dot com"
    for _ in range(5):
        api.get("/v1/search/gigs", params={"q": phrase})
        api.get("/v1/search/gigs", params={"q": f"{word} logo"})
    terms = [
        s["term"]
        for s in api.get("/v1/search/suggestions", params={"q": word}).json()["suggestions"]
    ]
    assert phrase not in terms


def test_hardening_5_an_admin_removes_a_suggestion(api, unique, system):
    seller = api.sign_up(unique("s"))
    word = unique("zq")
    api.post("/v1/gigs", as_=seller, json=gig_body(title=f"I will design a {word} logo for you"))

    def suggested():
        return [
            s["term"]
            for s in api.get("/v1/search/suggestions", params={"q": f"{word} l"}).json()[
                "suggestions"
            ]
        ]

    assert f"{word} logo" in suggested()  # from the gig's title
    admin = api.sign_in("admin", system["MICROTACHE_ADMIN_PASSWORD"])
    path = f"/v1/admin/suggestions/{quote(word + ' logo')}"
    assert api.request("DELETE", path, as_=seller).status_code == 403
    removed = api.request("DELETE", path, as_=admin)
    assert removed.status_code == 200, removed.text
    assert f"{word} logo" not in suggested()
