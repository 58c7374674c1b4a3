"""Images read with Pillow (C1 gallery): what an upload's bytes are, and thumbnails.
Nothing here decides what is allowed (`domain.gallery` does)."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.domain.gallery import MAX_IMAGE_PIXELS, ImageFacts, thumbnail_size

READ_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,  # Pillow's verify() says so of some broken files
    ValueError,
    EOFError,
)


def image_facts(data):
    """The format and size of an image (`ImageFacts`), verified by Pillow without
    decoding its pixels; None when the bytes are no image Pillow can read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                facts = ImageFacts(image.format, *image.size)
                image.verify()
        return facts
    except READ_ERRORS:
        return None


def make_thumbnail(data):
    """A WebP thumbnail of an image (`domain.gallery.thumbnail_size`): the first frame
    of an animation, turned upright as its EXIF says."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")  # checked when the gig took it, too
        image.draft("RGB", thumbnail_size(*image.size))  # JPEG: decode at a smaller scale
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        image = image.resize(thumbnail_size(*image.size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "WEBP", quality=80, method=4)
        return out.getvalue()
