"""Every route answers bad input and missing tokens with the JSON error envelope (A2)."""

import re
import uuid
from datetime import UTC

import pytest

from gateway.openapi import routes
from gateway.service import GatewayService

from tests.support import SERVICES

ROUTES = [(name, route) for name, route in routes(GatewayService)]
PRIVATE = [(name, route) for name, route in ROUTES if not route.public]
WITH_BODY = [(name, route) for name, route in ROUTES if route.body_schema is not None]


def concrete(url):
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", str(uuid.uuid4()), url)


def assert_envelope(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("name,route", PRIVATE, ids=[n for n, _ in PRIVATE])
def test_a2_private_route_without_a_valid_token_is_401(api, name, route):
    for method in route.method.split(","):
        assert_envelope(api.request(method, concrete(route.url)), 401, "unauthenticated")
        forged = {"Authorization": "Bearer not.a.token"}
        assert_envelope(api.request(method, concrete(route.url), headers=forged), 401)


@pytest.mark.parametrize("name,route", WITH_BODY, ids=[n for n, _ in WITH_BODY])
def test_bad_input_to_every_route_is_a_400_with_details(api, unique, name, route):
    caller = (
        None
        if route.public
        else (api.sign_in("admin", "admin-password") if route.admin else api.sign_up(unique("p")))
    )
    for method in route.method.split(","):
        url = concrete(route.url)
        not_json = api.request(
            method, url, as_=caller, data="{not json", headers={"Content-Type": "application/json"}
        )
        assert_envelope(not_json, 400, "invalid_input")
        assert_envelope(api.request(method, url, as_=caller, json=[1, 2]), 400, "invalid_input")
        unknown = assert_envelope(
            api.request(method, url, as_=caller, json={"no_such_field": 1}), 400, "invalid_input"
        )
        assert "no_such_field" in unknown["details"]


def test_a2_admin_routes_refuse_users_with_403(api, unique):
    person = api.sign_up(unique("p"))
    for _name, route in ROUTES:
        if route.admin:
            response = api.request(
                route.method.split(",")[0], concrete(route.url), as_=person, json={"seconds": 1}
            )
            assert_envelope(response, 403, "forbidden")


def test_unknown_routes_wrong_verbs_and_missing_things_answer_json(api):
    assert_envelope(api.get("/v1/no-such-route"), 404)
    assert_envelope(api.request("DELETE", "/health"), 405)
    assert_envelope(api.get(f"/v1/gigs/{uuid.uuid4()}"), 404, "not_found")


def test_a2_an_expired_token_is_401(api, system, unique):
    from datetime import datetime, timedelta

    import jwt

    old = datetime.now(UTC) - timedelta(hours=2)
    token = jwt.encode(
        {
            "sub": "x",
            "role": "user",
            "iss": "microtache",
            "iat": old,
            "exp": old + timedelta(hours=1),
        },
        system["JWT_SECRET"],
        algorithm="HS256",
    )
    response = api.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert "expired" in assert_envelope(response, 401)["message"]


def test_gig_rules_answer_with_per_field_details(api, unique):
    seller = api.sign_up(unique("s"))
    from tests.support import gig_body

    body = gig_body(title="Too short", description="x" * 501)
    error = assert_envelope(api.post("/v1/gigs", as_=seller, json=body), 400)
    assert "title" in error["details"] and "description" in error["details"]


def test_health_ready_and_the_openapi_document(api):
    assert api.get("/health").json() == {"status": "ok"}
    ready = api.get("/ready")
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["checks"]) == {"broker", *SERVICES}  # every one of the registry
    spec = api.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/v1/gigs" in spec["paths"] and "Gig" in spec["components"]["schemas"]
    assert api.get("/docs").headers["Content-Type"].startswith("text/html")


def test_the_web_app_and_its_assets_come_from_the_gateway_itself(api):
    page = api.get("/")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "https://" not in page.text  # nothing from elsewhere
    assert api.get("/assets/js/app.js").headers["Content-Type"].startswith("text/javascript")
    assert api.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    missing = api.get("/assets/js/nothing-here.js")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert api.get("/assets/../config.yaml").status_code == 404
    assert api.get("/docs/assets/index.html").status_code == 404  # only what /docs needs
    assert "/assets/{path}" not in api.get("/openapi.json").json()["paths"]


def test_cors_is_off_unless_configured(api):
    elsewhere = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}
    preflight = api.request("OPTIONS", "/v1/categories", headers=elsewhere)
    assert "Access-Control-Allow-Origin" not in preflight.headers
    plain = api.get("/v1/categories", headers={"Origin": "https://elsewhere.example"})
    assert plain.status_code == 200 and "Access-Control-Allow-Origin" not in plain.headers


def test_the_bus_description_is_served_next_to_the_apis(api):
    document = api.get("/asyncapi.json")
    assert document.status_code == 200, document.text
    bus = document.json()
    assert bus["asyncapi"] == "3.0.0"
    assert "orders.order_completed" in bus["channels"]
    assert bus["operations"]["payments.publishes.earnings_pending"]["action"] == "send"
