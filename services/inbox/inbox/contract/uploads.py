"""What the inbox takes uploads for (API.md "Files"): the gateway declares uploads by these."""

from microtache.files import MB, UploadUse

MESSAGE_ATTACHMENT = "message_attachment"
MAX_MESSAGE_ATTACHMENTS = 5  # product: files on one message
UPLOAD_USES = (UploadUse(MESSAGE_ATTACHMENT, 100 * MB),)  # M2 (product): each file

__all__ = ["MAX_MESSAGE_ATTACHMENTS", "MESSAGE_ATTACHMENT", "UPLOAD_USES"]
