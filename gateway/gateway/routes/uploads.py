"""Uploads and downloads (API.md "Files"): bytes go straight to storage, never through
RabbitMQ or a JSON body.

A client declares a file (`POST /v1/uploads`: its use, name, type and size, checked
against the bounds the owning service's contract sets for that use), sends the
bytes where the answer says (a presigned S3 URL, or on local disk this gateway's
`PUT /v1/uploads/{id}/content`, streamed to disk in chunks), then names the upload
id where it uses it (a delivery, a gig's gallery ...). A download route asks the
owning service who may read the file, then `send_file` redirects to a presigned
link, or to this gateway's signed streaming link on local disk.

The local links are signed like a presigned URL (a short-lived JWT in the query, on a
key of their own derived from the token key), so a client does the same on both
backends and needs no header of ours.
"""

import hashlib
import hmac
import time

import jwt
from marshmallow import Schema, fields, validate
from nameko.timer import timer
from werkzeug.wrappers import Response

from microtache.config import setting
from microtache.errors import Conflict, Forbidden
from microtache.files import LINK_SECONDS
from microtache.files.blobs import CHUNK
from microtache.files.downloads import SAFE_HEADERS, content_disposition, download_type
from microtache.service import load

from buyer_requests.contract import UPLOAD_USES as REQUEST_USES
from catalog.contract import UPLOAD_USES as CATALOG_USES
from gateway.auth import signing_key
from gateway.http import route
from inbox.contract import UPLOAD_USES as INBOX_USES
from orders.contract import UPLOAD_USES as ORDER_USES
from reviews.contract import UPLOAD_USES as REVIEW_USES

USES = (*CATALOG_USES, *ORDER_USES, *REQUEST_USES, *REVIEW_USES, *INBOX_USES)
MAX_UPLOAD_BYTES = max(use.max_bytes for use in USES)
SWEEP_EVERY_SECONDS = 3600
TAGS = ["files"]
CONTENT_TYPE = r"^[\w.+-]+/[\w.+-]+$"


class UploadDeclarationSchema(Schema):
    """A file about to be sent: what it is for and what it is (bounds per use)."""

    use = fields.String(required=True, validate=validate.OneOf([use.name for use in USES]))
    name = fields.String(required=True, validate=validate.Length(1, 255))
    content_type = fields.String(
        required=True, validate=[validate.Length(3, 127), validate.Regexp(CONTENT_TYPE)]
    )
    size = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_UPLOAD_BYTES))


class UploadSchema(Schema):
    id = fields.String()
    use = fields.String()
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    state = fields.String(metadata={"enum": ["pending", "ready"]})
    sha256 = fields.String(allow_none=True)
    created_at = fields.String()


class UploadTicketSchema(UploadSchema):
    """Where to send the bytes: `method` to `upload_url` with `headers`, within
    `expires_in` seconds."""

    upload_url = fields.String()
    method = fields.String()
    headers = fields.Dict(keys=fields.String(), values=fields.String())
    expires_in = fields.Integer()


def link_key(config, purpose):
    """The key of one kind of link, derived from the token key: a link is never a
    token, nor a token a link."""
    return hmac.new(signing_key(config).encode(), purpose.encode(), hashlib.sha256).hexdigest()


def sign(config, purpose, claims):
    claims = {**claims, "exp": int(time.time()) + LINK_SECONDS}
    return jwt.encode(claims, link_key(config, purpose), algorithm="HS256")


def verified(config, purpose, token):
    try:
        return jwt.decode(token or "", link_key(config, purpose), algorithms=["HS256"])
    except jwt.PyJWTError:
        raise Forbidden("This link is not valid, or no longer.") from None


def chunks(stream):
    while chunk := stream.read(CHUNK):
        yield chunk


class UploadRoutes:
    """API.md "Files"."""

    @route(
        "POST",
        "/v1/uploads",
        body=UploadDeclarationSchema,
        status=201,
        response=UploadTicketSchema,
        tags=TAGS,
        summary="Declare a file, then send its bytes to `upload_url` (C1, M2, O3, Q1, R1, V1)",
    )
    def declare_upload(self, request, caller, body):
        data = load(UploadDeclarationSchema(), body)  # the gateway's own command
        upload = self.files.declare(caller["id"], **data)
        target = self.files.target(upload)
        if target is None:
            token = sign(self.config, "upload", {"sub": upload.id})
            url = f"{self._base(request)}/v1/uploads/{upload.id}/content?token={token}"
            method, headers = "PUT", {"Content-Type": upload.content_type}
        else:
            url, method, headers = target.url, target.method, target.headers
        return {
            **upload.view(),
            "upload_url": url,
            "method": method,
            "headers": headers,
            "expires_in": LINK_SECONDS,
        }

    @route(
        "PUT",
        "/v1/uploads/<upload_id>/content",
        public=True,  # the signed link is the credential, as a presigned URL's is
        stream="application/octet-stream",
        max_body=MAX_UPLOAD_BYTES,
        response=UploadSchema,
        tags=TAGS,
        summary="The bytes of a declared upload, on local storage (its `upload_url`)",
    )
    def receive_upload(self, request, upload_id):
        claims = verified(self.config, "upload", request.args.get("token"))
        if claims.get("sub") != upload_id:
            raise Forbidden("This link is for another upload.")
        return self.files.receive(upload_id, chunks(request.stream)).view()

    @route(
        "GET",
        "/v1/uploads/<upload_id>",
        response=UploadSchema,
        tags=TAGS,
        summary="My upload: `pending` until its bytes are whole, then `ready`, with its SHA-256",
    )
    def upload_status(self, request, caller, upload_id):
        return self.files.status(upload_id, caller["id"]).view()

    @route(
        "GET",
        "/v1/uploads/<upload_id>/content",
        status=302,
        tags=TAGS,
        summary="My upload's bytes, read back before I use it: a redirect to a signed link",
    )
    def download_upload(self, request, caller, upload_id):
        upload = self.files.status(upload_id, caller["id"])
        if upload.state == "pending":
            raise Conflict("This upload has not received its bytes yet.", {"state": "pending"})
        return self.send_file(upload.file())

    @route(
        "GET",
        "/v1/files/<upload_id>",
        public=True,  # reached by a redirect of a route that checked the reader
        tags=TAGS,
        summary="A file's bytes, by a signed link a download route redirected to",
    )
    def stream_file(self, request, upload_id):
        file = verified(self.config, "download", request.args.get("token"))
        if file.get("sub") != upload_id:
            raise Forbidden("This link is for another file.")
        size = self.files.blobs.size(file["key"])
        if size is None:
            raise Forbidden("This file is no longer here.")
        return Response(
            self.files.blobs.read(file["key"]),
            direct_passthrough=True,
            content_type=download_type(file["content_type"]),
            headers={
                "Content-Length": str(size),
                "Content-Disposition": content_disposition(file["name"]),
                "Cache-Control": "private, max-age=300",
                **SAFE_HEADERS,
            },
        )

    def send_file(self, file):
        """The answer of a download route, once the owning service said the caller may
        read `file` (the dict it keeps: `key`, `name`, `content_type`, ...): a 302 to a
        presigned link, or to this gateway's signed streaming link."""
        url = self.files.download(file)
        if url is None:
            ref = file.get("upload_id") or file["key"].rsplit("/", 1)[-1]
            claims = {
                "sub": ref,
                "key": file["key"],
                "name": file["name"],
                "content_type": file["content_type"],
            }
            token = sign(self.config, "download", claims)
            url = f"{setting(self.config, 'PUBLIC_URL').rstrip('/')}/v1/files/{ref}?token={token}"
        return Response(status=302, headers={"Location": url, "Cache-Control": "no-store"})

    def _base(self, request):
        return (setting(self.config, "PUBLIC_URL") or request.host_url).rstrip("/")

    @timer(interval=SWEEP_EVERY_SECONDS)
    def sweep_uploads(self):
        """Abandoned uploads go (microtache.files.uploads: pending 24 h, unused 7 days)."""
        self.files.sweep()
