"""The repository of conversations and their messages (M1-M3)."""


class Conversations:
    def __init__(self, session):
        self.session = session
