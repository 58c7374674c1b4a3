"""The inbox's unit of work: one transaction, its repositories as attributes."""

from microtache.database import UnitOfWork

from inbox.adapters.conversations import Conversations
from inbox.adapters.emails import Emails
from inbox.adapters.notifications import Notifications


class InboxUnitOfWork(UnitOfWork):
    """`uow.conversations`, `uow.notifications`, `uow.emails`, on this transaction's session."""

    def __init__(self, session, *args, **kwargs):
        super().__init__(session, *args, **kwargs)
        self.conversations = Conversations(session)
        self.notifications = Notifications(session)
        self.emails = Emails(session)
