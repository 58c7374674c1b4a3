"""Where the bytes of files live: one small interface, two real backends.

`LocalBlobs` keeps them under a folder (`make run`, one machine); `S3Blobs` keeps
them in a bucket of any S3-compatible object storage (MinIO, Ceph, AWS) through
boto3. Bytes always move in chunks: nothing here holds a whole file in memory.

A backend that can hand out presigned URLs (S3) answers `upload_target` and
`download_url` with them; the local one answers None, and the gateway serves
its own signed links instead (`gateway.uploads`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from microtache.files.downloads import content_disposition, download_type

CHUNK = 1024 * 1024  # bytes read or written at a time
PENDING_TAG = "microtache-upload=pending"  # on S3 until the bytes are whole


@dataclass(frozen=True)
class Written:
    """What a streamed write stored: its size and SHA-256 (hex)."""

    size: int
    sha256: str


@dataclass(frozen=True)
class Target:
    """Where and how a client sends a file's bytes (API.md "Files")."""

    url: str
    method: str = "PUT"
    headers: dict[str, str] = field(default_factory=dict)


class TooManyBytes(Exception):
    """A stream carried more bytes than it was allowed."""


class Blobs(Protocol):
    def write(self, key: str, chunks: Iterable[bytes], limit: int | None = None) -> Written: ...
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def read(self, key: str, start: int = 0) -> Iterator[bytes]: ...
    def size(self, key: str) -> int | None: ...
    def delete(self, key: str) -> None: ...
    def keys(self, prefix: str) -> Iterator[str]: ...
    def kept(self, key: str) -> None: ...
    def upload_target(
        self, key: str, content_type: str, size: int, expires: int
    ) -> Target | None: ...
    def download_url(self, key: str, name: str, content_type: str, expires: int) -> str | None: ...


def digest(chunks: Iterable[bytes]) -> Written:
    """Size and SHA-256 of a stream."""
    sha, size = hashlib.sha256(), 0
    for chunk in chunks:
        sha.update(chunk)
        size += len(chunk)
    return Written(size, sha.hexdigest())


class LocalBlobs:
    """Files under a folder; a key's slashes are folders. A file appears under its
    key only once whole (written to `<key>.part`, then renamed)."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)

    def _path(self, key: str) -> str:
        path = os.path.abspath(os.path.join(self.root, *key.split("/")))
        if not path.startswith(self.root + os.sep):
            raise ValueError(f"not a key of this store: {key!r}")
        return path

    def write(self, key: str, chunks: Iterable[bytes], limit: int | None = None) -> Written:
        path = self._path(key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        sha, size = hashlib.sha256(), 0
        try:
            with open(path + ".part", "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooManyBytes(key)
                    sha.update(chunk)
                    out.write(chunk)
            os.replace(path + ".part", path)
        finally:
            if os.path.exists(path + ".part"):
                os.remove(path + ".part")
        return Written(size, sha.hexdigest())

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.write(key, [data])

    def get(self, key: str) -> bytes | None:
        try:
            with open(self._path(key), "rb") as source:
                return source.read()
        except FileNotFoundError:
            return None

    def read(self, key: str, start: int = 0) -> Iterator[bytes]:
        with open(self._path(key), "rb") as source:
            source.seek(start)
            while chunk := source.read(CHUNK):
                yield chunk

    def size(self, key: str) -> int | None:
        try:
            return os.path.getsize(self._path(key))
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        try:
            os.remove(self._path(key))
        except FileNotFoundError:
            pass

    def keys(self, prefix: str) -> Iterator[str]:
        folder = self._path(prefix.rstrip("/") + "/x")[:-2]
        if not os.path.isdir(folder):
            return
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".part") and os.path.isfile(os.path.join(folder, name)):
                yield f"{prefix.rstrip('/')}/{name}"

    def kept(self, key: str) -> None:
        pass  # the sweep alone removes what is abandoned here

    def upload_target(self, key: str, content_type: str, size: int, expires: int) -> None:
        return None  # the gateway's own streaming route takes the bytes

    def download_url(self, key: str, name: str, content_type: str, expires: int) -> None:
        return None  # the gateway streams the file itself

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class S3Blobs:
    """Objects in one bucket of S3-compatible storage. The client is boto3's; its
    credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    a Kubernetes Secret) like any AWS tool's."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client, self.bucket = client, bucket

    def write(self, key: str, chunks: Iterable[bytes], limit: int | None = None) -> Written:
        """A multipart upload, part by part (8 MiB parts: S3's minimum is 5 MiB)."""
        upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=key)
        parts: list[dict[str, Any]] = []
        sha, size, buffer = hashlib.sha256(), 0, bytearray()
        part_size = 8 * CHUNK

        def send(data: bytes) -> None:
            answer = self.client.upload_part(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload["UploadId"],
                PartNumber=len(parts) + 1,
                Body=data,
            )
            parts.append({"ETag": answer["ETag"], "PartNumber": len(parts) + 1})

        try:
            for chunk in chunks:
                size += len(chunk)
                if limit is not None and size > limit:
                    raise TooManyBytes(key)
                sha.update(chunk)
                buffer += chunk
                while len(buffer) >= part_size:
                    send(bytes(buffer[:part_size]))
                    del buffer[:part_size]
            if buffer or not parts:
                send(bytes(buffer))
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload["UploadId"],
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload["UploadId"]
            )
            raise
        return Written(size, sha.hexdigest())

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except self.client.exceptions.NoSuchKey:
            return None
        with body:
            return bytes(body.read())

    def read(self, key: str, start: int = 0) -> Iterator[bytes]:
        extra = {"Range": f"bytes={start}-"} if start else {}
        body = self.client.get_object(Bucket=self.bucket, Key=key, **extra)["Body"]
        with body:
            yield from body.iter_chunks(CHUNK)

    def size(self, key: str) -> int | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def keys(self, prefix: str) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix.rstrip("/") + "/", Delimiter="/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]

    def kept(self, key: str) -> None:
        """The bytes are whole: no longer `PENDING_TAG`ged for the bucket's lifecycle."""
        self.client.delete_object_tagging(Bucket=self.bucket, Key=key)

    def upload_target(self, key: str, content_type: str, size: int, expires: int) -> Target:
        """A presigned PUT whose signature covers the type, the length and the
        `PENDING_TAG`: S3 refuses other bytes than those declared, and the bucket's
        lifecycle (deploy/storage/lifecycle.json) expires what is never made ready,
        should the sweep not run."""
        url = self.client.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": content_type,
                "ContentLength": size,
                "Tagging": PENDING_TAG,
            },
            ExpiresIn=expires,
        )
        return Target(url, "PUT", {"Content-Type": content_type, "x-amz-tagging": PENDING_TAG})

    def download_url(self, key: str, name: str, content_type: str, expires: int) -> str:
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentType": download_type(content_type),
                    "ResponseContentDisposition": content_disposition(name),
                },
                ExpiresIn=expires,
            )
        )

    def create_bucket(self) -> None:
        """For development and tests; production buckets come from deploy/."""
        try:
            self.client.create_bucket(Bucket=self.bucket)
        except self.client.exceptions.BucketAlreadyOwnedByYou:
            pass


def s3_client(endpoint_url: str | None, region: str | None) -> Any:
    import boto3  # type: ignore[import-untyped]  # only a deployment on S3 loads it
    from botocore.config import Config  # type: ignore[import-untyped]

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=region or "us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def blobs_from_url(url: str, endpoint_url: str | None = None, region: str | None = None) -> Blobs:
    """`file:///srv/files` (or a plain path), or `s3://bucket`."""
    parts = urlsplit(url)
    if parts.scheme == "s3":
        return S3Blobs(s3_client(endpoint_url, region), parts.netloc)
    if parts.scheme in ("", "file"):
        return LocalBlobs(parts.path if parts.scheme else url)
    raise ValueError(f"STORAGE_URL must be file:// or s3://, not {url!r}")
