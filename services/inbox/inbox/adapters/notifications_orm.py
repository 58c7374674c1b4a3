"""The tables of notifications and notification settings (N1-N3), and their mapping."""

from inbox.adapters.metadata import metadata  # noqa: F401
