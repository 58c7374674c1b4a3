"""A gig's gallery (C1): the uploads a seller names, checked and taken; thumbnails
made in the background; the files the gateway serves.

A change runs in three steps, so that a refused gallery keeps nothing and a
transaction never waits on storage longer than it must:
1. `inspect` (before the transaction): each upload is the seller's, ready, declared
   for its kind, and really an image (Pillow) or a PDF; refused: 422 naming it.
2. the gig's change, then `claim` (inside the transaction: a claim that fails rolls
   the gig back, and a transaction that does not commit gives the uploads back);
   the change publishes `gig_gallery_changed` through the outbox.
3. `release` (after the commit): the files the change left out are deleted.
Catalog handles its own `gig_gallery_changed`: `make_thumbnails` (a crash loses
nothing: the event is redelivered, and making a thumbnail again is harmless).
"""

import logging
from contextlib import closing

from microtache.errors import NotFound

from catalog.adapters.images import image_facts, make_thumbnail
from catalog.domain import gallery
from catalog.domain.gallery import DOCUMENT, IMAGE, THUMBNAIL_TYPE, GalleryFile
from catalog.domain.gigs import ARCHIVED

log = logging.getLogger(__name__)


def attached_to(gig_id):
    return f"catalog/gigs/{gig_id}"


def inspect(uploads, owner_id, requested, gig_id=None):
    """The gallery `requested` (`{images: [ids], document: id or None}`) as files to
    keep, each checked (C1); `gig_id`: the gig changed (its own files stay)."""
    images, document = requested.get("images") or [], requested.get("document")
    gallery.check_request(images, document)
    named = [(IMAGE, upload_id) for upload_id in images]
    named += [(DOCUMENT, document)] if document else []
    files = []
    for position, (kind, upload_id) in enumerate(named):
        upload = _ready_upload(uploads, owner_id, upload_id, kind, gig_id)
        if upload.attached_to is None:  # a new file: what its bytes are
            if kind == IMAGE:
                data = b"".join(uploads.read(upload.id))
                gallery.check_image(upload.id, upload.content_type, image_facts(data))
            else:
                gallery.check_document(upload.id, _head(uploads.read(upload.id), 5))
        kept = upload.file()
        files.append(
            GalleryFile(
                kind=kind,
                position=position if kind == IMAGE else 0,
                upload_id=upload.id,
                key=kept["key"],
                name=kept["name"],
                content_type=kept["content_type"],
                size=kept["size"],
                sha256=kept["sha256"],
            )
        )
    return files


def _ready_upload(uploads, owner_id, upload_id, kind, gig_id):
    """The seller's ready upload, declared for this kind of file, free or this gig's
    already (`Uploads.usable`: Forbidden, RuleViolation, Conflict), nothing taken."""
    try:
        return uploads.usable(
            upload_id, owner_id, gallery.USE_OF[kind], gig_id and attached_to(gig_id)
        )
    except NotFound:
        raise gallery.refuse(str(upload_id)[:64], f"No upload {upload_id}.") from None


def _head(chunks, size):
    """The first `size` bytes of a stream, which is closed then (the rest never read)."""
    head = b""
    with closing(chunks):
        for chunk in chunks:
            head += chunk
            if len(head) >= size:
                break
    return head[:size]


def claim(uow, uploads, gig, files):
    """Inside the gig's transaction, take the gallery's uploads for it (a file it has
    already: a no-op); if the transaction does not commit, the new ones are given back."""
    taken = []
    uow.on_rollback(lambda: [uploads.unclaim(u, attached_to(gig.id)) for u in taken])
    for file in files:
        upload = uploads.find(file.upload_id)
        if upload.state != "attached":
            taken.append(file.upload_id)
        uploads.claim(file.upload_id, gig.seller_id, gallery.USE_OF[file.kind], attached_to(gig.id))


def release(uploads, upload_ids):
    """After the commit: delete the files a change left out, and their thumbnails."""
    for upload_id in upload_ids:
        try:
            uploads.release(upload_id)
            uploads.blobs.delete(gallery.thumbnail_key(upload_id))
        except Exception:  # the gig is right already; a leftover file is only space
            log.exception("could not release gallery upload %s", upload_id)


def thumbnails_wanted(uow, gig_id):
    """The images of a gig (not archived) whose thumbnails are not made yet."""
    gig = uow.gigs.get(gig_id)
    if gig is None or gig.status == ARCHIVED:
        return []
    return gallery.lacking_thumbnails(gig.gallery)


def make_thumbnails(store, uploads, event):
    """`gig_gallery_changed`: a thumbnail for each image that lacks one, made outside
    any transaction, then recorded (if the image is still in the gallery)."""
    with store.read_only() as uow:
        wanted = thumbnails_wanted(uow, event["gig_id"])
    for upload_id in wanted:
        try:
            data = make_thumbnail(b"".join(uploads.read(upload_id)))
        except (OSError, ValueError, SyntaxError, EOFError):
            # checked when the gig took it; bytes Pillow cannot decode after all stay
            # without a thumbnail (the reply's thumbnail_url stays null), never retried
            log.warning("no thumbnail for upload %s: Pillow cannot decode it", upload_id)
            continue
        key = gallery.thumbnail_key(upload_id)
        uploads.blobs.put(key, data, THUMBNAIL_TYPE)
        with store.unit_of_work() as uow:
            thumbnail_made(uow, event["gig_id"], upload_id, key)


def thumbnail_made(uow, gig_id, upload_id, key):
    gig = uow.gigs.get(gig_id)
    file = next((f for f in gig.gallery if f.upload_id == upload_id), None) if gig else None
    if file is not None and file.thumbnail_key != key:
        file.thumbnail_key = key
        uow.gigs.gallery_changed(gig)


def gallery_file(uow, gig_id, upload_id, thumbnail=False):
    """A file of a gig's gallery for the gateway to serve (`file()`), or its thumbnail;
    NotFound for a gig that is gone or archived, a file not in its gallery, or a
    thumbnail not made yet."""
    gig = uow.gigs.get(gig_id)
    if gig is None or gig.status == ARCHIVED:
        raise NotFound("No such gig.", {"gig_id": gig_id})
    file = next((f for f in gig.gallery if f.upload_id == upload_id), None)
    found = None if file is None else file.thumbnail() if thumbnail else file.file()
    if found is None:
        raise NotFound("No such file in this gig's gallery.", {"upload_id": upload_id})
    return found
