"""What orders takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import GB, UploadUse

DELIVERY = "delivery"
UPLOAD_USES = (UploadUse(DELIVERY, GB),)  # O3: each delivered file at most 1 GB

__all__ = ["DELIVERY", "UPLOAD_USES"]
