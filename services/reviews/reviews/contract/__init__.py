"""The reviews service's contract: its commands, replies and events, and the bounds they
state. The only part of reviews that anything outside it imports (the gateway, the
services that read its events)."""

from reviews.contract.commands import *  # noqa: F403
from reviews.contract.constants import *  # noqa: F403
from reviews.contract.events import *  # noqa: F403
from reviews.contract.replies import *  # noqa: F403
from reviews.contract.uploads import *  # noqa: F403
