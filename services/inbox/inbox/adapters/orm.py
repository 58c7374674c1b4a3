"""Every table of the inbox and its mapping onto the domain: importing this module
registers them all on `metadata` (what Alembic and the Database read)."""

from inbox.adapters import conversations_orm, emails_orm, notifications_orm  # noqa: F401
from inbox.adapters.metadata import metadata

__all__ = ["metadata"]
