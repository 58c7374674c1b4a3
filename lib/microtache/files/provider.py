"""`files = Files(uses)` in a service or the gateway: its `Uploads`, on the storage
the configuration names.

- `STORAGE_URL`: `s3://<bucket>` for object storage (then `S3_ENDPOINT_URL` for
  MinIO or Ceph, `S3_REGION`, and the credentials in AWS_ACCESS_KEY_ID and
  AWS_SECRET_ACCESS_KEY), or empty for a folder: `FILES_DIR`, by default
  `<DATA_DIR>/files` (development: one machine).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from nameko.extensions import DependencyProvider

from microtache.config import setting
from microtache.files.blobs import Blobs, blobs_from_url
from microtache.files.uploads import Uploads, UploadUse

if TYPE_CHECKING:
    from nameko.containers import WorkerContext


def blobs_from_config(config: Mapping[str, Any]) -> Blobs:
    url = setting(config, "STORAGE_URL")
    if not url:
        url = setting(config, "FILES_DIR") or os.path.join(setting(config, "DATA_DIR"), "files")
    return blobs_from_url(
        url, setting(config, "S3_ENDPOINT_URL") or None, setting(config, "S3_REGION") or None
    )


class Files(DependencyProvider):
    def __init__(self, uses: Iterable[UploadUse] = ()) -> None:
        self.declared_uses = tuple(uses)

    def setup(self) -> None:
        self.uploads = Uploads(blobs_from_config(self.container.config), self.declared_uses)

    def get_dependency(self, worker_ctx: WorkerContext) -> Uploads:
        return self.uploads
