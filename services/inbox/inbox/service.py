"""The inbox service: conversations between buyers and sellers (M1-M3), notifications
in the app and by e-mail (N1-N4).

Thin: its entrypoints live in `inbox/entrypoints/`, one module per concern, each
validating its arguments, running one use case of `service_layer/` and dumping the
answer through the contract. The caller travels in the call's context (A2).
"""

from microtache.caller import Caller
from microtache.database import Database
from microtache.files import Files
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes

from inbox import contract
from inbox.adapters.orm import metadata
from inbox.adapters.unit_of_work import InboxUnitOfWork
from inbox.entrypoints.conversations import ConversationEntrypoints
from inbox.entrypoints.mail import MailEntrypoints
from inbox.entrypoints.notifications import NotificationEntrypoints


class InboxService(
    ConversationEntrypoints, NotificationEntrypoints, MailEntrypoints, ServiceProbes
):
    name = "inbox"

    db = Database(
        metadata, "inbox.migrations", events=contract.EVENTS, unit_of_work=InboxUnitOfWork
    )
    caller = Caller()
    files = Files(contract.UPLOAD_USES)
    catalog = RpcProxy("catalog")
