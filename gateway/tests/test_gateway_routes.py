"""The gateway's routes alone: the services replaced by mocks (nameko's replace_dependencies)."""

import socket

import pytest
import requests
from nameko.testing.services import replace_dependencies

from microtache.errors import InvalidInput, RuleViolation, ServiceUnavailable

from gateway.auth import issue_token
from gateway.service import GatewayService

SECRET = "unit-test-secret-0123456789abcdef0123"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gateway(container_factory):
    config = {
        "AMQP_URI": "memory://",
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "JWT_SECRET": SECRET,
    }
    container = container_factory(GatewayService, config)
    catalog, accounts = replace_dependencies(container, "catalog", "accounts")
    # every token's account exists, as a user
    accounts.get_account.side_effect = lambda account_id: {"id": account_id, "role": "user"}
    container.start()
    return catalog, f"http://{config['WEB_SERVER_ADDRESS']}", config


def token(config, user_id="u-1", role="user"):
    return issue_token({"id": user_id, "username": "someone", "role": role}, config)["access_token"]


def test_a2_the_caller_comes_from_the_token_never_from_the_body(gateway):
    catalog, url, config = gateway
    catalog.get_account.return_value = {"id": "u-1"}
    response = requests.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token(config)}"})
    assert response.status_code == 200
    catalog.get_account.assert_called_once_with("u-1")  # the token's, never the body's


def test_a_gig_body_is_checked_once_by_its_owner_catalog(gateway):
    """The gateway passes the JSON on as received; catalog's contract refuses it."""
    catalog, url, config = gateway
    catalog.create_gig.side_effect = InvalidInput(
        "The request is not valid.", {"title": ["Not a valid string."]}
    )
    response = requests.post(
        f"{url}/v1/gigs", json={"title": 7}, headers={"Authorization": f"Bearer {token(config)}"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"title": ["Not a valid string."]}
    catalog.create_gig.assert_called_once_with({"title": 7})


def test_a_body_that_is_not_a_json_object_never_reaches_a_service(gateway):
    catalog, url, config = gateway
    for body in ("{not json", "[1, 2]"):
        response = requests.post(
            f"{url}/v1/gigs",
            data=body,
            headers={
                "Authorization": f"Bearer {token(config)}",
                "Content-Type": "application/json",
            },
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_input"
    catalog.create_gig.assert_not_called()


def test_a_service_error_keeps_its_status_code_and_details(gateway):
    catalog, url, config = gateway
    catalog.search_gigs.side_effect = RuleViolation("No.", {"why": "because"})
    response = requests.get(f"{url}/v1/search/gigs?q=logo")
    assert response.status_code == 422
    assert response.json() == {
        "error": {"code": "rule_violation", "message": "No.", "details": {"why": "because"}}
    }


def test_an_unexpected_failure_is_a_json_500_without_a_stack_trace(gateway):
    catalog, url, config = gateway
    catalog.list_categories.side_effect = KeyError("secret internals")
    response = requests.get(f"{url}/v1/categories")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert response.json()["error"]["code"] == "internal_error"


@pytest.mark.parametrize(
    "outage",
    [
        ServiceUnavailable("The catalog service is unavailable: it did not answer in time."),
        ConnectionResetError(104, "Connection reset by peer"),  # the broker went away
    ],
)
def test_an_outage_is_a_503_with_retry_after_never_a_500(gateway, outage):
    catalog, url, config = gateway
    catalog.get_account.side_effect = outage
    response = requests.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token(config)}"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_no_route_method_hides_another_of_the_same_name():
    """Two mixins defining a route method of the same name: the later one silently wins and
    the other route disappears (a 405 where a route should be)."""
    from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

    from gateway.http import Route

    owners = {}
    for cls in GatewayService.__mro__:
        for name, value in vars(cls).items():
            routes = getattr(value, ENTRYPOINT_EXTENSIONS_ATTR, ())
            if any(isinstance(route, Route) for route in routes):
                owners.setdefault(name, []).append(cls.__name__)
    assert {name: who for name, who in owners.items() if len(who) > 1} == {}
