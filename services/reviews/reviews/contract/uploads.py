"""What reviews takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import MB, UploadUse

WORK_SAMPLE = "work_sample"
WORK_SAMPLE_USE = UploadUse(WORK_SAMPLE, 30 * MB)  # V1 (product): a review's work sample
MAX_WORK_SAMPLES = 1  # V1: a review shows one work sample
UPLOAD_USES = (WORK_SAMPLE_USE,)

__all__ = ["MAX_WORK_SAMPLES", "UPLOAD_USES", "WORK_SAMPLE", "WORK_SAMPLE_USE"]
