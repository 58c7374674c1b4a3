"""What requests takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import UploadUse

from buyer_requests.contract.bounds import QUOTE_MAX_ATTACHMENT, REQUEST_MAX_ATTACHMENT

REQUEST_ATTACHMENT = "request_attachment"
QUOTE_ATTACHMENT = "quote_attachment"
UPLOAD_USES = (
    UploadUse(REQUEST_ATTACHMENT, REQUEST_MAX_ATTACHMENT),  # R1: 30 MB
    UploadUse(QUOTE_ATTACHMENT, QUOTE_MAX_ATTACHMENT),  # Q1: each file 1 GB
)

__all__ = ["QUOTE_ATTACHMENT", "REQUEST_ATTACHMENT", "UPLOAD_USES"]
