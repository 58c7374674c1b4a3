"""The inbox's entrypoints for conversations (M1-M3), mixed into `InboxService`."""


class ConversationEntrypoints:
    """M1-M3."""
