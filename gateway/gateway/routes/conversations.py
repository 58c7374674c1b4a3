"""Conversations between buyers and sellers (M1-M3), on the inbox service."""


class ConversationRoutes:
    """M1-M3."""
