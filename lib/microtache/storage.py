"""Where the bytes of uploaded files live (order deliveries O3, request attachments R1).

A file arrives inside a JSON command as `{"name", "content_type", "size",
"content"}` with `content` in base64. The owning service checks its rule's
bound on the declared size first (1 GB for a delivery, 30 MB for a request's
attachment), then stores the bytes and keeps only the metadata and the key.

`LocalDiskStorage` writes under `FILES_DIR` (one shared volume in Kubernetes);
another backend (S3, GCS) needs only `put`, `open` and `delete`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from marshmallow import Schema, fields, validate
from nameko.extensions import DependencyProvider

from microtache.config import setting
from microtache.errors import InvalidInput

if TYPE_CHECKING:
    from nameko.containers import WorkerContext

GB = 1024**3
MB = 1024**2


class FileSchema(Schema):
    """One uploaded file in a command."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_type = fields.String(
        load_default="application/octet-stream", validate=validate.Length(max=127)
    )
    size = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    content = fields.String(required=True)  # base64


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    content_type: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def decode(file: Mapping[str, Any]) -> bytes:
    """The bytes of a loaded FileSchema dict; their length must be the declared size."""
    try:
        data = base64.b64decode(file["content"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "A file's content is not valid base64.", {"name": file["name"]}
        ) from None
    if len(data) != file["size"]:
        raise InvalidInput(
            "A file's size does not match its content.",
            {"name": file["name"], "size": file["size"], "received": len(data)},
        )
    return data


class LocalDiskStorage:
    def __init__(self, root: str) -> None:
        self.root = root

    def _path(self, key: str) -> str:
        return os.path.join(self.root, *key.split("/"))

    def put(self, prefix: str, file: Mapping[str, Any]) -> StoredFile:
        """Store a loaded FileSchema dict under `prefix/`; its metadata back."""
        data = decode(file)
        key = f"{prefix}/{uuid.uuid4()}"
        path = self._path(key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".part", "wb") as out:
            out.write(data)
        os.replace(path + ".part", path)  # never a half-written file under its key
        return StoredFile(
            key, file["name"], file["content_type"], len(data), hashlib.sha256(data).hexdigest()
        )

    def open(self, key: str) -> IO[bytes]:
        return open(self._path(key), "rb")

    def delete(self, key: str) -> None:
        try:
            os.remove(self._path(key))
        except FileNotFoundError:
            pass


class FileStorage(DependencyProvider):
    """`storage = FileStorage()` in a service: a LocalDiskStorage under FILES_DIR."""

    def setup(self) -> None:
        config = self.container.config
        root = setting(config, "FILES_DIR") or os.path.join(setting(config, "DATA_DIR"), "files")
        self.storage = LocalDiskStorage(root)

    def get_dependency(self, worker_ctx: WorkerContext) -> LocalDiskStorage:
        return self.storage
