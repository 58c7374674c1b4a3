"""The e-mail outbox's table (N1, N3, N4), and its mapping."""

from inbox.adapters.metadata import metadata  # noqa: F401
