"""What catalog takes uploads for (API.md "Files"): the gateway declares uploads by
these. A gig's gallery (C1, as Fiverr): up to three images and one PDF, readable by
anyone once the gig shows them."""

from microtache.files import MB, UploadUse

GIG_IMAGE = "gig_image"
GIG_DOCUMENT = "gig_document"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
DOCUMENT_TYPES = ("application/pdf",)
MAX_IMAGE_BYTES = 10 * MB
MAX_DOCUMENT_BYTES = 10 * MB
MAX_GALLERY_IMAGES = 3  # C1
MAX_GALLERY_DOCUMENTS = 1  # C1

UPLOAD_USES = (
    UploadUse(GIG_IMAGE, MAX_IMAGE_BYTES, IMAGE_TYPES, public=True),
    UploadUse(GIG_DOCUMENT, MAX_DOCUMENT_BYTES, DOCUMENT_TYPES, public=True),
)

__all__ = [
    "DOCUMENT_TYPES",
    "GIG_DOCUMENT",
    "GIG_IMAGE",
    "IMAGE_TYPES",
    "MAX_DOCUMENT_BYTES",
    "MAX_GALLERY_DOCUMENTS",
    "MAX_GALLERY_IMAGES",
    "MAX_IMAGE_BYTES",
    "UPLOAD_USES",
]
