"""The repository of notifications and notification settings (N1-N3)."""


class Notifications:
    def __init__(self, session):
        self.session = session
