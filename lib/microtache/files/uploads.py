"""Uploads (API.md "Files"): a client declares a file, sends its bytes straight to
storage, then names the upload where it is used (a delivery, a gig's gallery ...).

The record of an upload is a small JSON manifest beside its bytes in the same
storage (`uploads/<id>.json` next to `uploads/<id>`): every process that can
read the bytes can read the record, and no service's database holds another's
files. An upload is

- `pending` from its declaration until its bytes are whole: their size is the
  declared one, and their SHA-256 is known;
- `ready` then; only its owner may use it, once, for the use it was declared for;
- `attached` once a service has taken it (`claim`): from then on that service
  decides who may read it.

Abandoned uploads are removed by `sweep`: a pending one `PENDING_TTL` after its
declaration, a ready one never attached `UNUSED_TTL` after it (docs/operations.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.files.blobs import Blobs, Target, TooManyBytes, digest

MB = 1024**2
GB = 1024**3
PENDING_TTL = timedelta(hours=24)
UNUSED_TTL = timedelta(days=7)
LINK_SECONDS = 15 * 60  # how long an upload or download link lasts
PREFIX = "uploads"


@dataclass(frozen=True)
class UploadUse:
    """What an upload may be used for, and the bounds of that use, declared by the
    service that owns the use in its contract (e.g. orders: a delivery file, O3)."""

    name: str
    max_bytes: int
    content_types: tuple[str, ...] = ()  # empty: any type
    public: bool = False  # readable by anyone once attached (a gig's gallery)

    def refusals(self, content_type: str, size: int) -> dict[str, list[str]]:
        problems: dict[str, list[str]] = {}
        if size > self.max_bytes:
            problems["size"] = [f"A {self.name} file is at most {self.max_bytes} bytes."]
        if self.content_types and content_type not in self.content_types:
            problems["content_type"] = [
                f"A {self.name} file is one of: {', '.join(self.content_types)}."
            ]
        return problems


@dataclass(frozen=True)
class Upload:
    id: str
    owner: str
    use: str
    name: str
    content_type: str
    size: int
    state: str  # pending, ready, attached
    created_at: str
    sha256: str | None = None
    ready_at: str | None = None
    attached_to: str | None = None

    @property
    def key(self) -> str:
        return f"{PREFIX}/{self.id}"

    def view(self) -> dict[str, Any]:
        """What its owner sees (GET /v1/uploads/{id})."""
        return {
            "id": self.id,
            "use": self.use,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "state": "pending" if self.state == "pending" else "ready",
            "sha256": self.sha256,
            "created_at": self.created_at,
        }

    def file(self) -> dict[str, Any]:
        """What a service keeps of an upload it took: enough to list and serve it."""
        return {
            "upload_id": self.id,
            "key": self.key,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def _manifest_key(upload_id: str) -> str:
    return f"{PREFIX}/{upload_id}.json"


def _valid_id(upload_id: object) -> str:
    try:
        return uuid.UUID(str(upload_id)).hex
    except ValueError:
        raise NotFound("No such upload.", {"upload_id": str(upload_id)[:64]}) from None


class Uploads:
    def __init__(
        self,
        blobs: Blobs,
        uses: Iterable[UploadUse],
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.blobs, self.now = blobs, now
        self.uses = {use.name: use for use in uses}

    # -- the owner ---------------------------------------------------------------------
    def declare(self, owner: str, use: str, name: str, content_type: str, size: int) -> Upload:
        """A new pending upload, after the use's bounds (refused: 422, nothing kept)."""
        if use not in self.uses:
            raise InvalidInput(
                "The request is not valid.", {"use": [f"One of: {', '.join(sorted(self.uses))}."]}
            )
        problems = self.uses[use].refusals(content_type, size)
        if problems:
            raise RuleViolation("This file cannot be used so.", problems)
        upload = Upload(
            uuid.uuid4().hex, owner, use, name, content_type, size, "pending", self._stamp()
        )
        self._save(upload)
        return upload

    def target(self, upload: Upload) -> Target | None:
        """The backend's presigned upload, or None: send the bytes to the gateway."""
        return self.blobs.upload_target(upload.key, upload.content_type, upload.size, LINK_SECONDS)

    def receive(self, upload_id: str, chunks: Iterable[bytes]) -> Upload:
        """The bytes of a pending upload, streamed (the local backend's route): more
        than declared is refused while reading, fewer once the stream ends."""
        upload = self._load(upload_id)
        if upload.state != "pending":
            raise Conflict("This upload already has its bytes.", {"state": upload.state})
        try:
            written = self.blobs.write(upload.key, chunks, limit=upload.size)
        except TooManyBytes:
            raise RuleViolation(
                "More bytes than the upload declared.", {"size": upload.size}
            ) from None
        return self._complete(upload, written.size, written.sha256)

    def status(self, upload_id: str, owner: str) -> Upload:
        upload = self._load(upload_id)
        if upload.owner != owner:
            raise NotFound("No such upload.", {"upload_id": upload_id})
        return self._settle(upload)

    # -- the services that use uploads ---------------------------------------------------
    def usable(
        self, upload_id: str, owner: str, use: str, attached_to: str | None = None
    ) -> Upload:
        """The upload, if its owner may use it for `use` (and `attached_to`): else what
        `claim` would raise, with nothing taken."""
        upload = self._settle(self._load(upload_id))
        if upload.owner != owner:
            raise Forbidden("This upload is not yours.", {"upload_id": upload.id})
        if upload.use != use:
            raise RuleViolation(
                f"This upload was declared for {upload.use}, not {use}.",
                {"upload_id": upload.id},
            )
        if upload.state == "pending":
            raise RuleViolation(
                "This upload has not received its bytes yet.", {"upload_id": upload.id}
            )
        if upload.state == "attached" and upload.attached_to != attached_to:
            raise Conflict("This upload is used elsewhere already.", {"upload_id": upload.id})
        return upload

    def claim(self, upload_id: str, owner: str, use: str, attached_to: str) -> Upload:
        """Take a ready upload for `use` (e.g. "delivery") on behalf of its owner, for
        `attached_to` (e.g. "orders/deliveries/<id>"); the same claim again is a no-op."""
        upload = self.usable(upload_id, owner, use, attached_to)
        if upload.state != "attached":
            upload = replace(upload, state="attached", attached_to=attached_to)
            self._save(upload)
        return upload

    def check_all(
        self, upload_ids: Iterable[str], owner: str, use: str, attached_to: str | None = None
    ) -> list[Upload]:
        """`usable` for each upload a command names, each once, in their order."""
        return [
            self.usable(upload_id, owner, use, attached_to)
            for upload_id in dict.fromkeys(upload_ids)
        ]

    def claim_all(
        self,
        upload_ids: Iterable[str],
        owner: str,
        use: str,
        attached_to: str,
        on_rollback: Callable[[Callable[[], object]], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Take the uploads a command names: all are checked before any is taken, so a
        command refused for one leaves the others free for a retry; the files the
        service keeps (`Upload.file()`). Given its unit of work's `on_rollback`, a
        command that does not commit gives them back (`unclaim`)."""
        checked = self.check_all(upload_ids, owner, use, attached_to)
        files = [self.claim(upload.id, owner, use, attached_to).file() for upload in checked]
        if on_rollback is not None:

            def give_back() -> None:
                for file in files:
                    self.unclaim(file["upload_id"], attached_to)

            on_rollback(give_back)
        return files

    def unclaim(self, upload_id: str, attached_to: str) -> None:
        """Give back an upload taken for `attached_to` that was never kept: ready again."""
        upload = self._load(upload_id)
        if upload.state == "attached" and upload.attached_to == attached_to:
            self._save(replace(upload, state="ready", attached_to=None))

    def read(self, upload_id: str, start: int = 0) -> Iterator[bytes]:
        """The bytes of an upload (for a service that took it, e.g. to make a thumbnail)."""
        return self.blobs.read(f"{PREFIX}/{_valid_id(upload_id)}", start)

    def release(self, upload_id: str) -> None:
        """Remove an upload and its bytes (a gallery image replaced)."""
        upload_id = _valid_id(upload_id)
        self.blobs.delete(f"{PREFIX}/{upload_id}")
        self.blobs.delete(_manifest_key(upload_id))

    def download(self, file: dict[str, Any]) -> str | None:
        """A presigned link to a kept file's bytes (`file()`'s dict, or a file kept
        before uploads, which has its `key` only), or None: the gateway streams them."""
        return self.blobs.download_url(
            file["key"],
            file["name"],
            file["content_type"],
            LINK_SECONDS,
        )

    def find(self, upload_id: str) -> Upload:
        return self._load(upload_id)

    # -- housekeeping ------------------------------------------------------------------
    def sweep(self) -> list[str]:
        """Remove the uploads abandoned before their time (module docstring); their ids."""
        now, removed = self.now(), []
        for key in list(self.blobs.keys(PREFIX)):
            if not key.endswith(".json"):
                continue
            upload = self._read(key)
            if upload is None or upload.state == "attached":
                continue
            created = datetime.fromisoformat(upload.created_at)
            ttl = PENDING_TTL if upload.state == "pending" else UNUSED_TTL
            if now - created >= ttl:
                self.release(upload.id)
                removed.append(upload.id)
        return removed

    # -- the record --------------------------------------------------------------------
    def _settle(self, upload: Upload) -> Upload:
        """A pending upload whose bytes arrived straight in storage (a presigned PUT)
        is checked and becomes ready: the size must be the declared one."""
        if upload.state != "pending":
            return upload
        size = self.blobs.size(upload.key)
        if size is None:
            return upload
        if size != upload.size:
            self.blobs.delete(upload.key)  # the client may send them again
            raise RuleViolation(
                "The bytes received are not the size declared; send them again.",
                {"declared": upload.size, "received": size},
            )
        written = digest(self.blobs.read(upload.key))
        return self._complete(upload, written.size, written.sha256)

    def _complete(self, upload: Upload, size: int, sha256: str) -> Upload:
        if size != upload.size:
            self.blobs.delete(upload.key)
            raise RuleViolation(
                "Fewer bytes than the upload declared; send them again.",
                {"declared": upload.size, "received": size},
            )
        upload = replace(upload, state="ready", sha256=sha256, ready_at=self._stamp())
        self.blobs.kept(upload.key)
        self._save(upload)
        return upload

    def _stamp(self) -> str:
        return self.now().astimezone(UTC).isoformat()

    def _save(self, upload: Upload) -> None:
        self.blobs.put(
            _manifest_key(upload.id), json.dumps(asdict(upload)).encode(), "application/json"
        )

    def _read(self, key: str) -> Upload | None:
        data = self.blobs.get(key)
        return None if data is None else Upload(**json.loads(data))

    def _load(self, upload_id: str) -> Upload:
        upload = self._read(_manifest_key(_valid_id(upload_id)))
        if upload is None:
            raise NotFound("No such upload.", {"upload_id": str(upload_id)[:64]})
        return upload
