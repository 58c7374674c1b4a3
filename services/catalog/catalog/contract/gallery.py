"""A gig's gallery (C1): what a seller names in a gig (upload ids, API.md "Files"),
and what every reply shows of it (stable gateway links to the files)."""

from marshmallow import Schema, fields, validate

from catalog.contract.uploads import MAX_GALLERY_IMAGES

UPLOAD_ID = validate.Length(min=1, max=64)  # an upload's id (API.md "Files")
GALLERY_FILE_PATH = "/v1/gigs/{gig_id}/gallery/{upload_id}"
THUMBNAIL_PATH = GALLERY_FILE_PATH + "/thumbnail"


def gallery_url(gig_id, upload_id):
    """A gallery file's stable link (the gateway redirects it to the bytes)."""
    return GALLERY_FILE_PATH.format(gig_id=gig_id, upload_id=upload_id)


def thumbnail_url(gig_id, upload_id):
    return THUMBNAIL_PATH.format(gig_id=gig_id, upload_id=upload_id)


class GalleryInputSchema(Schema):
    """The gallery a seller gives a gig: ready uploads of theirs, declared for
    `gig_image` (each image, in the order shown; the first is the cover) and
    `gig_document` (one PDF). Given on a change, it replaces the whole gallery:
    images left out are removed."""

    images = fields.List(
        fields.String(validate=UPLOAD_ID),
        load_default=list,
        validate=validate.Length(max=MAX_GALLERY_IMAGES),
    )
    document = fields.String(load_default=None, allow_none=True, validate=UPLOAD_ID)


class GalleryImageSchema(Schema):
    upload_id = fields.String()
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    url = fields.String()
    thumbnail_url = fields.String(allow_none=True)  # null until it is made (in the background)


class GalleryDocumentSchema(Schema):
    upload_id = fields.String()
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    url = fields.String()


class GallerySchema(Schema):
    """A gig's gallery as replies show it."""

    images = fields.List(fields.Nested(GalleryImageSchema))
    document = fields.Nested(GalleryDocumentSchema, allow_none=True)


class GalleryFileSchema(Schema):
    """`gallery_file`'s reply: what the gateway needs to answer the bytes (a kept
    file, or a thumbnail: `key`, `name`, `content_type`)."""

    upload_id = fields.String()
    key = fields.String()
    name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String(allow_none=True)
