"""What reviews takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import MB, UploadUse

WORK_SAMPLE = "work_sample"
UPLOAD_USES = (UploadUse(WORK_SAMPLE, 30 * MB),)  # V1 (product): a review's work sample

__all__ = ["UPLOAD_USES", "WORK_SAMPLE"]
