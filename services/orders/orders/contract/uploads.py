"""What orders takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import GB, UploadUse

DELIVERY = "delivery"
DELIVERY_USE = UploadUse(DELIVERY, GB)  # O3: each delivered file at most 1 GB
MAX_DELIVERY_FILES = 20  # product: files named by one delivery
UPLOAD_USES = (DELIVERY_USE,)

__all__ = ["DELIVERY", "DELIVERY_USE", "MAX_DELIVERY_FILES", "UPLOAD_USES"]
