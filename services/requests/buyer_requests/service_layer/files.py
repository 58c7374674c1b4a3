"""Uploads named by a command (API.md "Files"): every one is checked before any is
taken, so that a command refused for one file leaves the others free for a retry."""

from microtache.errors import Conflict, RuleViolation


def check_uploads(uploads, upload_ids, owner, use, attached_to=None):
    """Raise what `claim` would for any of them (Forbidden, RuleViolation, Conflict),
    taking none; the uploads (`microtache.files.Upload`), each once, in their order."""
    found_all = []
    for upload_id in dict.fromkeys(upload_ids):
        found = uploads.find(upload_id)
        if found.owner != owner or found.use != use:
            uploads.claim(upload_id, owner, use, "")  # raises Forbidden or RuleViolation
        found = uploads.status(upload_id, owner)  # ready once its bytes arrived (S3)
        if found.state == "pending":
            raise RuleViolation(
                "This upload has not received its bytes yet.", {"upload_id": found.id}
            )
        if found.state == "attached" and found.attached_to != attached_to:
            raise Conflict("This upload is used elsewhere already.", {"upload_id": found.id})
        found_all.append(found)
    return found_all


def claim_uploads(uploads, checked, owner, use, attached_to):
    """Take the checked uploads for `attached_to`; the files a service keeps
    (`Upload.file()`: upload_id, key, name, content_type, size, sha256)."""
    return [uploads.claim(upload.id, owner, use, attached_to).file() for upload in checked]
