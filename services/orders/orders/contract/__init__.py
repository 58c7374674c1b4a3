"""The orders service's contract: what anything outside orders may import of it.

Commands and replies of its RPCs (`commands`, `replies`), the events it publishes
(`events`, with `EVENTS`), its statuses (`statuses`, one table) and its bounds
(`policies`). It imports only the standard library, marshmallow and microtache.
"""

from orders.contract.commands import *  # noqa: F401,F403
from orders.contract.commands import __all__ as _commands
from orders.contract.events import *  # noqa: F401,F403
from orders.contract.events import __all__ as _events
from orders.contract.policies import *  # noqa: F401,F403
from orders.contract.policies import __all__ as _policies
from orders.contract.replies import *  # noqa: F401,F403
from orders.contract.replies import __all__ as _replies
from orders.contract.statuses import *  # noqa: F401,F403
from orders.contract.statuses import __all__ as _statuses
from orders.contract.uploads import *  # noqa: F401,F403
from orders.contract.uploads import __all__ as _uploads

__all__ = [*_commands, *_events, *_policies, *_replies, *_statuses, *_uploads]
