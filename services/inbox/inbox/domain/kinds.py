"""N1 in one table: which fact tells whom of what, in which words, linking where.

Each row of `NOTICES` reads one event (its source service and type, loaded through the
producer's contract by the service layer, so here a plain mapping of facts): when
`applies` holds, each person `told` names gets a notification of `kind`, whose line is
`text` (of the facts and of the role the person plays) and whose page is the kind's
`link`. A kind may come from several facts (an answer to a cancellation is an
`order_cancelled` or an `order_resumed`), and a fact may make several kinds.

Decisions (product, docs/rules.md N1): an order late tells both parties (the seller must
deliver, the buyer's money waits) and very late tells the buyer again (they may cancel
now); the seller learns of the completion with the earnings, so from payments'
`earnings_pending` (orders' `order_completed` carries the price, not the earnings);
a review is "received" by the seller when the buyer's is published to them (V4) and by
the buyer when the seller's is posted; the buyer's own review asks for private
feedback (V5); earnings cleared is payments' `earnings_available`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from inbox.contract.notifications import (
    CANCELLATION_ANSWERED,
    CANCELLATION_REQUESTED,
    CUSTOM_OFFER_RECEIVED,
    EARNINGS_CLEARED,
    EXTENSION_ANSWERED,
    EXTENSION_REQUESTED,
    KINDS,
    NEW_MESSAGE,
    NEW_ORDER,
    OFFER_RECEIVED,
    ORDER_CANCELLED,
    ORDER_COMPLETED,
    ORDER_COMPLETES_SOON,
    ORDER_DELIVERED,
    ORDER_DUE_SOON,
    ORDER_LATE,
    ORDER_MESSAGE,
    PRIVATE_FEEDBACK_ASKED,
    REMINDER_EVENT,
    REQUEST_APPROVED,
    REQUEST_REJECTED,
    REQUIREMENTS_SUBMITTED,
    REVIEW_RECEIVED,
    REVISION_REQUESTED,
    TIP_RECEIVED,
    WITHDRAWAL_SENT,
)

Facts = Mapping[str, Any]
BUYER, SELLER, RECIPIENT = "buyer", "seller", "recipient"

# The reminders of deadlines orders keeps (S1): orders' deadline name -> the kind told
# a day before (the inbox mirrors orders' `deadline_requested`; service_layer/reminders).
DUE, REVIEW_PERIOD = "due", "review_period"


# --- the facts, as a line reads them ----------------------------------------------------


def money(value: Any) -> str:
    """`{"amount": 2500, "currency": "USD"}` (or a Money) as `$25.00`."""
    amount = value["amount"] if isinstance(value, Mapping) else value.amount
    currency = value.get("currency", "USD") if isinstance(value, Mapping) else value.currency
    text = f"{amount / 100:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def when(value: Any) -> str:
    """A time as a line reads it: `Dec 3, 14:00 UTC`."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return f"{moment:%b} {moment.day}, {moment:%H:%M} UTC"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- who is told -------------------------------------------------------------------------

Told = Callable[[Facts], Sequence[tuple[str, str]]]  # (role, user id) of each person


def seller(facts: Facts) -> Sequence[tuple[str, str]]:
    return [(SELLER, facts["seller_id"])]


def buyer(facts: Facts) -> Sequence[tuple[str, str]]:
    return [(BUYER, facts["buyer_id"])]


def both(facts: Facts) -> Sequence[tuple[str, str]]:
    return [*buyer(facts), *seller(facts)]


def other_party(facts: Facts) -> Sequence[tuple[str, str]]:
    """The party that did not act; both when the system or support did."""
    if facts.get("actor") == BUYER:
        return seller(facts)
    if facts.get("actor") == SELLER:
        return buyer(facts)
    return both(facts)


def recipient(facts: Facts) -> Sequence[tuple[str, str]]:
    return [(RECIPIENT, facts["recipient_id"])]


# --- the kinds: where each links, what it is about ---------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    link: Callable[[Facts], str]  # the page it is about (N1, N4)
    subject: Callable[[Facts], str | None]  # the order, request or conversation's id


def _order_page(facts: Facts) -> str:
    return f"/orders/{facts['order_id']}"


def _order(facts: Facts) -> str | None:
    return facts.get("order_id")


def _request(facts: Facts) -> str | None:
    return facts.get("request_id")


def _balance(facts: Facts) -> str:
    return "/me/balance"


ORDER_KINDS = (
    NEW_ORDER,
    REQUIREMENTS_SUBMITTED,
    ORDER_DELIVERED,
    REVISION_REQUESTED,
    EXTENSION_REQUESTED,
    EXTENSION_ANSWERED,
    CANCELLATION_REQUESTED,
    CANCELLATION_ANSWERED,
    ORDER_LATE,
    ORDER_CANCELLED,
    ORDER_COMPLETES_SOON,
    ORDER_DUE_SOON,
    ORDER_COMPLETED,
    REVIEW_RECEIVED,
    PRIVATE_FEEDBACK_ASKED,
    TIP_RECEIVED,
    ORDER_MESSAGE,
)

KIND_TABLE: dict[str, Kind] = {
    **{name: Kind(name, _order_page, _order) for name in ORDER_KINDS},
    OFFER_RECEIVED: Kind(
        OFFER_RECEIVED, lambda facts: f"/requests/{facts['request_id']}/offers", _request
    ),
    CUSTOM_OFFER_RECEIVED: Kind(
        CUSTOM_OFFER_RECEIVED,
        lambda facts: f"/quote-requests/{facts['quote_request_id']}",
        lambda facts: facts.get("quote_request_id"),
    ),
    REQUEST_APPROVED: Kind(
        REQUEST_APPROVED, lambda facts: f"/requests/{facts['request_id']}", _request
    ),
    REQUEST_REJECTED: Kind(
        REQUEST_REJECTED, lambda facts: f"/requests/{facts['request_id']}", _request
    ),
    EARNINGS_CLEARED: Kind(EARNINGS_CLEARED, _balance, lambda facts: None),
    WITHDRAWAL_SENT: Kind(WITHDRAWAL_SENT, _balance, lambda facts: facts.get("withdrawal_id")),
    NEW_MESSAGE: Kind(
        NEW_MESSAGE,
        lambda facts: f"/conversations/{facts['conversation_id']}",
        lambda facts: facts.get("conversation_id"),
    ),
}


# --- the facts that make them --------------------------------------------------------------


def always(facts: Facts) -> bool:
    return True


def action_in(*actions: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.get("action") in actions


@dataclass(frozen=True)
class Notice:
    """One fact (`source`'s `event_type`) tells `told` of `kind`, when `applies`."""

    source: str
    event_type: str
    kind: str
    told: Told
    text: Callable[[Facts, str], str]  # of the facts and the role of the person told
    applies: Callable[[Facts], bool] = always


def _extension_answer(facts: Facts, role: str) -> str:
    days = plural(facts["days"], "day")
    if facts["action"] == "extension_unanswered":
        return f"Your extension request of {days} was accepted: the buyer did not answer in time."
    answer = "accepted" if facts["state"] == "accepted" else "declined"
    return f"The buyer {answer} your extension request of {days}."


def _cancellation_answer(facts: Facts, role: str) -> str:
    action = facts["action"]
    if action == "accept_cancellation":
        return "Your cancellation request was accepted: the order is cancelled."
    if action == "cancellation_unanswered":
        return "The cancellation request was not answered in time: the order is cancelled."
    if action == "withdraw_cancellation":
        return "The cancellation request was withdrawn: the order goes on."
    return "Your cancellation request was declined: the order goes on."


def _late(facts: Facts, role: str) -> str:
    if role == SELLER:
        return "Your order is late: deliver it as soon as you can."
    return "Your order is late: the seller has not delivered on time."


def _cancelled(facts: Facts, role: str) -> str:
    if facts["action"] == "cancel_very_late":
        return "The buyer cancelled the order, very late: the buyer is refunded."
    return "Support cancelled the order: the buyer is refunded."


def _review(facts: Facts, role: str) -> str:
    if role == SELLER:
        return f"The buyer's review of your order is published: {facts['rating']:g} out of 5."
    return "The seller reviewed you on your order."


def _message(facts: Facts, role: str) -> str:
    preview = facts.get("preview") or "a file"
    sender = facts.get("sender")  # the username, when the inbox knows it
    return f"New message from {sender}: {preview}" if sender else f"New message: {preview}"


_ORDERS_CANCELLATION_ANSWERS = ("accept_cancellation", "cancellation_unanswered")
_RESUMED_CANCELLATION_ANSWERS = ("decline_cancellation", "withdraw_cancellation")

NOTICES: tuple[Notice, ...] = (
    # orders (O1-O12)
    Notice(
        "orders",
        "order_placed",
        NEW_ORDER,
        seller,
        lambda f, r: f"New order of {money(f['price'])}: waiting for the buyer's requirements.",
    ),
    Notice(
        "orders",
        "offer_ordered",
        NEW_ORDER,
        seller,
        lambda f, r: (
            f"Your offer was ordered ({money(f['price'])}): waiting for the buyer's requirements."
        ),
    ),
    Notice(
        "orders",
        "order_started",
        REQUIREMENTS_SUBMITTED,
        seller,
        lambda f, r: f"The buyer submitted the requirements: the order is due {when(f['due_at'])}.",
        action_in("submit_requirements"),
    ),
    Notice(
        "orders",
        "order_delivered",
        ORDER_DELIVERED,
        buyer,
        lambda f, r: "Your order was delivered: accept it, or ask for a revision.",
    ),
    Notice(
        "orders",
        "order_revision_requested",
        REVISION_REQUESTED,
        seller,
        lambda f, r: "The buyer asked for a revision of your delivery.",
    ),
    Notice(
        "orders",
        "order_extension_requested",
        EXTENSION_REQUESTED,
        buyer,
        lambda f, r: f"The seller asks for {plural(f['days'], 'more day')}: accept or decline.",
    ),
    Notice("orders", "order_extension_answered", EXTENSION_ANSWERED, seller, _extension_answer),
    Notice(
        "orders",
        "order_disputed",
        CANCELLATION_REQUESTED,
        other_party,
        lambda f, r: f"The {f['actor']} asks to cancel the order: accept or decline.",
        action_in("open_cancellation"),
    ),
    Notice(
        "orders",
        "order_cancelled",
        CANCELLATION_ANSWERED,
        other_party,
        _cancellation_answer,
        action_in(*_ORDERS_CANCELLATION_ANSWERS),
    ),
    Notice(
        "orders",
        "order_resumed",
        CANCELLATION_ANSWERED,
        other_party,
        _cancellation_answer,
        action_in(*_RESUMED_CANCELLATION_ANSWERS),
    ),
    Notice(
        "orders",
        "order_cancelled",
        ORDER_CANCELLED,
        other_party,
        _cancelled,
        action_in("cancel_very_late", "support_cancel"),
    ),
    Notice("orders", "order_late", ORDER_LATE, both, _late),
    Notice(
        "orders",
        "order_very_late",
        ORDER_LATE,
        buyer,
        lambda f, r: "Your order is 24 hours late: you may cancel it and be refunded.",
    ),
    # reminders the inbox asked the scheduler for (S1), a day before orders' deadlines
    Notice(
        "scheduler",
        REMINDER_EVENT,
        ORDER_DUE_SOON,
        seller,
        lambda f, r: f"Your order is due tomorrow, {when(f['due'])}.",
        lambda f: f["name"] == DUE,
    ),
    Notice(
        "scheduler",
        REMINDER_EVENT,
        ORDER_COMPLETES_SOON,
        buyer,
        lambda f, r: (
            f"Your order completes by itself {when(f['due'])}: accept it or ask "
            "for a revision before then."
        ),
        lambda f: f["name"] == REVIEW_PERIOD,
    ),
    # payments (P3, P6)
    Notice(
        "payments",
        "earnings_pending",
        ORDER_COMPLETED,
        seller,
        lambda f, r: (
            f"Order completed: {money(f['earnings'])} of earnings, cleared {when(f['clears_at'])}."
        ),
        lambda f: bool(f.get("order_id")) and not f.get("tip_id"),
    ),
    Notice(
        "payments",
        "earnings_available",
        EARNINGS_CLEARED,
        seller,
        lambda f, r: f"{money(f['amount'])} of earnings cleared: you may withdraw them.",
    ),
    Notice(
        "payments",
        "withdrawal_sent",
        WITHDRAWAL_SENT,
        seller,
        lambda f, r: f"Your withdrawal of {money(f['amount'])} was sent.",
    ),
    # reviews (V4, V5, T1)
    Notice("reviews", "review_published", REVIEW_RECEIVED, seller, _review),
    Notice(
        "reviews",
        "review_posted",
        REVIEW_RECEIVED,
        buyer,
        _review,
        lambda f: f["author_role"] == SELLER,
    ),
    Notice(
        "reviews",
        "review_posted",
        PRIVATE_FEEDBACK_ASKED,
        buyer,
        lambda f, r: (
            "Thank you for your review: you may also leave the seller private "
            "feedback, which only you and support read."
        ),
        lambda f: f["author_role"] == BUYER,
    ),
    Notice(
        "reviews",
        "tip_sent",
        TIP_RECEIVED,
        seller,
        lambda f, r: (
            f"The buyer tipped you {money(f['amount'])}"
            + (f": “{f['message']}”" if f.get("message") else ".")
        ),
    ),
    # requests (R2, R6, Q2)
    Notice(
        "requests",
        "offer_submitted",
        OFFER_RECEIVED,
        buyer,
        lambda f, r: (
            f"A seller sent an offer on your request: {money(f['price'])}, "
            f"{plural(f['delivery_days'], 'day')}."
        ),
    ),
    Notice(
        "requests",
        "custom_offer_sent",
        CUSTOM_OFFER_RECEIVED,
        buyer,
        lambda f, r: (
            f"A seller sent you a custom offer: {money(f['price'])}, "
            f"{plural(f['delivery_days'], 'day')}."
        ),
    ),
    Notice(
        "requests",
        "buyer_request_approved",
        REQUEST_APPROVED,
        buyer,
        lambda f, r: "Your request was approved: sellers see it and may send offers.",
    ),
    Notice(
        "requests",
        "buyer_request_rejected",
        REQUEST_REJECTED,
        buyer,
        lambda f, r: f"Your request was rejected: {f['reason']}",
    ),
    # the inbox's own conversations (M2), and the messages on an order's page (O14)
    Notice(
        "inbox",
        "message_sent",
        NEW_MESSAGE,
        recipient,
        _message,
        # a custom offer shown in the conversation is told as itself (custom_offer_received)
        lambda facts: facts.get("kind") != "custom_offer",
    ),
    Notice(
        "orders",
        "order_message_posted",
        ORDER_MESSAGE,
        recipient,
        lambda f, r: "New message on your order.",
    ),
)

SUBSCRIPTIONS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((notice.source, notice.event_type) for notice in NOTICES)
)


def notices_of(source: str, event_type: str, facts: Facts) -> list[Notice]:
    """The rows a fact makes notifications of."""
    return [
        notice
        for notice in NOTICES
        if (notice.source, notice.event_type) == (source, event_type) and notice.applies(facts)
    ]


_unlinked = set(KINDS) - set(KIND_TABLE)
_unmade = set(KINDS) - {notice.kind for notice in NOTICES}
if _unlinked or _unmade:  # a kind of the contract no row makes, or with no page
    raise RuntimeError(f"kinds without a page {sorted(_unlinked)} or a fact {sorted(_unmade)}")
