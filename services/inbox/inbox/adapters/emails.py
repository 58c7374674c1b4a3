"""The repository of the e-mail outbox (N1, N3)."""


class Emails:
    def __init__(self, session):
        self.session = session
