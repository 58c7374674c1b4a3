"""E-mails of notifications (N1, N3, N4): queued in the notification's transaction,
sent afterwards by the sender (`entrypoints/mail.py`), retried until they go.

* `queue_email(uow, notification)`: one outbox row, in the caller's unit of work; a
  notification queued again (or its fact's twin) adds nothing. Nothing leaves before
  the caller commits.
* `send_due(store, contact, settings)`: claims the due rows, and for each asks catalog
  for the person's address and languages, writes the e-mail in their language and
  sends it; marks it sent, or puts it back for later with a longer wait.
"""

import logging

from microtache.clock import utcnow

from inbox.adapters.smtp import build_message
from inbox.domain.emails import CLAIM_LEASE, OutboxEmail, compose, message_id, retry_delay

log = logging.getLogger(__name__)

SETTINGS_LINK = "/me/notification-settings"  # where a person turns a kind's e-mail off (N2)


def queue_email(uow, notification) -> None:
    """N3: the notification's e-mail, written in the same transaction as the notification
    (so it is sent if and only if that commits), once per notification."""
    if uow.emails.add(OutboxEmail.of(notification, uow.now(), utcnow())):
        log.debug("e-mail queued for notification %s", notification.id)


def write_email(email, contact, settings):
    """N4: the MIME message of `email` for `contact` (catalog's `contact` reply)."""
    content = compose(email, contact, settings.public_url, SETTINGS_LINK)
    return build_message(
        content,
        settings.sender,
        message_id(email.notification_id, settings.domain),
        email.created_at,
    )


def send_due(store, contact, settings, send=None, now=utcnow):
    """Send the e-mails due now: claimed in one short transaction, sent outside any
    transaction, each marked in its own. A failure (catalog or SMTP unreachable, the
    relay refusing) puts that e-mail back after `retry_delay` of its attempts: it is
    never dropped (N3). Returns how many were sent.

    Due, leases and retries are on the wall clock (`now`), not the platform clock: a
    relay's outage lasts real time, and moving the platform clock (S4) must not make
    every waiting e-mail due at once."""
    send = send or settings.smtp.send
    with store.unit_of_work() as uow:
        due = uow.emails.claim_due(now(), CLAIM_LEASE, settings.batch)
    sent = 0
    for email in due:
        try:
            message = write_email(email, contact(email.user_id), settings)
            send(message)
        except Exception as exc:
            failed(store, email, exc, settings, now)
            continue
        with store.unit_of_work() as uow:
            uow.emails.mark_sent(email.notification_id, now(), message["Message-ID"])
        sent += 1
    return sent


def failed(store, email, exc, settings, now):
    wait = retry_delay(email.attempts, settings.retry_delays)
    error = f"{exc.__class__.__name__}: {exc}"
    log.warning(
        "e-mail of notification %s failed (attempt %d), again in %ss: %s",
        email.notification_id,
        email.attempts,
        int(wait.total_seconds()),
        error,
    )
    with store.unit_of_work() as uow:
        uow.emails.put_back(email.notification_id, now() + wait, error)
