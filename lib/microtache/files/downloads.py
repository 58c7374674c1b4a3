"""How a file is answered for download (issue 15, item 6), by either backend: whatever
a seller named or typed a file, the answer is an attachment the browser never renders
as a page of ours."""

import re
import unicodedata
from urllib.parse import quote

from werkzeug.http import dump_options_header

PASSIVE_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-7z-compressed",
        "application/x-tar",
        "application/json",
        "application/msword",
        "application/rtf",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/postscript",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/tiff",
        "image/avif",
        "image/heic",
        "image/vnd.adobe.photoshop",
        "audio/mpeg",
        "audio/wav",
        "audio/ogg",
        "audio/aac",
        "audio/flac",
        "audio/mp4",
        "video/mp4",
        "video/mpeg",
        "video/quicktime",
        "video/webm",
        "video/x-msvideo",
        "font/otf",
        "font/ttf",
        "font/woff",
        "font/woff2",
        "text/plain",
        "text/csv",
        "text/markdown",
    }
)
SAFE_DOWNLOAD_TYPE = "application/octet-stream"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def download_type(content_type: str | None) -> str:
    """The declared type if it is on the passive list (parameters dropped), else
    application/octet-stream: HTML, SVG, XHTML, scripts, XML and the unknown."""
    media = _CONTROL.sub("", str(content_type or "")).split(";", 1)[0].strip().lower()
    return media if media in PASSIVE_TYPES else SAFE_DOWNLOAD_TYPE


def safe_file_name(name: str | None) -> str:
    """No control characters, quotes, path separators or leading dots; never empty."""
    name = _CONTROL.sub("", str(name or ""))
    name = re.sub(r'["\\/]', "_", name).strip().lstrip(".")
    return name[:255] or "download"


def content_disposition(name: str | None) -> str:
    """`attachment` with the name as RFC 6266 wants it: an ASCII `filename` (quoted by
    werkzeug) and, for any other name, `filename*` in RFC 5987's UTF-8 encoding."""
    name = safe_file_name(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    options = {"filename": safe_file_name(ascii_name)}
    if ascii_name != name:
        options["filename*"] = "UTF-8''" + quote(name, safe="!#$&+-.^_`|~")
    return dump_options_header("attachment", options)


# Headers of every download the gateway streams itself (a presigned one carries the
# type and the disposition in its signed query).
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
