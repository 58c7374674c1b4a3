"""The inbox's e-mail sender (N1, N3, N4), mixed into `InboxService`.

A timer looks for due e-mails every `MAIL_POLL_INTERVAL` seconds (1 by default) in
every replica; replicas share the rows through their claims (`FOR UPDATE SKIP LOCKED`
on PostgreSQL), so none is sent twice by two of them.
"""

import logging

from nameko.timer import Timer

from microtache.config import setting
from microtache.outages import is_outage

from inbox.adapters.smtp import Mail
from inbox.service_layer import emails

log = logging.getLogger(__name__)


class MailTimer(Timer):
    """nameko's timer, its interval read from the config (`MAIL_POLL_INTERVAL`)."""

    def setup(self):
        self.interval = setting(self.container.config, "MAIL_POLL_INTERVAL")


class MailEntrypoints:
    """N3, N4: the e-mail outbox's sender. Uses the service's `db` and `catalog` proxy."""

    mail = Mail()

    @MailTimer.decorator(interval=1.0)
    def send_emails(self):
        try:
            emails.send_due(self.db, self._contact, self.mail)
        except Exception as exc:
            if not is_outage(exc):
                raise
            log.warning("e-mail sender waits: %s", exc)  # the database; it will be back

    def _contact(self, user_id):
        """The person's `{username, email, languages}` (catalog's `contact`)."""
        return self.catalog.contact(user_id)
