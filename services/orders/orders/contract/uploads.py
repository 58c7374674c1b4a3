"""What orders takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import GB, MB, UploadUse

DELIVERY = "delivery"
DELIVERY_USE = UploadUse(DELIVERY, GB)  # O3: each delivered file at most 1 GB
MAX_DELIVERY_FILES = 20  # product: files named by one delivery
MESSAGE_ATTACHMENT = "order_message_attachment"
MAX_MESSAGE_FILES = 5  # product: files on one message of the order page (O14)
UPLOAD_USES = (DELIVERY_USE, UploadUse(MESSAGE_ATTACHMENT, 100 * MB))  # product: 100 MB each

__all__ = [
    "DELIVERY",
    "DELIVERY_USE",
    "MAX_DELIVERY_FILES",
    "MAX_MESSAGE_FILES",
    "MESSAGE_ATTACHMENT",
    "UPLOAD_USES",
]
