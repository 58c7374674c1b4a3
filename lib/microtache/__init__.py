"""What every Microtache service needs, and no business rule.

config (settings), errors (the error envelope), money, clock, database (the
unit of work and its Nameko dependency), outbox (events written in the same
transaction as the change, relayed with broker confirms), events (reliable,
idempotent event handlers with retries and dead letters), rpc (calls with
timeouts), migrations (Alembic per service).
"""

import logging
import warnings

# eventlet prints a deprecation banner on import; Nameko 2 needs it all the same.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

# Alembic tells each plugin it sets up at INFO, on import and at every migration of
# every service (42 lines at each start): noise to an operator.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
