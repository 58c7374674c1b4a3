"""The e-mails of notifications (N3, N4) on a real SQLite database and a real SMTP server
(aiosmtpd, the kit's mail catcher, on a free port): queued in the notification's
transaction, sent once, in the person's language, retried until the server answers."""

import email
import itertools
import socket
from datetime import UTC, datetime, timedelta
from email import policy

import pytest

from microtache import mailcatcher
from microtache.clock import utcnow

from inbox.adapters.orm import metadata
from inbox.adapters.smtp import MailSettings, Smtp, SmtpUrlError
from inbox.adapters.unit_of_work import InboxUnitOfWork
from inbox.domain.emails import (
    FRENCH,
    GENERIC,
    KIND_WORDINGS,
    RETRY_DELAYS,
    OutboxEmail,
    compose,
    language_of,
    retry_delay,
)
from inbox.domain.notifications import Notification
from inbox.service_layer.emails import queue_email, send_due, write_email

ORDER_ID = "0b7c3d9e-1111-4222-8333-444455556666"
PUBLIC = "https://microtache.example"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FRENCH_BUYER = {"username": "amelie", "email": "amelie@example.com", "languages": ["fr", "en"]}
ENGLISH_BUYER = {"username": "bob", "email": "bob@example.com", "languages": ["en", "fr"]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def delivered(user_id="buyer-1", event_id="event-1", **overrides):
    return Notification(
        **{
            "user_id": user_id,
            "kind": "order_delivered",
            "text": "Your order was delivered: accept it, or ask for a revision.",
            "link": f"/orders/{ORDER_ID}",
            "event_id": event_id,
            "params": {
                "order_id": ORDER_ID,
                "buyer_id": user_id,
                "seller_id": "seller-1",
                "role": "buyer",
            },
            "subject_id": ORDER_ID,
            **overrides,
        }
    )


def settings(port, retry_delays=(10, 30, 60)):
    return MailSettings(
        smtp=Smtp("127.0.0.1", port, timeout=5),
        sender="Microtache <no-reply@microtache.example>",
        domain="microtache.example",
        public_url=PUBLIC,
        retry_delays=tuple(retry_delays),
        batch=20,
    )


class WallClock:
    """The sender's clock (the wall clock, which its retries follow), moved by the test:
    `clock.seconds += 60` is a minute later."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self):
        return utcnow() + timedelta(seconds=self.seconds)


@pytest.fixture
def clock():
    return WallClock()


@pytest.fixture
def store(store_factory):
    return store_factory(metadata, "inbox.migrations", unit_of_work=InboxUnitOfWork)


@pytest.fixture
def smtp_server(tmp_path):
    """A real SMTP server on a free port that writes what it takes into a folder;
    `.stop()` and `.start()` take it down and bring it back on the same port."""

    class Server:
        port = free_port()
        folder = tmp_path / "mail"
        controller = None

        def start(self):
            self.controller = mailcatcher.start(str(self.folder), "127.0.0.1", self.port)

        def stop(self):
            self.controller.stop()
            self.controller = None

        def messages(self):
            files = sorted(self.folder.glob("*.eml")) if self.folder.exists() else []
            return [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]

    server = Server()
    server.start()
    yield server
    if server.controller is not None:
        server.stop()


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def rows(store):
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT notification_id, attempts, sent_at, next_attempt_at, last_error"
            " FROM email_outbox"
        ).all()


# --- N4: the person's language, the order named, its page linked ---------------------------


@pytest.mark.parametrize(
    "languages, expected",
    [
        (["fr", "en"], "fr"),
        (["fr"], "fr"),
        (["de", "fr"], "fr"),
        (["FR-ca", "en"], "fr"),
        (["en", "fr"], "en"),
        (["de"], "en"),
        ([], "en"),
    ],
)
def test_n4_french_when_the_languages_put_french_before_english(languages, expected):
    assert language_of(languages) == expected


def test_n4_every_kind_has_its_words_in_french_and_english():
    kinds = pytest.importorskip("inbox.contract.notifications").__dict__.get("KINDS")
    if kinds is None:
        pytest.skip("the notifications' contract does not list its kinds yet")
    assert set(kinds) <= set(KIND_WORDINGS)
    for kind, wordings in KIND_WORDINGS.items():
        assert set(wordings) == {"fr", "en"}, kind


def test_n4_a_delivery_in_french_names_the_order_and_links_to_its_page():
    content = compose(OutboxEmail.of(delivered(), NOW, NOW), FRENCH_BUYER, PUBLIC, "/me/settings")
    assert content.language == FRENCH
    assert content.subject == "Votre commande #0B7C3D9E a été livrée"
    assert "Le vendeur a livré votre commande #0B7C3D9E." in content.lines
    assert content.url == f"{PUBLIC}/orders/{ORDER_ID}"
    assert content.action == "Voir la commande"


def test_n4_the_same_delivery_in_english_for_an_english_first_person():
    content = compose(OutboxEmail.of(delivered(), NOW, NOW), ENGLISH_BUYER, PUBLIC, "/me/settings")
    assert content.subject == "Your order #0B7C3D9E was delivered"
    assert content.url == f"{PUBLIC}/orders/{ORDER_ID}"


def test_n4_money_and_times_read_as_the_language_writes_them():
    completed = delivered(
        kind="order_completed",
        params={
            "order_id": ORDER_ID,
            "earnings": {"amount": 123456, "currency": "USD"},
            "clears_at": "2026-12-15T14:00:00+00:00",
        },
    )
    email_ = OutboxEmail.of(completed, NOW, NOW)
    french = compose(email_, FRENCH_BUYER, PUBLIC, "/s")
    english = compose(email_, ENGLISH_BUYER, PUBLIC, "/s")
    assert french.subject == "Commande #0B7C3D9E terminée : 1\u202f234,56 $US de revenus"
    assert "15 déc. 2026, 14:00 UTC" in french.lines[0]
    assert english.subject == "Order #0B7C3D9E completed: $1,234.56 earned"
    assert "Dec 15, 2026, 14:00 UTC" in english.lines[0]


def test_n4_a_kind_without_words_or_params_falls_back_to_its_text_in_the_language_frame():
    unknown = delivered(kind="something_new", text="Something happened to your order.")
    content = compose(OutboxEmail.of(unknown, NOW, NOW), FRENCH_BUYER, PUBLIC, "/s")
    assert content.subject == "Something happened to your order."
    assert content.lines == ("Something happened to your order.",)
    assert content.action == GENERIC["fr"].action
    text, _ = parts(write_email(OutboxEmail.of(unknown, NOW, NOW), FRENCH_BUYER, settings(25)))
    assert text.startswith("Bonjour amelie,") and f"{PUBLIC}/orders/{ORDER_ID}" in text
    lacking = delivered(params={})  # order_delivered, but no order_id to name it by
    content = compose(OutboxEmail.of(lacking, NOW, NOW), FRENCH_BUYER, PUBLIC, "/s")
    assert content.lines == (lacking.text,)


def test_n4_the_html_part_escapes_what_people_wrote_the_text_part_keeps_it():
    message = delivered(
        kind="message_received",
        link="/conversations/c1",
        params={"conversation_id": "c1", "preview": '<script>alert("x")</script> & co'},
    )
    mime = write_email(OutboxEmail.of(message, NOW, NOW), ENGLISH_BUYER, settings(25))
    text, html = parts(mime)
    assert '<script>alert("x")</script> & co' in text
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert mime["Content-Language"] == "en"


def test_n4_a_subject_never_carries_a_line_break():
    tricky = delivered(kind="something_new", text="Hello\r\nBcc: victim@example.com")
    mime = write_email(OutboxEmail.of(tricky, NOW, NOW), ENGLISH_BUYER, settings(25))
    assert mime["Subject"] == "Hello Bcc: victim@example.com"
    assert mime["Bcc"] is None


# --- N3: queued in the notification's transaction, once ------------------------------------


def test_n3_queued_twice_or_twin_notifications_of_one_fact_make_one_email(store):
    notification = delivered()
    with store.unit_of_work() as uow:
        queue_email(uow, notification)
        queue_email(uow, notification)
    with store.unit_of_work() as uow:
        queue_email(uow, notification)  # again, in a later transaction
        queue_email(uow, delivered())  # another object for the same fact, kind and person
    assert [row.notification_id for row in rows(store)] == [notification.id]


def test_n3_nothing_is_queued_when_the_notifications_transaction_rolls_back(store):
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        queue_email(uow, delivered())
        raise RuntimeError("the notification's handler failed")
    assert rows(store) == []


def test_n3_n4_a_delivery_sends_exactly_one_french_email_with_the_orders_link(store, smtp_server):
    notification = delivered()
    with store.unit_of_work() as uow:
        queue_email(uow, notification)
        queue_email(uow, notification)
    asked = []

    def contact(user_id):
        asked.append(user_id)
        return FRENCH_BUYER

    mail = settings(smtp_server.port)
    assert send_due(store, contact, mail) == 1
    assert send_due(store, contact, mail) == 0  # sent: never again
    (message,) = smtp_server.messages()
    assert asked == ["buyer-1"]
    assert message["To"].addresses[0].addr_spec == "amelie@example.com"
    assert message["Subject"] == "Votre commande #0B7C3D9E a été livrée"
    assert message["Message-ID"].strip() == f"<notification.{notification.id}@microtache.example>"
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert f"{PUBLIC}/orders/{ORDER_ID}" in text
    assert f'href="{PUBLIC}/orders/{ORDER_ID}"' in html
    assert "Bonjour amelie" in text and "Bonjour amelie" in html
    ((_, attempts, sent_at, _, error),) = rows(store)
    assert attempts == 1 and sent_at is not None and error is None


def test_n3_smtp_down_for_a_minute_then_up_the_email_arrives(store, smtp_server, clock):
    """The server is really down (connections refused) while a minute passes on the
    sender's clock; each failed attempt waits longer; once it is back, the e-mail goes."""
    smtp_server.stop()
    with store.unit_of_work() as uow:
        queue_email(uow, delivered())
    mail = settings(smtp_server.port, retry_delays=(5, 10, 20))
    waits = []
    for _ in range(60):  # a minute, a second at a time
        assert send_due(store, lambda user_id: FRENCH_BUYER, mail, now=clock) == 0
        ((_, attempts, sent_at, due, error),) = rows(store)
        assert sent_at is None and "Connection" in error  # kept, never dropped
        waits.append(due)
        clock.seconds += 1
    assert attempts == 5  # at 0 s, 5 s (+5), 15 s (+10), 35 s (+20), 55 s (+20, the longest)
    dues = [datetime.fromisoformat(str(due)) for due in dict.fromkeys(waits)]
    assert [round((b - a).total_seconds()) for a, b in itertools.pairwise(dues)] == [10, 20, 20, 20]
    smtp_server.start()
    clock.seconds += 20
    assert send_due(store, lambda user_id: FRENCH_BUYER, mail, now=clock) == 1
    assert len(smtp_server.messages()) == 1
    ((_, attempts, sent_at, _, error),) = rows(store)
    assert attempts == 6 and sent_at is not None and error is None


def test_n3_a_failure_of_catalog_is_retried_like_one_of_smtp(store, smtp_server, clock):
    with store.unit_of_work() as uow:
        queue_email(uow, delivered())
    mail = settings(smtp_server.port)

    def catalog_down(user_id):
        raise TimeoutError("catalog did not answer")

    assert send_due(store, catalog_down, mail, now=clock) == 0
    ((_, attempts, _, _, error),) = rows(store)
    assert attempts == 1 and "catalog did not answer" in error
    assert send_due(store, lambda user_id: FRENCH_BUYER, mail, now=clock) == 0  # not due yet
    clock.seconds += 10
    assert send_due(store, lambda user_id: FRENCH_BUYER, mail, now=clock) == 1


def test_n3_a_claimed_email_is_left_to_its_sender_until_the_lease_ends(store, clock):
    """A sender that died between its claim and its mark: another takes the row once the
    claim's lease is over, and sends it with the same Message-ID."""
    with store.unit_of_work() as uow:
        queue_email(uow, delivered())
    with store.unit_of_work() as uow:
        (claimed,) = uow.emails.claim_due(clock(), timedelta(minutes=5), 10)
    with store.unit_of_work() as uow:
        assert uow.emails.claim_due(clock(), timedelta(minutes=5), 10) == []
    clock.seconds += 301
    with store.unit_of_work() as uow:
        (again,) = uow.emails.claim_due(clock(), timedelta(minutes=5), 10)
    assert again.notification_id == claimed.notification_id and again.attempts == 2


def test_n3_the_retry_delay_grows_then_stays_at_the_longest():
    assert [retry_delay(n, (10, 30, 60)).total_seconds() for n in range(1, 6)] == [
        10,
        30,
        60,
        60,
        60,
    ]
    given = {"SMTP_URL": "smtp://127.0.0.1:1025", "PUBLIC_URL": "http://x"}
    assert MailSettings.from_config(given).retry_delays == RETRY_DELAYS  # N3's own
    chosen = MailSettings.from_config({**given, "MAIL_RETRY_DELAYS": "1, 2,5"})
    assert chosen.retry_delays == (1.0, 2.0, 5.0)


# --- SMTP_URL ------------------------------------------------------------------------------


def test_smtp_url_for_a_catcher_and_for_a_relay():
    assert Smtp.from_url("smtp://127.0.0.1:1025") == Smtp("127.0.0.1", 1025)
    relay = Smtp.from_url("smtp://user%40corp:p%3Ass@relay.example.com:587?starttls=true")
    assert (relay.host, relay.port, relay.starttls, relay.tls) == (
        "relay.example.com",
        587,
        True,
        False,
    )
    assert (relay.username, relay.password) == ("user@corp", "p:ss")
    assert "p:ss" not in repr(relay)
    assert Smtp.from_url("smtps://u:p@relay.example.com").port == 465
    with pytest.raises(SmtpUrlError):
        Smtp.from_url("http://relay.example.com")
