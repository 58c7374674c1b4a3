"""Files: bytes go straight to storage, never through RabbitMQ (API.md "Files")."""

from microtache.files.blobs import Blobs, LocalBlobs, S3Blobs, Target, Written, blobs_from_url
from microtache.files.provider import Files, blobs_from_config
from microtache.files.uploads import GB, LINK_SECONDS, MB, Upload, Uploads, UploadUse

__all__ = [
    "GB",
    "LINK_SECONDS",
    "MB",
    "Blobs",
    "Files",
    "LocalBlobs",
    "S3Blobs",
    "Target",
    "Upload",
    "UploadUse",
    "Uploads",
    "Written",
    "blobs_from_config",
    "blobs_from_url",
]
