"""The inbox's e-mail sender (N1, N3, N4), mixed into `InboxService`."""


class MailEntrypoints:
    """N3, N4."""
