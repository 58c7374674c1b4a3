"""A gig's gallery (C1, as Fiverr): up to three images and one PDF, each a file the
seller uploaded (API.md "Files"). Pure rules: how many, in which order, what counts
as an image or a PDF, and the thumbnails' size; reading bytes is the adapters'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from microtache.errors import RuleViolation

from catalog.contract.uploads import (
    GIG_DOCUMENT,
    GIG_IMAGE,
    IMAGE_TYPES,
    MAX_GALLERY_DOCUMENTS,
    MAX_GALLERY_IMAGES,
)

IMAGE, DOCUMENT = "image", "document"
USE_OF = {IMAGE: GIG_IMAGE, DOCUMENT: GIG_DOCUMENT}  # the upload use each kind is declared for
# Pillow's name of each format an image may have, and the content type it must be declared as
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
assert set(IMAGE_FORMATS.values()) == set(IMAGE_TYPES)
MAX_IMAGE_PIXELS = 40_000_000  # refused before decoding (a small file may hold a huge image)
PDF_MAGIC = b"%PDF-"
THUMBNAIL_WIDTH = 400
THUMBNAIL_TYPE = "image/webp"


@dataclass(eq=False)
class GalleryFile:
    """A file of a gig's gallery: what catalog keeps of the upload it took."""

    kind: str  # IMAGE or DOCUMENT
    position: int  # images in the order shown, from 0 (the cover)
    upload_id: str
    key: str
    name: str
    content_type: str
    size: int
    sha256: str | None = None
    thumbnail_key: str | None = None  # an image's, once made in the background

    def file(self) -> dict[str, Any]:
        """The kept file, as the gateway serves it (`Upload.file()`'s shape)."""
        return {
            "upload_id": self.upload_id,
            "key": self.key,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }

    def thumbnail(self) -> dict[str, Any] | None:
        if self.thumbnail_key is None:
            return None
        stem = self.name.rsplit(".", 1)[0] if "." in self.name else self.name
        return {"key": self.thumbnail_key, "name": f"{stem}.webp", "content_type": THUMBNAIL_TYPE}


@dataclass(frozen=True)
class ImageFacts:
    """What Pillow read of an image's header (and verified)."""

    format: str | None
    width: int
    height: int


def refuse(upload_id: str, message: str) -> RuleViolation:
    return RuleViolation(message, {"upload_id": upload_id, "gallery": [message]})


def check_request(images: Sequence[str], document: str | None) -> None:
    """C1: at most three images and one document, each upload once."""
    if len(images) > MAX_GALLERY_IMAGES:
        raise RuleViolation(
            f"A gig shows at most {MAX_GALLERY_IMAGES} images (C1).",
            {"gallery": [f"At most {MAX_GALLERY_IMAGES} images."]},
        )
    named = [*images, *([document] if document else [])]
    repeated = sorted({u for u in named if named.count(u) > 1})
    if repeated:
        raise RuleViolation(
            "Each upload appears once in a gallery (C1).",
            {"upload_id": repeated[0], "gallery": ["Each upload once."]},
        )


def check_image(upload_id: str, content_type: str, facts: ImageFacts | None) -> None:
    """C1: an image is one (Pillow read and verified it), of an allowed format, the
    format it was declared as (what it is served as), and not too large to decode."""
    if facts is None or facts.format is None:
        raise refuse(upload_id, f"Upload {upload_id} is not an image (C1).")
    if facts.format not in IMAGE_FORMATS:
        raise refuse(
            upload_id,
            f"Upload {upload_id} is a {facts.format} image; "
            f"a gig image is one of: {', '.join(IMAGE_TYPES)} (C1).",
        )
    if IMAGE_FORMATS[facts.format] != content_type:
        raise refuse(
            upload_id,
            f"Upload {upload_id} was declared {content_type} "
            f"but is {IMAGE_FORMATS[facts.format]} (C1).",
        )
    if facts.width * facts.height > MAX_IMAGE_PIXELS:
        raise refuse(
            upload_id,
            f"Upload {upload_id} has {facts.width}x{facts.height} pixels; "
            f"at most {MAX_IMAGE_PIXELS} (C1).",
        )


def check_document(upload_id: str, head: bytes) -> None:
    """C1: the gallery's document is a PDF (its bytes start with `%PDF-`)."""
    if not head.startswith(PDF_MAGIC):
        raise refuse(upload_id, f"Upload {upload_id} is not a PDF (C1).")


def arrange(current: Sequence[GalleryFile], wanted: Sequence[GalleryFile]) -> list[GalleryFile]:
    """The new gallery: `wanted` in its order, a file already kept staying the same
    object (with its thumbnail); checks the counts again (C1)."""
    images = [f for f in wanted if f.kind == IMAGE]
    documents = [f for f in wanted if f.kind == DOCUMENT]
    if len(documents) > MAX_GALLERY_DOCUMENTS:
        raise RuleViolation(
            f"A gig shows at most {MAX_GALLERY_DOCUMENTS} document (C1).",
            {"gallery": ["One PDF at most."]},
        )
    check_request([f.upload_id for f in images], documents[0].upload_id if documents else None)
    kept = {f.upload_id: f for f in current}
    arranged = []
    for position, new in enumerate([*images, *documents]):
        file = kept.get(new.upload_id, new)
        file.kind, file.position = new.kind, position if new.kind == IMAGE else 0
        arranged.append(file)
    return arranged


def removed(before: Sequence[str], after: Sequence[GalleryFile]) -> list[str]:
    """The upload ids a change left out of the gallery (to be released)."""
    still = {f.upload_id for f in after}
    return [upload_id for upload_id in before if upload_id not in still]


def images_of(gallery: Sequence[GalleryFile]) -> list[GalleryFile]:
    return sorted((f for f in gallery if f.kind == IMAGE), key=lambda f: f.position)


def document_of(gallery: Sequence[GalleryFile]) -> GalleryFile | None:
    return next((f for f in gallery if f.kind == DOCUMENT), None)


def cover_thumbnail(gallery: Sequence[GalleryFile]) -> str | None:
    """The upload id whose thumbnail search results show: the first image's, once made."""
    images = images_of(gallery)
    return images[0].upload_id if images and images[0].thumbnail_key else None


def lacking_thumbnails(gallery: Sequence[GalleryFile]) -> list[str]:
    return [f.upload_id for f in images_of(gallery) if f.thumbnail_key is None]


def thumbnail_key(upload_id: str) -> str:
    return f"thumbnails/{upload_id}.webp"


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """THUMBNAIL_WIDTH wide, the image's proportions kept; a narrower image keeps its size."""
    if width <= THUMBNAIL_WIDTH:
        return width, height
    return THUMBNAIL_WIDTH, max(1, round(height * THUMBNAIL_WIDTH / width))
