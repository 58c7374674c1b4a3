"""Issue 15 at the gateway, the services replaced by mocks: signing keys, callers that
no longer exist, body size and JSON depth, downloads, empty patches, shadowed routes."""

import base64
import json
import os
import socket
import stat
import subprocess
import sys
import uuid

import pytest
import requests
from nameko.testing.services import replace_dependencies
from werkzeug.http import parse_options_header

from microtache.errors import NotFound
from microtache.files import LocalBlobs

from gateway import auth
from gateway.auth import issue_token
from gateway.service import GatewayService

SECRET = "unit-test-secret-0123456789abcdef0123"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gateway:
    def __init__(self, container, config, mocks):
        self.config, self.url = config, f"http://{config['WEB_SERVER_ADDRESS']}"
        self.container = container
        self.roles = {}  # what catalog says of each account (the mock's)
        self.__dict__.update(mocks)

    def account(self, account_id):
        """catalog.get_account as the mock answers it: the role tokens were issued with."""
        return {"id": account_id, "username": "someone", "role": self.roles.get(account_id, "user")}

    def token(self, user_id="u-1", role="user"):
        self.roles.setdefault(user_id, role)
        return issue_token({"id": user_id, "username": "someone", "role": role}, self.config)[
            "access_token"
        ]

    def auth(self, **kwargs):
        return {"Authorization": f"Bearer {self.token(**kwargs)}"}


@pytest.fixture
def gateway(container_factory, tmp_path):
    config = {
        "AMQP_URI": "memory://",
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "JWT_SECRET": SECRET,
        "FILES_DIR": str(tmp_path / "files"),
    }
    container = container_factory(GatewayService, config)
    names = ["catalog", "orders", "requests", "payments"]
    if hasattr(GatewayService, "accounts"):  # the caller check's own proxy to catalog
        names.append("accounts")
    mocks = dict(zip(names, replace_dependencies(container, *names), strict=False))
    gateway = Gateway(container, config, mocks)
    if "accounts" in mocks:
        mocks["accounts"].get_account.side_effect = gateway.account
    container.start()
    return gateway


# 1. signing keys and callers


def test_hardening_1_no_signing_key_in_the_source_each_data_folder_generates_its_own(tmp_path):
    first, second = {"DATA_DIR": str(tmp_path / "one")}, {"DATA_DIR": str(tmp_path / "two")}
    key = auth.signing_key(first)
    assert key != auth.signing_key(second)
    assert auth.signing_key(first) == key  # reused, not regenerated
    secrets_file = tmp_path / "one" / "secrets.json"
    assert json.loads(secrets_file.read_text())["jwt_secret"] == key
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert len(key) >= 32


def test_hardening_1_production_refuses_to_start_without_jwt_secret(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("JWT_SECRET", "MICROTACHE_ADMIN_PASSWORD")
    }
    env.update(
        {
            "MICROTACHE_ENV": "production",
            "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
            "GATEWAY_PORT": str(free_port()),
            "MICROTACHE_DATA_DIR": str(tmp_path),
        }
    )
    try:
        gateway = subprocess.run(
            [
                sys.executable,
                "-m",
                "microtache.serve",
                "--config",
                f"{ROOT}/config.yaml",
                "gateway.service:GatewayService",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the gateway started in production without JWT_SECRET")
    assert gateway.returncode != 0
    assert gateway.stderr.strip().splitlines()[-1] == (
        "microtache: JWT_SECRET must be set in production (MICROTACHE_ENV=production): "
        "refusing to start."
    )
    assert "Traceback" not in gateway.stderr
    probe = subprocess.run(
        [sys.executable, "-m", "microtache.cli", "probe", "gateway"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0
    assert "JWT_SECRET must be set in production" in probe.stdout + probe.stderr
    assert not list(tmp_path.iterdir())  # nothing generated in production


def test_hardening_1_a_token_of_an_account_that_does_not_exist_is_refused(gateway):
    gateway.accounts.get_account.side_effect = NotFound("No such account.")
    gateway.orders.list_orders.return_value = {"results": []}
    response = requests.get(f"{gateway.url}/v1/orders", headers=gateway.auth(user_id="ghost"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    gateway.orders.list_orders.assert_not_called()


def test_hardening_1_a_disabled_account_is_refused(gateway):
    gateway.accounts.get_account.side_effect = lambda account_id: {
        **gateway.account(account_id),
        "disabled": True,
    }
    response = requests.get(f"{gateway.url}/v1/orders", headers=gateway.auth())
    assert response.status_code == 401


def test_hardening_1_the_account_check_is_remembered_not_one_rpc_per_request(gateway):
    gateway.orders.list_orders.return_value = {"results": []}
    headers = gateway.auth(user_id="u-7")
    for _ in range(5):
        assert requests.get(f"{gateway.url}/v1/orders", headers=headers).status_code == 200
    assert gateway.accounts.get_account.call_count == 1


def test_hardening_1_the_role_comes_from_catalog_not_from_an_old_token(gateway):
    gateway.accounts.get_account.side_effect = lambda account_id: {
        **gateway.account(account_id),
        "role": "user",
    }
    response = requests.get(f"{gateway.url}/v1/admin/requests", headers=gateway.auth(role="admin"))
    assert response.status_code == 403


# 3 and 7. JSON depth and body size


@pytest.mark.parametrize("path", ["/v1/auth/token", "/v1/gigs"])
def test_hardening_3_json_nested_1000_deep_is_a_400_not_a_500(gateway, path):
    body = '{"title": ' + "[" * 1000 + "]" * 1000 + "}"
    response = requests.post(
        f"{gateway.url}{path}",
        data=body,
        headers={**gateway.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


def test_hardening_3_json_deeper_than_32_is_a_400_before_any_rpc(gateway):
    body = {"username": "a", "password": "b", "x": json.loads("[" * 40 + "]" * 40)}
    response = requests.post(f"{gateway.url}/v1/auth/token", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"max_depth": 32}
    gateway.catalog.authenticate.assert_not_called()


def raw_request(gateway, head, body=b"", timeout=5):
    host, port = gateway.config["WEB_SERVER_ADDRESS"].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            pytest.fail("no answer: the gateway is waiting to read the whole body")
    return answer


def test_hardening_7_a_100_mb_sign_in_is_a_413_before_the_body_is_read(gateway):
    answer = raw_request(
        gateway,
        "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n",
        b'{"username": "',
    )
    status, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status
    assert b'"payload_too_large"' in answer or b"payload_too_large" in rest + answer
    gateway.catalog.authenticate.assert_not_called()


def test_hardening_7_a_chunked_body_over_the_limit_is_a_413(gateway):
    def chunks():
        yield b'{"username": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'", "password": "x"}'

    response = requests.post(
        f"{gateway.url}/v1/auth/token", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    gateway.catalog.authenticate.assert_not_called()


def test_hardening_7_a_chunked_body_within_the_limit_is_read(gateway):
    gateway.catalog.authenticate.return_value = {"id": "u-1", "username": "a", "role": "user"}
    response = requests.post(
        f"{gateway.url}/v1/auth/token",
        headers={"Content-Type": "application/json"},
        data=iter([b'{"username": "someone", ', b'"password": "correct-horse"}']),
    )
    assert response.status_code == 200
    gateway.catalog.authenticate.assert_called_once()


def test_hardening_7_a_file_in_a_json_body_is_refused_files_go_through_uploads(gateway):
    content = base64.b64encode(os.urandom(3 * 1024**2)).decode()
    body = {"message": "Here", "files": [{"name": "big.zip", "content": content}]}
    response = requests.post(
        f"{gateway.url}/v1/orders/o-1/deliveries", json=body, headers=gateway.auth()
    )
    assert response.status_code == 413
    assert response.json()["error"]["details"] == {"max_bytes": 1024**2}
    gateway.orders.deliver.assert_not_called()


# 6. downloads


def download(gateway, name, content_type, content=b"<script>alert(1)</script>"):
    """orders answers the kept file; the gateway redirects to its signed link, which
    streams the bytes from the files folder with the download policy's headers."""
    upload_id = uuid.uuid4().hex
    LocalBlobs(gateway.config["FILES_DIR"]).put(f"uploads/{upload_id}", content, content_type)
    gateway.orders.delivered_file.return_value = {
        "upload_id": upload_id,
        "key": f"uploads/{upload_id}",
        "name": name,
        "content_type": content_type,
        "size": len(content),
        "sha256": "ab" * 32,
    }
    return requests.get(
        f"{gateway.url}/v1/orders/o-1/deliveries/d-1/files/x", headers=gateway.auth()
    )


def test_hardening_6_a_file_name_cannot_inject_a_content_disposition_parameter(gateway):
    response = download(gateway, 'a"; filename="evil.exe', "image/png")
    assert response.status_code == 200
    value, options = parse_options_header(response.headers["Content-Disposition"])
    assert value == "attachment"
    assert list(options) == ["filename"]
    assert options["filename"] != "evil.exe" and '"' not in options["filename"]


def test_hardening_6_a_non_ascii_name_is_encoded_as_rfc_5987_says(gateway):
    response = download(gateway, "résumé €.pdf", "application/pdf")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"resume .pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%82%AC.pdf"
    )
    value, options = parse_options_header(response.headers["Content-Disposition"])
    assert options["filename"] == "résumé €.pdf"  # werkzeug reads filename* first
    assert response.headers["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "image/svg+xml",
        "application/xhtml+xml",
        "text/javascript",
        "application/x-unknown",
        "TEXT/HTML; charset=utf-8",
    ],
)
def test_hardening_6_active_content_is_an_octet_stream_attachment_with_nosniff(
    gateway, content_type
):
    response = download(gateway, "page.html", content_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_hardening_6_passive_content_keeps_its_type_with_nosniff(gateway):
    response = download(gateway, "logo.png", "image/png", b"\x89PNG")
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.content == b"\x89PNG"


def test_hardening_3_a_name_or_type_holding_cr_lf_downloads_fine(gateway):
    response = download(gateway, "logo\r\nX-Evil: 1.png", "image/png\r\nX-Evil: 2", b"data")
    assert response.status_code == 200
    assert "X-Evil" not in response.headers
    assert response.content == b"data"


# 8. empty patches, shadowed routes


@pytest.mark.parametrize("verb", ["DELETE", "POST", "PUT", "PATCH"])
def test_hardening_8_other_verbs_on_requests_open_are_405_with_allow(gateway, verb):
    response = requests.request(verb, f"{gateway.url}/v1/requests/open", headers=gateway.auth())
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.json()["error"]["code"] == "method_not_allowed"
    gateway.requests.delete_request.assert_not_called()


def test_hardening_4_the_throttled_address_is_never_one_the_client_chose():
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from gateway.http import client_address

    request = Request(
        EnvironBuilder(
            headers={"X-Forwarded-For": "6.6.6.6, 10.0.0.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},
        ).get_environ()
    )
    assert client_address(request, {"TRUSTED_PROXY_HOPS": 0}) == "10.0.0.9"  # no proxy
    assert client_address(request, {"TRUSTED_PROXY_HOPS": 1}) == "10.0.0.7"  # an ingress
    assert client_address(request, {"TRUSTED_PROXY_HOPS": 5}) == "10.0.0.9"  # too few hops
