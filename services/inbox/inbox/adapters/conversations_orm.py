"""The tables of conversations and messages (M1-M3), and their mapping."""

from inbox.adapters.metadata import metadata  # noqa: F401
