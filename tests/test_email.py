"""E-mails of notifications through the whole system, on the real broker, with a real
SMTP server started by the test (N3, N4): a delivery made through the gateway becomes
orders' `order_delivered`, the inbox's notification, its e-mail outbox row, and one
e-mail in the buyer's language linking to the order; the same event delivered again
sends nothing more; an SMTP server down, then up, still gets it.

The running inbox sends to this test's server: the fixture points the inbox container's
`Mail` settings at it (and shortens the retry delays) for the test's duration. Also: the
development mail catcher `make run` starts (microtache.mailcatcher, cli.mail_catcher).
"""

import dataclasses
import email
import json
import os
import signal
import smtplib
import subprocess
import sys
import time
from email import policy

import pytest
from nameko.standalone.events import event_dispatcher
from sqlalchemy import create_engine, text

from microtache import cli, mailcatcher
from microtache.database import driver_url

from inbox.adapters.smtp import Mail, Smtp

from tests.support import eventually, free_port, gig_body

PUBLIC = "https://microtache.example"


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


class MailServer:
    """A real SMTP server (the kit's catcher, aiosmtpd) on a free port, writing what it
    takes as .eml files; `stop()` and `start()` take it down and bring it back."""

    def __init__(self, folder):
        self.port, self.folder, self.controller = free_port(), folder, None

    def start(self):
        self.controller = mailcatcher.start(str(self.folder), "127.0.0.1", self.port)

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages_to(self, address):
        found = []
        for path in sorted(self.folder.glob("*.eml")) if self.folder.exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if any(a.addr_spec == address for a in message["To"].addresses):
                found.append(message)
        return found


@pytest.fixture
def mail_server(runner, tmp_path):
    """The test's SMTP server, and the running inbox pointed at it (retries after 0.5 s,
    then every second), then put back as it was."""
    (container,) = [c for c in runner.containers if c.service_name == "inbox"]
    (mail,) = [d for d in container.dependencies if isinstance(d, Mail)]
    server = MailServer(tmp_path / "mail")
    before = mail.settings
    mail.settings = dataclasses.replace(
        before,
        smtp=Smtp("127.0.0.1", server.port, timeout=5),
        public_url=PUBLIC,
        retry_delays=(0.5, 1.0),
    )
    yield server
    mail.settings = before
    server.stop()


class Market:
    """A seller with a gig; buyers with a card and their languages; orders delivered."""

    def __init__(self, api, unique):
        self.api, self.unique = api, unique
        self.seller = api.sign_up(unique("seller"))
        self.gig = ok(api.post("/v1/gigs", as_=self.seller, json=gig_body()), 201)

    def buyer(self, languages):
        buyer = self.api.sign_up(self.unique("acheteur"), languages=languages)
        eventually(lambda: ok(self.api.get("/v1/me/balance", as_=buyer)))  # ledger opened
        buyer.card = ok(
            self.api.post(
                "/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"}
            ),
            201,
        )["id"]
        return buyer

    def post(self, order, path, as_, status=200, **body):
        return ok(self.api.post(f"/v1/orders/{order['id']}{path}", as_=as_, json=body), status)

    def delivered(self, buyer):
        body = {"gig_id": self.gig["id"], "package": "basic", "payment_method_id": buyer.card}
        order = ok(self.api.post("/v1/orders", as_=buyer, json=body), 201)
        self.post(order, "/requirements", buyer, text="Un logo rond et bleu")
        return self.post(
            order, "/deliveries", self.seller, 201, message="Voilà", confirm_no_files=True
        )["order"]


@pytest.fixture
def market(api, unique):
    return Market(api, unique)


def address_of(person):
    return f"{person.username}@example.com"  # tests.support's sign-up


def rows(url, sql, **params):
    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def outbox_of(system, buyer):
    """The buyer's rows of the inbox's e-mail outbox: (kind, attempts, sent_at)."""
    return rows(
        system["DATABASES"]["inbox"],
        "SELECT kind, attempts, sent_at FROM email_outbox WHERE user_id = :user_id",
        user_id=buyer.id,
    )


def test_n3_n4_a_delivery_emails_the_french_buyer_once_with_the_orders_link(
    market, mail_server, system
):
    mail_server.start()
    buyer = market.buyer(["fr", "en"])
    order = market.delivered(buyer)

    def one_email():
        found = mail_server.messages_to(address_of(buyer))
        assert len(found) == 1
        return found[0]

    message = eventually(one_email, timeout=20)
    link = f"{PUBLIC}/orders/{order['id']}"
    assert message["Subject"] == f"Votre commande #{order['id'][:8].upper()} a été livrée"
    assert message["Content-Language"] == "fr"
    assert message["Message-ID"].strip().startswith("<notification.")
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert plain.startswith(f"Bonjour {buyer.username},")
    assert link in plain and f'href="{link}"' in html
    assert "Le vendeur a livré votre commande" in plain

    # the broker delivers the same event again (twice): no second notification, no e-mail
    (payload,) = [
        json.loads(row.payload)
        for row in rows(
            system["DATABASES"]["orders"],
            "SELECT payload FROM outbox_messages WHERE event_type = 'order_delivered'"
            " AND payload LIKE :order",
            order=f"%{order['id']}%",
        )
    ]
    dispatch = event_dispatcher(system)
    dispatch("orders", "order_delivered", payload)
    dispatch("orders", "order_delivered", payload)
    time.sleep(3)  # time for both copies to be handled and a sender pass or two
    assert len(mail_server.messages_to(address_of(buyer))) == 1
    assert [(kind, sent is not None) for kind, _, sent in outbox_of(system, buyer)] == [
        ("order_delivered", True)
    ]


def test_n3_smtp_down_then_up_the_email_arrives(market, mail_server, system):
    """The server is really down (connections refused) while the sender tries again and
    again; once it is up, the e-mail goes, once. (A minute of it, on a moved clock:
    services/inbox/tests/test_inbox_emails.py.)"""
    buyer = market.buyer(["en"])
    order = market.delivered(buyer)

    def tried_and_failed(times):
        queued = outbox_of(system, buyer)
        assert len(queued) == 1, queued  # the notification's e-mail is queued (eventually)
        ((kind, attempts, sent_at),) = queued
        assert kind == "order_delivered" and attempts >= times and sent_at is None
        return attempts

    attempts = eventually(lambda: tried_and_failed(3), timeout=60)
    down_since = time.monotonic()
    time.sleep(4)
    tried_and_failed(attempts + 1)  # still kept, still tried
    assert mail_server.messages_to(address_of(buyer)) == []
    mail_server.start()
    (message,) = eventually(lambda: _exactly_one(mail_server, buyer), timeout=20)
    assert time.monotonic() - down_since >= 3
    assert message["Subject"] == f"Your order #{order['id'][:8].upper()} was delivered"
    ((_, _, sent_at),) = outbox_of(system, buyer)
    assert sent_at is not None


def _exactly_one(server, person):
    found = server.messages_to(address_of(person))
    assert len(found) == 1
    return found


# --- the development mail catcher (`make run`) -----------------------------------------------


@pytest.mark.parametrize(
    "smtp_url, wanted",
    [
        (None, True),
        ("", True),
        ("smtp://127.0.0.1:1025", True),
        ("smtp://localhost:1025", True),
        ("smtp://127.0.0.1:2525", True),  # a catcher on that port
        ("smtp://user:secret@127.0.0.1:2525", False),
        ("smtp://user:secret@relay.example.com:587?starttls=true", False),
        ("smtps://relay.example.com", False),
    ],
)
def test_make_run_starts_the_catcher_unless_smtp_url_points_elsewhere(smtp_url, wanted):
    assert mailcatcher.wanted(smtp_url) is wanted


def test_make_run_adds_the_catcher_and_says_where_to_read(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.setattr(mailcatcher, "listening", lambda host, port: False)
    env, programs = {}, {}
    said = cli.mail_catcher({"DATA_DIR": str(tmp_path)}, env, programs)
    assert env["SMTP_URL"] == "smtp://127.0.0.1:1025"
    assert programs["mail"][1:3] == ["-m", "microtache.mailcatcher"]
    assert str(tmp_path / "mail") in said and "smtp://127.0.0.1:1025" in said
    monkeypatch.setenv("SMTP_URL", "smtp://user:secret@relay.example.com:587?starttls=true")
    env, programs = {}, {}
    said = cli.mail_catcher({"DATA_DIR": str(tmp_path)}, env, programs)
    assert programs == {} and env == {}
    assert "relay.example.com:587" in said and "secret" not in said
    production = {"DATA_DIR": str(tmp_path), "MICROTACHE_ENV": "production"}
    monkeypatch.delenv("SMTP_URL")
    assert cli.mail_catcher(production, {}, programs) == "" and programs == {}
    monkeypatch.setattr(mailcatcher, "listening", lambda host, port: True)  # another run's
    env = {}
    said = cli.mail_catcher({"DATA_DIR": str(tmp_path)}, env, programs)
    assert programs == {} and env["SMTP_URL"] == "smtp://127.0.0.1:1025"
    assert "already" in said


def test_the_catcher_writes_each_message_as_an_eml_file_and_stops_on_sigterm(tmp_path):
    port, folder = free_port(), tmp_path / "mail"
    process = subprocess.Popen(
        [sys.executable, "-m", "microtache.mailcatcher", "--port", str(port), "--dir", folder],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        said = process.stdout.readline()
        assert f"smtp://127.0.0.1:{port}" in said and str(folder) in said
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail(
                "no-reply@microtache.local",
                ["amelie@example.com"],
                b"Subject: Bonjour\r\nTo: amelie@example.com\r\n\r\nUn message.\r\n",
            )
        assert mailcatcher.listening("127.0.0.1", port)
        (written,) = folder.glob("*.eml")
        caught = email.message_from_bytes(written.read_bytes(), policy=policy.default)
        assert caught["Subject"] == "Bonjour" and "Un message." in caught.get_content()
        assert list(folder.glob("*.tmp")) == []
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
