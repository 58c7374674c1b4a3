"""Notifications and their e-mail settings (N1-N4), on the inbox service."""


class NotificationRoutes:
    """N1-N4."""
