"""Uploads on both backends (API.md "Files"): the local folder and a real S3 API server."""

import hashlib
import os
from datetime import UTC, datetime, timedelta

import pytest
import requests

from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation
from microtache.files import LocalBlobs, Uploads, UploadUse, blobs_from_config

MB = 1024**2
USES = [
    UploadUse("delivery", 50 * MB),
    UploadUse("gig_image", 10 * MB, ("image/png", "image/jpeg"), public=True),
]


class Clock:
    def __init__(self):
        self.at = datetime(2026, 12, 1, tzinfo=UTC)

    def __call__(self):
        return self.at


def chunks(size, seed=b"x"):
    block = hashlib.sha256(seed).digest() * (MB // 32)
    while size > 0:
        yield block[:size]
        size -= len(block[:size])


@pytest.fixture(params=["local", "s3"])
def uploads(request, tmp_path):
    if request.param == "local":
        blobs = LocalBlobs(str(tmp_path / "files"))
    else:
        blobs = blobs_from_config(request.getfixturevalue("s3_bucket"))
    clock = Clock()
    return Uploads(blobs, USES, clock), clock


def send(uploads, upload, data_chunks):
    """The client's part: to the presigned URL (S3), or through the stream (local)."""
    target = uploads.target(upload)
    if target is None:
        return uploads.receive(upload.id, data_chunks)
    body = b"".join(data_chunks)
    response = requests.request(target.method, target.url, data=body, headers=target.headers)
    assert response.status_code == 200, response.text
    return uploads.status(upload.id, upload.owner)


def test_o3_a_declared_upload_becomes_ready_with_its_size_and_checksum(uploads):
    uploads, _ = uploads
    upload = uploads.declare("u1", "delivery", "logo.ai", "application/postscript", 3 * MB)
    assert uploads.status(upload.id, "u1").state == "pending"
    ready = send(uploads, upload, chunks(3 * MB))
    expected = hashlib.sha256(b"".join(chunks(3 * MB))).hexdigest()
    assert (ready.state, ready.size, ready.sha256) == ("ready", 3 * MB, expected)
    assert uploads.status(upload.id, "u1").view()["state"] == "ready"
    assert hashlib.sha256(b"".join(uploads.read(upload.id))).hexdigest() == expected


def test_the_bounds_of_a_use_are_checked_when_the_upload_is_declared(uploads):
    uploads, _ = uploads
    with pytest.raises(RuleViolation) as too_big:
        uploads.declare("u1", "gig_image", "a.png", "image/png", 11 * MB)
    assert "size" in too_big.value.details
    with pytest.raises(RuleViolation) as wrong_type:
        uploads.declare("u1", "gig_image", "a.exe", "application/x-msdownload", 10)
    assert "content_type" in wrong_type.value.details


def test_bytes_beyond_the_declared_size_are_refused_and_nothing_is_kept(tmp_path):
    uploads = Uploads(LocalBlobs(str(tmp_path)), USES)
    upload = uploads.declare("u1", "delivery", "a.bin", "application/octet-stream", MB)
    with pytest.raises(RuleViolation):
        uploads.receive(upload.id, chunks(2 * MB))
    with pytest.raises(RuleViolation):
        uploads.receive(upload.id, chunks(MB // 2))
    assert uploads.status(upload.id, "u1").state == "pending"
    assert not [name for name in os.listdir(tmp_path / "uploads") if not name.endswith(".json")]
    assert uploads.receive(upload.id, chunks(MB)).state == "ready"  # then the right bytes
    with pytest.raises(Conflict):
        uploads.receive(upload.id, chunks(MB))


def test_bytes_of_another_size_sent_straight_to_storage_are_refused_on_arrival(s3_bucket):
    uploads = Uploads(blobs_from_config(s3_bucket), USES)
    upload = uploads.declare("u1", "delivery", "a.bin", "application/octet-stream", MB)
    target = uploads.target(upload)
    requests.put(target.url, data=b"x" * 10, headers=target.headers)  # moto signs loosely
    with pytest.raises(RuleViolation) as refused:
        uploads.status(upload.id, "u1")
    assert refused.value.details == {"declared": MB, "received": 10}
    assert uploads.status(upload.id, "u1").state == "pending"


def test_only_the_owner_sees_an_upload_and_only_for_its_use(uploads):
    uploads, _ = uploads
    upload = uploads.declare("u1", "delivery", "a.txt", "text/plain", 5)
    with pytest.raises(NotFound):
        uploads.status(upload.id, "u2")
    with pytest.raises(NotFound):
        uploads.status("not-an-id", "u1")
    with pytest.raises(RuleViolation):  # no bytes yet
        uploads.claim(upload.id, "u1", "delivery", "orders/deliveries/d1")
    send(uploads, upload, [b"hello"])
    with pytest.raises(Forbidden):
        uploads.claim(upload.id, "u2", "delivery", "orders/deliveries/d1")
    with pytest.raises(RuleViolation):
        uploads.claim(upload.id, "u1", "gig_image", "catalog/gigs/g1")
    taken = uploads.claim(upload.id, "u1", "delivery", "orders/deliveries/d1")
    assert taken.file() == {
        "upload_id": upload.id,
        "key": f"uploads/{upload.id}",
        "name": "a.txt",
        "content_type": "text/plain",
        "size": 5,
        "sha256": hashlib.sha256(b"hello").hexdigest(),
    }
    assert uploads.claim(upload.id, "u1", "delivery", "orders/deliveries/d1") == taken
    with pytest.raises(Conflict):
        uploads.claim(upload.id, "u1", "delivery", "orders/deliveries/d2")
    assert b"".join(uploads.read(upload.id)) == b"hello"


def test_abandoned_uploads_are_swept_and_attached_ones_kept(uploads):
    uploads, clock = uploads
    pending = uploads.declare("u1", "delivery", "p.txt", "text/plain", 5)
    unused = uploads.declare("u1", "delivery", "u.txt", "text/plain", 5)
    attached = uploads.declare("u1", "delivery", "a.txt", "text/plain", 5)
    send(uploads, unused, [b"12345"])
    send(uploads, attached, [b"12345"])
    uploads.claim(attached.id, "u1", "delivery", "orders/deliveries/d1")
    clock.at += timedelta(hours=23)
    assert uploads.sweep() == []
    clock.at += timedelta(hours=1)
    assert uploads.sweep() == [pending.id]
    clock.at += timedelta(days=6)
    assert uploads.sweep() == [unused.id]
    clock.at += timedelta(days=365)
    assert uploads.sweep() == []
    with pytest.raises(NotFound):
        uploads.status(pending.id, "u1")
    assert uploads.status(attached.id, "u1").state == "attached"


def test_a_download_link_is_presigned_on_s3_and_the_gateways_own_locally(uploads):
    uploads, _ = uploads
    upload = uploads.declare("u1", "delivery", "ünïcode name.txt", "text/plain", 5)
    send(uploads, upload, [b"hello"])
    link = uploads.download(uploads.find(upload.id).file())
    if isinstance(uploads.blobs, LocalBlobs):
        assert link is None
    else:
        response = requests.get(link)
        assert response.content == b"hello"
        assert "filename*=UTF-8''%C3%BC" in response.headers["Content-Disposition"]


def test_a_key_never_leaves_the_local_folder(tmp_path):
    with pytest.raises(ValueError):
        LocalBlobs(str(tmp_path)).put("../escape", b"x", "text/plain")


def test_claim_all_checks_every_upload_before_taking_any(uploads):
    uploads, _ = uploads
    mine = uploads.declare("u1", "delivery", "a.txt", "text/plain", 5)
    pending = uploads.declare("u1", "delivery", "b.txt", "text/plain", 5)
    send(uploads, mine, [b"12345"])
    with pytest.raises(RuleViolation):
        uploads.claim_all([mine.id, pending.id], "u1", "delivery", "orders/deliveries/d1")
    assert uploads.status(mine.id, "u1").state == "ready"  # not taken
    send(uploads, pending, [b"12345"])
    files = uploads.claim_all(
        [mine.id, pending.id, mine.id], "u1", "delivery", "orders/deliveries/d1"
    )
    assert [file["name"] for file in files] == ["a.txt", "b.txt"]
    assert uploads.status(pending.id, "u1").state == "attached"


def test_uploads_claimed_by_a_unit_of_work_that_does_not_commit_are_given_back(uploads):
    uploads, _ = uploads
    upload = uploads.declare("u1", "delivery", "a.txt", "text/plain", 5)
    send(uploads, upload, [b"12345"])
    undo = []
    uploads.claim_all([upload.id], "u1", "delivery", "orders/deliveries/d1", undo.append)
    assert uploads.status(upload.id, "u1").state == "attached"
    for step in undo:  # what the unit of work does when its commit fails
        step()
    assert uploads.status(upload.id, "u1").state == "ready"
    uploads.claim(upload.id, "u1", "delivery", "orders/deliveries/d2")  # the retry's


def test_bytes_sent_to_s3_are_tagged_pending_until_they_are_whole(s3_bucket):
    uploads = Uploads(blobs_from_config(s3_bucket), USES)
    upload = uploads.declare("u1", "delivery", "a.txt", "text/plain", 5)
    target = uploads.target(upload)
    assert requests.put(target.url, data=b"12345", headers=target.headers).status_code == 200
    client, bucket = uploads.blobs.client, uploads.blobs.bucket
    tags = client.get_object_tagging(Bucket=bucket, Key=upload.key)["TagSet"]
    assert tags == [{"Key": "microtache-upload", "Value": "pending"}]  # lifecycle.json's
    assert uploads.status(upload.id, "u1").state == "ready"
    assert client.get_object_tagging(Bucket=bucket, Key=upload.key)["TagSet"] == []
