"""E-mails of notifications (N1, N3, N4): the outbox row, the language an e-mail is
written in, what each kind says, and when a failed send is tried again.

Plain Python: the templates that frame these words (one per language, a plain-text
part and an HTML part) are `inbox/templates/email/`, rendered by `adapters/smtp.py`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from inbox.domain.notifications import Notification

FRENCH = "fr"
ENGLISH = "en"
LANGUAGES = (FRENCH, ENGLISH)


def language_of(languages: Sequence[str]) -> str:
    """N4: French when the person's languages put French before English (or name French
    and not English), else English. Languages are ISO 639-1 codes, as catalog keeps
    them (a region, `fr-CA`, counts as its language)."""
    codes = [str(code).lower().split("-")[0].split("_")[0] for code in languages]
    if FRENCH not in codes:
        return ENGLISH
    if ENGLISH not in codes or codes.index(FRENCH) < codes.index(ENGLISH):
        return FRENCH
    return ENGLISH


@dataclass(frozen=True)
class Wording:
    """What one kind of e-mail says in one language. `subject` and each of `lines` are
    `str.format` patterns over the notification's params (plus `text` and `link`); a
    param the notification lacks makes the kind fall back to `GENERIC`."""

    subject: str
    lines: tuple[str, ...]
    action: str  # the words of the link to the page (N4)

    def fields(self) -> set[str]:
        found: set[str] = set()
        for pattern in (self.subject, *self.lines):
            for _, name, _, _ in string.Formatter().parse(pattern):
                if name:
                    found.add(name.split(".")[0].split("[")[0])
        return found


# What each kind of N1 says, per language, over the facts the notification keeps as its
# params (the event's fields, `inbox.domain.kinds`), plus `order` and `request`: the
# order's or request's reference (`#1A2B3C4D`), which names it (N4). A kind not here, or
# whose params lack a name its words use, still gets an e-mail: `GENERIC`, the
# notification's own text and link, in the person's language's frame.
_ORDER_EN, _ORDER_FR = "Open the order", "Voir la commande"
_REQUEST_EN, _REQUEST_FR = "Open the request", "Voir la demande"
_BALANCE_EN, _BALANCE_FR = "Open your balance", "Voir votre solde"


def _kind(
    en: tuple[str, tuple[str, ...], str], fr: tuple[str, tuple[str, ...], str]
) -> dict[str, Wording]:
    return {ENGLISH: Wording(*en), FRENCH: Wording(*fr)}


KIND_WORDINGS: dict[str, dict[str, Wording]] = {
    "order_placed": _kind(
        (
            "New order {order}: {price}",
            (
                "You have a new order ({order}) of {price}, to deliver in {delivery_days} days"
                " once the buyer's requirements are in.",
            ),
            _ORDER_EN,
        ),
        (
            "Nouvelle commande {order} : {price}",
            (
                "Vous avez une nouvelle commande ({order}) de {price}, à livrer en"
                " {delivery_days} jours une fois les exigences de l'acheteur reçues.",
            ),
            _ORDER_FR,
        ),
    ),
    "requirements_submitted": _kind(
        (
            "Requirements in for order {order}",
            ("The buyer submitted the requirements of order {order}: it is due {due_at}.",),
            _ORDER_EN,
        ),
        (
            "Exigences reçues pour la commande {order}",
            (
                "L'acheteur a envoyé les exigences de la commande {order} : elle est à livrer"
                " le {due_at}.",
            ),
            _ORDER_FR,
        ),
    ),
    "order_delivered": _kind(
        (
            "Your order {order} was delivered",
            (
                "The seller delivered your order {order}.",
                "Accept the delivery, or ask for a revision, from the order's page.",
            ),
            _ORDER_EN,
        ),
        (
            "Votre commande {order} a été livrée",
            (
                "Le vendeur a livré votre commande {order}.",
                "Acceptez la livraison ou demandez une révision depuis la page de la commande.",
            ),
            _ORDER_FR,
        ),
    ),
    "revision_requested": _kind(
        (
            "Revision asked on order {order}",
            ("The buyer of order {order} asked for changes to your delivery.",),
            _ORDER_EN,
        ),
        (
            "Révision demandée sur la commande {order}",
            ("L'acheteur de la commande {order} demande des modifications de votre livraison.",),
            _ORDER_FR,
        ),
    ),
    "extension_requested": _kind(
        (
            "More time asked on order {order}",
            ("The seller of order {order} asks for {days} more days: accept or decline.",),
            _ORDER_EN,
        ),
        (
            "Prolongation demandée sur la commande {order}",
            (
                "Le vendeur de la commande {order} demande {days} jours de plus : acceptez ou"
                " refusez.",
            ),
            _ORDER_FR,
        ),
    ),
    "extension_answered": _kind(
        (
            "Your extension request on order {order} has its answer",
            ("See the answer and the due date on the page of order {order}.",),
            _ORDER_EN,
        ),
        (
            "Réponse à votre demande de prolongation : commande {order}",
            ("Consultez la réponse et la date de livraison sur la page de la commande {order}.",),
            _ORDER_FR,
        ),
    ),
    "cancellation_requested": _kind(
        (
            "Cancellation asked on order {order}",
            ("The other party asks to cancel order {order}: accept or decline.",),
            _ORDER_EN,
        ),
        (
            "Demande d'annulation de la commande {order}",
            ("L'autre partie demande l'annulation de la commande {order} : acceptez ou refusez.",),
            _ORDER_FR,
        ),
    ),
    "cancellation_answered": _kind(
        (
            "The cancellation request on order {order} has its answer",
            ("See on its page whether order {order} is cancelled or goes on.",),
            _ORDER_EN,
        ),
        (
            "Demande d'annulation de la commande {order} : la réponse",
            ("Voyez sur sa page si la commande {order} est annulée ou se poursuit.",),
            _ORDER_FR,
        ),
    ),
    "order_late": _kind(
        (
            "Order {order} is late",
            ("Order {order} was not delivered by its due date.",),
            _ORDER_EN,
        ),
        (
            "La commande {order} est en retard",
            ("La commande {order} n'a pas été livrée à la date prévue.",),
            _ORDER_FR,
        ),
    ),
    "order_cancelled": _kind(
        (
            "Order {order} was cancelled",
            ("Order {order} is cancelled, and the buyer is refunded.",),
            _ORDER_EN,
        ),
        (
            "La commande {order} a été annulée",
            ("La commande {order} est annulée et l'acheteur est remboursé.",),
            _ORDER_FR,
        ),
    ),
    "order_completes_soon": _kind(
        (
            "Order {order} completes by itself {due}",
            (
                "Order {order} completes by itself {due}: accept the delivery or ask for a"
                " revision before then.",
            ),
            _ORDER_EN,
        ),
        (
            "La commande {order} sera terminée automatiquement le {due}",
            (
                "La commande {order} sera terminée automatiquement le {due} : acceptez la"
                " livraison ou demandez une révision d'ici là.",
            ),
            _ORDER_FR,
        ),
    ),
    "order_due_soon": _kind(
        (
            "Order {order} is due tomorrow",
            ("Deliver order {order} by {due}.",),
            _ORDER_EN,
        ),
        (
            "La commande {order} est à livrer demain",
            ("Livrez la commande {order} avant le {due}.",),
            _ORDER_FR,
        ),
    ),
    "order_completed": _kind(
        (
            "Order {order} completed: {earnings} earned",
            ("Order {order} is completed: your earnings of {earnings} clear {clears_at}.",),
            _ORDER_EN,
        ),
        (
            "Commande {order} terminée : {earnings} de revenus",
            (
                "La commande {order} est terminée : vos revenus de {earnings} seront disponibles"
                " le {clears_at}.",
            ),
            _ORDER_FR,
        ),
    ),
    "review_received": _kind(
        (
            "A review of you on order {order}",
            ("A review of you on order {order} is published.",),
            _ORDER_EN,
        ),
        (
            "Un avis sur vous pour la commande {order}",
            ("Un avis vous concernant sur la commande {order} est publié.",),
            _ORDER_FR,
        ),
    ),
    "private_feedback_asked": _kind(
        (
            "Thank you for your review of order {order}",
            (
                "You may also leave the seller private feedback on order {order}, which only"
                " you and support read.",
            ),
            _ORDER_EN,
        ),
        (
            "Merci pour votre avis sur la commande {order}",
            (
                "Vous pouvez aussi laisser au vendeur un commentaire privé sur la commande"
                " {order}, que seuls vous et le support lisez.",
            ),
            _ORDER_FR,
        ),
    ),
    "tip_received": _kind(
        (
            "A tip of {amount} on order {order}",
            ("The buyer of order {order} tipped you {amount}.",),
            _ORDER_EN,
        ),
        (
            "Un pourboire de {amount} pour la commande {order}",
            ("L'acheteur de la commande {order} vous a donné un pourboire de {amount}.",),
            _ORDER_FR,
        ),
    ),
    "offer_received": _kind(
        (
            "An offer on your request {request}: {price}",
            ("A seller offers to do your request {request} for {price} in {delivery_days} days.",),
            _REQUEST_EN,
        ),
        (
            "Une offre sur votre demande {request} : {price}",
            (
                "Un vendeur propose de réaliser votre demande {request} pour {price} en"
                " {delivery_days} jours.",
            ),
            _REQUEST_FR,
        ),
    ),
    "custom_offer_received": _kind(
        (
            "A custom offer for you: {price}",
            ("A seller answered your quote request: {price}, in {delivery_days} days.",),
            "Open the offer",
        ),
        (
            "Une offre personnalisée pour vous : {price}",
            ("Un vendeur a répondu à votre demande de devis : {price}, en {delivery_days} jours.",),
            "Voir l'offre",
        ),
    ),
    "request_approved": _kind(
        (
            "Your request {request} was approved",
            ("Your request {request} was approved: sellers see it and may send offers.",),
            _REQUEST_EN,
        ),
        (
            "Votre demande {request} a été approuvée",
            (
                "Votre demande {request} a été approuvée : les vendeurs la voient et peuvent"
                " vous envoyer des offres.",
            ),
            _REQUEST_FR,
        ),
    ),
    "request_rejected": _kind(
        (
            "Your request {request} was not approved",
            ("Your request {request} was not approved. The reason: {reason}",),
            _REQUEST_EN,
        ),
        (
            "Votre demande {request} n'a pas été approuvée",
            ("Votre demande {request} n'a pas été approuvée. Motif : {reason}",),
            _REQUEST_FR,
        ),
    ),
    "earnings_cleared": _kind(
        (
            "{amount} of earnings cleared",
            ("{amount} of your earnings are available: you may withdraw them.",),
            _BALANCE_EN,
        ),
        (
            "{amount} de revenus disponibles",
            ("{amount} de vos revenus sont disponibles : vous pouvez les retirer.",),
            _BALANCE_FR,
        ),
    ),
    "withdrawal_sent": _kind(
        (
            "Your withdrawal of {amount} was sent",
            ("Your withdrawal of {amount} is on its way to your payout method.",),
            _BALANCE_EN,
        ),
        (
            "Votre retrait de {amount} a été envoyé",
            ("Votre retrait de {amount} est en route vers votre moyen de paiement.",),
            _BALANCE_FR,
        ),
    ),
    "order_message_received": _kind(
        (
            "New message on your order {order}",
            ("You have a new message on the page of your order {order}.",),
            "Open the order",
        ),
        (
            "Nouveau message sur votre commande {order}",
            ("Vous avez un nouveau message sur la page de votre commande {order}.",),
            "Voir la commande",
        ),
    ),
    "message_received": _kind(
        (
            "New message in your conversation",
            ("You have a new message in your conversation:", "“{preview}”"),
            "Open the conversation",
        ),
        (
            "Nouveau message dans votre conversation",
            ("Vous avez un nouveau message dans votre conversation :", "« {preview} »"),
            "Voir la conversation",
        ),
    ),
}

GENERIC: dict[str, Wording] = {
    ENGLISH: Wording(subject="{text}", lines=("{text}",), action="Open it on Microtache"),
    FRENCH: Wording(subject="{text}", lines=("{text}",), action="Voir sur Microtache"),
}


def wording_of(kind: str, language: str, params: Mapping[str, Any]) -> Wording:
    """The kind's own words when it has them and the notification gives every param
    they name; else the generic words (the notification's text and link)."""
    own = KIND_WORDINGS.get(kind, {}).get(language)
    if own is not None and own.fields() <= set(params) | {"text", "link"}:
        return own
    return GENERIC[language]


MONTHS = {
    ENGLISH: ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    FRENCH: (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}
TIMES = ("due", "due_at", "clears_at")  # params that are times (ISO 8601)


def money(value: Mapping[str, Any], language: str) -> str:
    """`{"amount": 2500, "currency": "USD"}` as `$25.00` / `25,00 $US`; another currency
    `25.00 EUR` / `25,00 EUR`."""
    amount = int(value["amount"]) / 100
    currency = str(value.get("currency") or "USD")
    if language == FRENCH:
        text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
        return f"{text} $US" if currency == "USD" else f"{text} {currency}"
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def moment(value: Any, language: str) -> str:
    """A time as `Dec 3, 2026, 14:00 UTC` / `3 déc. 2026, 14:00 UTC`."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    month = MONTHS[language][at.month - 1]
    if language == FRENCH:
        return f"{at.day} {month} {at.year}, {at:%H:%M} UTC"
    return f"{month} {at.day}, {at.year}, {at:%H:%M} UTC"


def reference(identifier: Any) -> str:
    """How an e-mail names an order or a request: `#` and its id's first 8 characters."""
    return "#" + str(identifier).replace("-", "")[:8].upper()


def shown(name: str, value: Any, language: str) -> str:
    """A param as an e-mail shows it: money, times, anything else as text."""
    if isinstance(value, Mapping) and {"amount", "currency"} <= set(value):
        return money(value, language)
    if name in TIMES and value:
        try:
            return moment(value, language)
        except ValueError:
            return str(value)
    return "" if value is None else str(value)


def shown_params(params: Mapping[str, Any], language: str) -> dict[str, str]:
    """The params as the words read them, with `order` and `request` (N4: the e-mail
    names the order or request it is about)."""
    shown_ = {name: shown(name, value, language) for name, value in params.items()}
    for name in ("order", "request"):
        if params.get(f"{name}_id"):
            shown_[name] = reference(params[f"{name}_id"])
    return shown_


@dataclass(frozen=True)
class EmailContent:
    """One e-mail's words, ready for the language's templates."""

    language: str
    to: str
    username: str
    subject: str
    lines: tuple[str, ...]
    action: str
    url: str  # the page it is about (N4), absolute
    settings_url: str  # where the person turns this kind of e-mail off (N2)


MAX_SUBJECT = 150
# what may not stay in a header (a line break would start another header), as one space
LINE_BREAKS = re.compile("[\r\n\t\v\f\x1c-\x1f\x85\u2028\u2029 ]+")


def page_url(public_url: str, link: str) -> str:
    return public_url.rstrip("/") + "/" + link.lstrip("/")


def compose(
    email: OutboxEmail, contact: Mapping[str, Any], public_url: str, settings_link: str
) -> EmailContent:
    """N4: the e-mail of `email` to `contact` (`{username, email, languages}`, catalog's
    `contact`), in their language, naming the order or conversation and linking to it."""
    language = language_of(contact.get("languages") or [])
    params = shown_params(email.params, language)
    params.update(text=email.text, link=email.link)
    wording = wording_of(email.kind, language, params)
    subject = LINE_BREAKS.sub(" ", wording.subject.format_map(params)).strip()
    if len(subject) > MAX_SUBJECT:
        subject = subject[: MAX_SUBJECT - 1].rstrip() + "…"
    return EmailContent(
        language=language,
        to=str(contact["email"]),
        username=str(contact.get("username") or ""),
        subject=subject,
        lines=tuple(line.format_map(params) for line in wording.lines),
        action=wording.action,
        url=page_url(public_url, email.link),
        settings_url=page_url(public_url, settings_link),
    )


def message_id(notification_id: str, domain: str) -> str:
    """The e-mail's `Message-ID`, the same at every attempt: a crash between the send and
    the mark sends it again, and the receiver sees the same message (N3)."""
    return f"<notification.{notification_id}@{domain}>"


# N3: a failed send is tried again after these delays (seconds), the last one repeated for
# as long as it takes: an e-mail is never dropped. `MAIL_RETRY_DELAYS` overrides them.
RETRY_DELAYS: tuple[float, ...] = (10, 30, 60, 120, 300, 900, 1800, 3600)
# How long a claimed row is left to its sender before another may take it (a sender that
# died between the claim and the mark): longer than an SMTP exchange may take.
CLAIM_LEASE = timedelta(minutes=5)


def retry_delay(attempts: int, delays: Sequence[float] = RETRY_DELAYS) -> timedelta:
    """The wait after the `attempts`-th failed attempt (1 for the first)."""
    if not delays:
        delays = RETRY_DELAYS
    return timedelta(seconds=float(delays[min(max(attempts, 1), len(delays)) - 1]))


@dataclass
class OutboxEmail:
    """One e-mail to send (N3): a row of the e-mail outbox, written in the notification's
    own transaction, one per notification, kept until it is sent."""

    notification_id: str
    user_id: str
    kind: str
    event_id: str
    text: str
    link: str
    params: dict[str, Any] = field(default_factory=dict)
    subject_id: str | None = None
    created_at: datetime | None = None
    next_attempt_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    message_id: str | None = None

    @classmethod
    def of(cls, notification: Notification, now: datetime, due: datetime) -> OutboxEmail:
        """`now` on the platform clock (the e-mail's date); `due` on the wall clock, which
        the sender's retries follow (a moved platform clock must not make every waiting
        e-mail due at once)."""
        return cls(
            notification_id=notification.id,
            user_id=notification.user_id,
            kind=notification.kind,
            event_id=notification.event_id,
            text=notification.text,
            link=notification.link,
            params=dict(notification.params),
            subject_id=notification.subject_id,
            created_at=now,
            next_attempt_at=due,
        )
