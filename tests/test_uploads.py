"""Files (API.md "Files", issue 17): bytes go straight to storage, never through RabbitMQ,
and never whole in the memory of the gateway or a service.

The system of these tests runs in this process (tests/conftest.py), so the resident
memory read from /proc/self/status is the gateway's, the services' and the client's
together: that is the bound checked.
"""

import hashlib
from urllib.parse import urljoin

import eventlet
import pytest
import requests
from nameko.containers import ServiceContainer

from gateway.service import GatewayService

from tests.support import Api, free_port

MB = 1024**2
GB = 1024**3
DELIVERY = "delivery"  # orders' use (orders.contract.uploads), up to 1 GB (O3)


def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


class PeakMemory:
    """The highest resident memory seen while the block runs, sampled every 50 ms."""

    def __enter__(self):
        self.start = self.peak = rss()
        self.running = True
        self.sampler = eventlet.spawn(self._sample)
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss())
            eventlet.sleep(0.05)

    def __exit__(self, *exc):
        self.running = False
        self.sampler.wait()
        self.peak = max(self.peak, rss())

    @property
    def growth(self):
        return self.peak - self.start


class Bytes:
    """`size` bytes made up as they are read (a sized file object, so the client sends
    a Content-Length, as S3 wants); its SHA-256 once read whole."""

    def __init__(self, size):
        self.size, self.left, self.sha = size, size, hashlib.sha256()
        self.block = hashlib.sha256(str(size).encode()).digest() * (MB // 32)

    def __len__(self):
        return self.size

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = (self.block * (n // len(self.block) + 1))[:n]
        self.left -= n
        self.sha.update(data)
        return data


def stream_through(api, person, size, name="big.bin"):
    """Declare, send, check ready, read back: the SHA-256 sent and the one read back."""
    ticket = api.post(
        "/v1/uploads",
        as_=person,
        json={"use": DELIVERY, "name": name, "content_type": "application/zip", "size": size},
    )
    assert ticket.status_code == 201, ticket.text
    ticket = ticket.json()
    data = Bytes(size)
    sent = requests.request(
        ticket["method"], ticket["upload_url"], data=data, headers=ticket["headers"], timeout=900
    )
    assert sent.status_code == 200, sent.text
    status = api.get(f"/v1/uploads/{ticket['id']}", as_=person).json()
    assert (status["state"], status["size"]) == ("ready", size)
    assert status["sha256"] == data.sha.hexdigest()
    download = api.get(
        f"/v1/uploads/{ticket['id']}/content", as_=person, stream=True, allow_redirects=False
    )
    assert download.status_code == 302
    read_back, received = hashlib.sha256(), 0
    link = urljoin(api.base_url, download.headers["Location"])  # relative on local disk
    with requests.get(link, stream=True, timeout=900) as response:
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        for chunk in response.iter_content(MB):
            read_back.update(chunk)
            received += len(chunk)
    assert received == size
    return data.sha.hexdigest(), read_back.hexdigest()


def test_o3_a_small_upload_is_declared_sent_made_ready_and_read_back(api, unique):
    seller = api.sign_up(unique("s"))
    upload_id = api.upload(seller, DELIVERY, b"hello, world", "hello.txt", "text/plain")
    status = api.get(f"/v1/uploads/{upload_id}", as_=seller).json()
    assert status["sha256"] == hashlib.sha256(b"hello, world").hexdigest()
    other = api.sign_up(unique("o"))
    assert api.get(f"/v1/uploads/{upload_id}", as_=other).status_code == 404
    assert api.get(f"/v1/uploads/{upload_id}/content", as_=other).status_code == 404
    link = api.get(f"/v1/uploads/{upload_id}/content", as_=seller, allow_redirects=False)
    response = requests.get(api.base_url + link.headers["Location"], timeout=30)
    assert response.content == b"hello, world"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_o3_an_upload_beyond_its_use_bound_is_refused_when_declared(api, unique):
    seller = api.sign_up(unique("s"))
    too_big = api.post(
        "/v1/uploads",
        as_=seller,
        json={
            "use": "request_attachment",  # R1: 30 MB
            "name": "x.bin",
            "content_type": "video/mp4",
            "size": 30 * MB + 1,
        },
    )
    assert too_big.status_code == 422, too_big.text
    assert "size" in too_big.json()["error"]["details"]
    beyond_any = api.post(
        "/v1/uploads",
        as_=seller,
        json={"use": DELIVERY, "name": "x.bin", "content_type": "video/mp4", "size": GB + 1},
    )
    assert beyond_any.status_code == 400  # the schema's bound, in OpenAPI
    unknown = api.post(
        "/v1/uploads",
        as_=seller,
        json={"use": "anything", "name": "x", "content_type": "text/plain", "size": 1},
    )
    assert unknown.status_code == 400
    assert "use" in unknown.json()["error"]["details"]


def test_o3_bytes_are_checked_again_when_they_arrive(api, unique):
    seller = api.sign_up(unique("s"))
    declared = {"use": DELIVERY, "name": "a.txt", "content_type": "text/plain", "size": 5}
    ticket = api.post("/v1/uploads", as_=seller, json=declared).json()
    url = ticket["upload_url"]
    more = requests.put(url, data=b"123456", headers=ticket["headers"], timeout=30)
    assert more.status_code == 422, more.text
    fewer = requests.put(url, data=b"1234", headers=ticket["headers"], timeout=30)
    assert fewer.status_code == 422
    forged = requests.put(url[: -len("x")] + "y", data=b"12345", timeout=30)
    assert forged.status_code == 403
    assert api.get(f"/v1/uploads/{ticket['id']}", as_=seller).json()["state"] == "pending"
    assert requests.put(url, data=b"12345", timeout=30).status_code == 200
    again = requests.put(url, data=b"12345", timeout=30)
    assert again.status_code == 409


def test_o3_a_1_gb_delivery_file_streams_through_local_storage_in_bounded_memory(api, unique):
    seller = api.sign_up(unique("s"))
    with PeakMemory() as memory:
        sent, read_back = stream_through(api, seller, GB)
    assert sent == read_back
    print(f"resident memory grew by {memory.growth / MB:.1f} MB, peak {memory.peak / MB:.0f} MB")
    assert memory.growth < 50 * MB, f"resident memory grew by {memory.growth / MB:.0f} MB"


@pytest.fixture
def s3_gateway(system, s3_bucket):
    """A gateway of its own on the shared system, whose files live on S3 (moto)."""
    config = {**system, **s3_bucket, "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}"}
    container = ServiceContainer(GatewayService, config)
    container.start()
    yield Api(f"http://{config['WEB_SERVER_ADDRESS']}")
    container.stop()


def test_o3_a_200_mb_file_streams_through_s3_in_bounded_memory(s3_gateway, unique):
    seller = s3_gateway.sign_up(unique("s"))
    with PeakMemory() as memory:
        sent, read_back = stream_through(s3_gateway, seller, 200 * MB)
    assert sent == read_back
    print(f"resident memory grew by {memory.growth / MB:.1f} MB, peak {memory.peak / MB:.0f} MB")
    assert memory.growth < 50 * MB, f"resident memory grew by {memory.growth / MB:.0f} MB"
