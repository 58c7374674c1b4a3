"""E-mail out (N3, N4): the mail settings, the message made from the language's Jinja2
templates (a plain-text part and an HTML part, autoescaped), and SMTP.

`SMTP_URL` says where: `smtp://127.0.0.1:1025` (the development catcher `make run`
starts), `smtp://user:password@relay.example.com:587?starttls=true` for a relay that
takes STARTTLS, `smtps://user:password@relay.example.com:465` for TLS from the start.
The client is the standard library's `smtplib`, whose sockets eventlet greens.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from nameko.extensions import DependencyProvider

from microtache.config import setting

from inbox.domain.emails import RETRY_DELAYS

TRUE = ("1", "true", "yes", "on")


def public_url(config):
    """Where e-mails link to (N4): `PUBLIC_URL`, else the gateway's own address."""
    url = setting(config, "PUBLIC_URL")
    if url:
        return url.rstrip("/")
    address = str(config.get("WEB_SERVER_ADDRESS") or "127.0.0.1:8000")
    return "http://" + address.replace("0.0.0.0", "127.0.0.1")


class SmtpUrlError(ValueError):
    pass


@dataclass(frozen=True)
class Smtp:
    """Where and how to send, from `SMTP_URL`."""

    host: str
    port: int
    tls: bool = False  # smtps://: TLS from the first byte
    starttls: bool = False  # ?starttls=true: upgrade a plain connection
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SmtpUrlError(f"SMTP_URL must be smtp://host:port or smtps://..., not {url!r}")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        starttls = query.get("starttls", "").lower() in TRUE
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 587 if starttls else 25),
            tls=tls,
            starttls=starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=float(query.get("timeout", 30)),
        )

    def __repr__(self):  # never the password, in a log line or an error
        return f"Smtp({self.host}:{self.port}, tls={self.tls}, starttls={self.starttls})"

    def send(self, message):
        """One message, on a connection of its own; raises on any failure (the sender
        tries again later)."""
        context = ssl.create_default_context()
        if self.tls:
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.starttls:
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


templates = Environment(
    loader=PackageLoader("inbox", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render(content):
    """(plain text, HTML) of an `EmailContent`, from its language's templates."""
    values = vars(content)
    text = templates.get_template(f"email/{content.language}.txt").render(values)
    html = templates.get_template(f"email/{content.language}.html").render(values)
    return text, html


def build_message(content, sender, message_id, created_at):
    """The MIME message: multipart/alternative, text then HTML; its `Message-ID` the
    notification's (the same at every attempt), its `Date` the notification's."""
    text, html = render(content)
    message = EmailMessage()
    message["Subject"] = content.subject
    message["From"] = sender
    message["To"] = formataddr((content.username, content.to)) if content.username else content.to
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(created_at)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = content.language  # after: Content-* moves into a part
    return message


@dataclass(frozen=True)
class MailSettings:
    smtp: Smtp
    sender: str  # the From header
    domain: str  # of Message-IDs: the sender's
    public_url: str
    retry_delays: tuple[float, ...]
    batch: int

    @classmethod
    def from_config(cls, config):
        sender = setting(config, "MAIL_FROM")
        address = parseaddr(sender)[1]
        return cls(
            smtp=Smtp.from_url(setting(config, "SMTP_URL")),
            sender=sender,
            domain=address.rpartition("@")[2] or "microtache.local",
            public_url=public_url(config),
            # N3's schedule unless MAIL_RETRY_DELAYS gives another
            retry_delays=tuple(setting(config, "MAIL_RETRY_DELAYS") or RETRY_DELAYS),
            batch=setting(config, "MAIL_BATCH"),
        )


class Mail(DependencyProvider):
    """Nameko dependency: the worker gets the `MailSettings` of the service's config."""

    settings: MailSettings | None = None

    def setup(self):
        self.settings = MailSettings.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.settings
