"""The inbox's contract: what anything outside the inbox may import of it.

Conversations (`conversations`, M1-M3), notifications and e-mail settings
(`notifications`, N1-N4), the uploads it takes (`uploads`), and `EVENTS`, every
event it publishes. It imports only the standard library, marshmallow and microtache.
"""

from microtache.contract import events

from inbox.contract.conversations import *  # noqa: F401,F403
from inbox.contract.conversations import CONVERSATION_EVENTS, __all__ as _conversations
from inbox.contract.notifications import *  # noqa: F401,F403
from inbox.contract.notifications import NOTIFICATION_EVENTS, __all__ as _notifications
from inbox.contract.uploads import *  # noqa: F401,F403
from inbox.contract.uploads import __all__ as _uploads

EVENTS = events("inbox", *CONVERSATION_EVENTS, *NOTIFICATION_EVENTS)

__all__ = ["EVENTS", *_conversations, *_notifications, *_uploads]
