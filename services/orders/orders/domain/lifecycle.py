"""The order's state machine: every action, who may take it, from which statuses,
to which status, under which guard (O1-O12). Read TRANSITIONS to know the rules.

    perform(order, "deliver", SELLER, now, message="...", files=[...])

checks the action against the table, runs its effect (which sets the dates the
rules speak of), moves the status and writes the timeline (O14). A refused
action raises ActionRefused saying why and what is allowed instead.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from orders.domain.orders import (
    ACCEPTED,
    ACTIVE,
    ADMIN,
    BUYER,
    CANCELLED,
    COMPLETED,
    DECLINED,
    DELIVERED,
    IN_DISPUTE,
    IN_PROGRESS,
    IN_REVISION,
    INCOMPLETE,
    LATE,
    OPEN,
    SELLER,
    SYSTEM,
    VERY_LATE,
    WITHDRAWN,
    WORKING,
    CancellationRequest,
    Delivery,
    ExtensionRequest,
    ExtraOffer,
)
from orders.domain.policies import POLICIES

PARTIES = (BUYER, SELLER)
RESTORE = "restore"      # target: back to the status the order had before the dispute


class ActionRefused(Exception):
    """kind: `forbidden` (not this person's action), `conflict` (not in this status),
    `rule` (a rule's bound or guard refuses it), `not_found` (no such request)."""

    def __init__(self, kind, message, details=None):
        super().__init__(message)
        self.kind, self.message, self.details = kind, message, details or {}


@dataclass(frozen=True)
class Transition:
    action: str
    actors: tuple
    sources: tuple
    target: str | None                 # None: the status stays
    rule: str
    guard: Callable | None = None      # (order, actor, now, facts) -> refusal or None
    effect: Callable | None = None     # (order, actor, now, facts) -> what to answer


# --- guards: each returns an ActionRefused, or None -----------------------------------

def revisions_left(order, actor, now, facts):
    if order.revisions_left <= 0:
        return ActionRefused("rule", "No revision is left on this order (O5).",
                             {"revisions_included": order.revisions_included,
                              "revisions_used": order.revisions_used})


def no_open_extension(order, actor, now, facts):
    if order.open_extension() is not None:
        return ActionRefused("conflict", "An extension request is already waiting for the "
                             "buyer's answer (O6).", {"extension_id": order.open_extension().id})


def open_extension_named(order, actor, now, facts):
    request = order.find(order.extension_requests, facts["extension_id"])
    if request is None:
        return ActionRefused("not_found", "No such extension request.",
                             {"extension_id": facts["extension_id"]})
    if request.state != OPEN:
        return ActionRefused("conflict", f"This extension request is already {request.state}.",
                             {"extension_id": request.id, "state": request.state})


def the_other_party(order, actor, now, facts):
    refusal = _open_cancellation_named(order, facts)
    if refusal is None and actor == order.find(order.cancellation_requests,
                                               facts["cancellation_id"]).opened_by:
        return ActionRefused("forbidden", "The other party answers a cancellation request (O9).")
    return refusal


def its_opener(order, actor, now, facts):
    refusal = _open_cancellation_named(order, facts)
    if refusal is None and actor != order.find(order.cancellation_requests,
                                               facts["cancellation_id"]).opened_by:
        return ActionRefused(
            "forbidden", "Only who opened a cancellation request withdraws it (O9)."
        )
    return refusal


def _open_cancellation_named(order, facts):
    request = order.find(order.cancellation_requests, facts["cancellation_id"])
    if request is None:
        return ActionRefused("not_found", "No such cancellation request.",
                             {"cancellation_id": facts["cancellation_id"]})
    if request.state != OPEN:
        return ActionRefused("conflict", f"This cancellation request is already {request.state}.",
                             {"cancellation_id": request.id, "state": request.state})


def price_bounded(order, actor, now, facts):
    """O7 (product): a paid extra is at most $10,000, and never takes the order's price
    above $20,000 (POLICIES)."""
    price = facts["price"]
    if not 0 < price.amount <= POLICIES.max_extra_price:
        return ActionRefused("rule", "A paid extra is at most $10,000.",
                             {"price": price.to_dict(), "maximum": POLICIES.max_extra_price})
    return _within_order_ceiling(order, price)


def _within_order_ceiling(order, price):
    if order.price.amount + price.amount > POLICIES.max_order_price:
        return ActionRefused("rule", "An order's price, its extras included, is at most "
                             "$20,000.", {"order_price": order.price.to_dict(),
                                          "extra": price.to_dict(),
                                          "maximum": POLICIES.max_order_price})


def open_extra_affordable(order, actor, now, facts):
    """The extra is open, and accepting it keeps the order within its ceiling."""
    refusal = open_extra_named(order, actor, now, facts)
    if refusal is None:
        refusal = _within_order_ceiling(order, order.find(order.extra_offers,
                                                          facts["extra_id"]).price)
    return refusal


def open_extra_named(order, actor, now, facts):
    offer = order.find(order.extra_offers, facts["extra_id"])
    if offer is None:
        return ActionRefused("not_found", "No such extra offer.", {"extra_id": facts["extra_id"]})
    if offer.state != OPEN:
        return ActionRefused("conflict", f"This extra offer is already {offer.state}.",
                             {"extra_id": offer.id, "state": offer.state})


def within_support_window(order, actor, now, facts):
    if now > order.completed_at + POLICIES.support_cancellation_window:
        return ActionRefused("conflict", "A completed order is cancelled by support only within "
                             "14 days of its completion (O11).",
                             {"completed_at": order.completed_at.isoformat()})


def review_extension_bounded(order, actor, now, facts):
    if not 1 <= facts["days"] <= POLICIES.max_review_extension_days:
        return ActionRefused("rule", "The review period is extended by 1 to 5 days at a time (O4).",
                             {"days": facts["days"]})


# --- effects: set what the rules say happens ------------------------------------------

def start(order, actor, now, facts):
    """O1, O2: the order starts; it is due `delivery_days` later."""
    if facts.get("requirements") is not None:
        order.requirements = facts["requirements"]
    order.started_at = now
    order.due_at = now + timedelta(days=order.delivery_days)


def deliver(order, actor, now, facts):
    """O3: a delivery sent (a new one, or a saved draft); the review period opens (O4)."""
    delivery = facts.get("draft_delivery")
    if delivery is None:
        delivery = Delivery(message=facts["message"], files=facts["files"], created_at=now)
        order.deliveries.append(delivery)
    delivery.draft, delivery.sent_at = False, now
    order.first_delivered_at = order.first_delivered_at or now
    order.delivered_at = now
    order.review_ends_at = now + (POLICIES.physical_review_period if order.ships_physical_item
                                  else POLICIES.review_period)
    return delivery


def save_draft(order, actor, now, facts):
    delivery = Delivery(message=facts["message"], files=facts["files"], created_at=now, draft=True)
    order.deliveries.append(delivery)
    return delivery


def complete(order, actor, now, facts):
    order.completed_at, order.review_ends_at = now, None


def ask_revision(order, actor, now, facts):
    order.revisions_used += 1
    order.review_ends_at = None


def extend_review(order, actor, now, facts):
    """O4: the review period gets `days` more (from its current end)."""
    order.review_ends_at += timedelta(days=facts["days"])


def ask_extension(order, actor, now, facts):
    request = ExtensionRequest(days=facts["days"], message=facts["message"], created_at=now,
                               answer_by=now + POLICIES.extension_answer_time)
    order.extension_requests.append(request)
    return request


def grant_extension(order, actor, now, facts):
    """O6 accepted (by the buyer or by silence): the due time moves later; an order
    late only by the old date is back in progress."""
    request = order.find(order.extension_requests, facts["extension_id"])
    request.state, request.answered_at = ACCEPTED, now
    order.due_at += timedelta(days=request.days)
    if order.status in (LATE, VERY_LATE) and order.due_at > now:
        order.status = IN_PROGRESS
    return request


def refuse_extension(order, actor, now, facts):
    request = order.find(order.extension_requests, facts["extension_id"])
    request.state, request.answered_at = DECLINED, now
    return request


def add_time(order, actor, now, facts):
    """O7: more days (and extras) count from the original due time, not from now."""
    order.due_at += timedelta(days=facts["days"])
    order.delivery_days += facts["days"]
    order.review_ends_at = None
    for extra in facts.get("extras", ()):
        order.extras.append(extra)


def offer_extra(order, actor, now, facts):
    offer = ExtraOffer(description=facts["description"], price_amount=facts["price"].amount,
                       price_currency=facts["price"].currency, days=facts["days"],
                       created_at=now)
    order.extra_offers.append(offer)
    return offer


def grant_extra(order, actor, now, facts):
    """O7: the buyer paid for the extra: its price adds to the order's, its days to
    the original due time."""
    offer = order.find(order.extra_offers, facts["extra_id"])
    offer.state, offer.answered_at = ACCEPTED, now
    order.price = order.price + offer.price
    add_time(order, actor, now, {"days": offer.days, "extras": [
        {"name": offer.description, "price": offer.price.to_dict(), "delivery_days": offer.days}]})
    return offer


def refuse_extra(order, actor, now, facts):
    offer = order.find(order.extra_offers, facts["extra_id"])
    offer.state, offer.answered_at = DECLINED, now
    return offer


def open_dispute(order, actor, now, facts):
    if order.open_extension() is not None:     # the resolution center handles one thing at a time
        refuse_extension(order, SYSTEM, now, {"extension_id": order.open_extension().id})
    request = CancellationRequest(opened_by=actor, reason=facts["reason"],
                                  explanation=facts["explanation"], created_at=now,
                                  answer_by=now + POLICIES.cancellation_answer_time,
                                  status_before=order.status)
    order.cancellation_requests.append(request)
    return request


def _close_dispute(state):
    def close(order, actor, now, facts):
        request = order.find(order.cancellation_requests, facts["cancellation_id"])
        request.state, request.answered_at = state, now
        if state == ACCEPTED:
            cancel(order, actor, now, {"reason": "mutual"})
        return request
    return close


def cancel(order, actor, now, facts):
    order.cancelled_at, order.cancellation_reason = now, facts["reason"]
    order.review_ends_at = None


def cancel_unanswered(order, actor, now, facts):
    request = order.open_cancellation()
    request.state, request.answered_at = ACCEPTED, now
    cancel(order, actor, now, {"reason": "mutual"})
    return request


def support_cancel(order, actor, now, facts):
    cancel(order, actor, now, {"reason": "support"})


# --- the table ------------------------------------------------------------------------

WORK_SENT = (IN_PROGRESS, IN_REVISION, LATE, VERY_LATE)
EXTENDABLE = (IN_PROGRESS, DELIVERED, IN_REVISION, LATE, VERY_LATE)    # O7

TRANSITIONS = {t.action: t for t in [
    Transition("submit_requirements", (BUYER,), (INCOMPLETE,), IN_PROGRESS, "O1, O2", effect=start),
    Transition("skip_requirements", (SELLER,), (INCOMPLETE,), IN_PROGRESS, "O1, O2", effect=start),
    Transition("remind_requirements", (SELLER,), (INCOMPLETE,), None, "O1"),
    Transition("save_draft", (SELLER,), WORKING, None, "O3", effect=save_draft),
    Transition("deliver", (SELLER,), WORK_SENT, DELIVERED, "O3", effect=deliver),
    Transition("accept_delivery", (BUYER,), (DELIVERED,), COMPLETED, "O10", effect=complete),
    Transition("request_revision", (BUYER,), (DELIVERED,), IN_REVISION, "O5",
               guard=revisions_left, effect=ask_revision),
    Transition("extend_review_period", (BUYER,), (DELIVERED,), None, "O4",
               guard=review_extension_bounded, effect=extend_review),
    Transition("complete_automatically", (SYSTEM,), (DELIVERED,), COMPLETED, "O4, O10",
               effect=complete),
    Transition("request_extension", (SELLER,), WORKING, None, "O6",
               guard=no_open_extension, effect=ask_extension),
    Transition("accept_extension", (BUYER,), WORKING, None, "O6",
               guard=open_extension_named, effect=grant_extension),
    Transition("decline_extension", (BUYER,), WORKING, None, "O6",
               guard=open_extension_named, effect=refuse_extension),
    Transition("extension_unanswered", (SYSTEM,), WORKING, None, "O6",
               guard=open_extension_named, effect=grant_extension),
    Transition("add_time", (SELLER,), EXTENDABLE, IN_PROGRESS, "O7", effect=add_time),
    Transition("offer_extra", (SELLER,), EXTENDABLE, None, "O7", guard=price_bounded,
               effect=offer_extra),
    Transition("accept_extra", (BUYER,), EXTENDABLE, IN_PROGRESS, "O7",
               guard=open_extra_affordable, effect=grant_extra),
    Transition("decline_extra", (BUYER,), EXTENDABLE, None, "O7",
               guard=open_extra_named, effect=refuse_extra),
    Transition("fall_due", (SYSTEM,), (IN_PROGRESS,), LATE, "O8"),
    Transition("become_very_late", (SYSTEM,), (LATE,), VERY_LATE, "O8"),
    Transition("cancel_very_late", (BUYER,), (VERY_LATE,), CANCELLED, "O8",
               effect=lambda order, actor, now, facts: cancel(order, actor, now,
                                                              {"reason": "very_late"})),
    Transition("open_cancellation", PARTIES, tuple(s for s in ACTIVE if s != IN_DISPUTE),
               IN_DISPUTE, "O9", effect=open_dispute),
    Transition("accept_cancellation", PARTIES, (IN_DISPUTE,), CANCELLED, "O9",
               guard=the_other_party, effect=_close_dispute(ACCEPTED)),
    Transition("decline_cancellation", PARTIES, (IN_DISPUTE,), RESTORE, "O9",
               guard=the_other_party, effect=_close_dispute(DECLINED)),
    Transition("withdraw_cancellation", PARTIES, (IN_DISPUTE,), RESTORE, "O9",
               guard=its_opener, effect=_close_dispute(WITHDRAWN)),
    Transition("cancellation_unanswered", (SYSTEM,), (IN_DISPUTE,), CANCELLED, "O9",
               effect=cancel_unanswered),
    Transition("support_cancel", (ADMIN,), (COMPLETED,), CANCELLED, "O11",
               guard=within_support_window, effect=support_cancel),
]}


def allowed_actions(order, actor):
    """What `actor` may do on the order now (the 409's `allowed`, and the order page)."""
    return sorted(t.action for t in TRANSITIONS.values()
                  if actor in t.actors and order.status in t.sources)


def check(order, action, actor, now, **facts):
    """Raise ActionRefused if `actor` may not take `action` now; change nothing."""
    transition = TRANSITIONS[action]
    if actor not in transition.actors:
        raise ActionRefused("forbidden", f"Only the {' or '.join(transition.actors)} may "
                            f"{action.replace('_', ' ')} ({transition.rule}).",
                            {"action": action, "you_are": actor})
    if order.status not in transition.sources:
        raise ActionRefused("conflict", f"This order is {order.status}: it cannot "
                            f"{action.replace('_', ' ')} ({transition.rule}).",
                            {"action": action, "status": order.status,
                             "allowed": allowed_actions(order, actor)})
    refusal = transition.guard and transition.guard(order, actor, now, facts)
    if refusal:
        raise refusal
    return transition


def perform(order, action, actor, now, note=None, **facts):
    """Take `action` on the order as `actor` (buyer, seller, admin, system).

    Returns what the effect made (a delivery, a request) or None.
    """
    transition = check(order, action, actor, now, **facts)
    before = order.status
    made = transition.effect(order, actor, now, facts) if transition.effect else None
    if transition.target == RESTORE:
        order.status = _status_before_dispute(order, facts)
    elif transition.target is not None:
        order.status = transition.target
    order.record(now, actor, action, note=note if note is not None else _note(before, order))
    return made


def _status_before_dispute(order, facts):
    return order.find(order.cancellation_requests, facts["cancellation_id"]).status_before


def _note(before, order):
    return f"{before} -> {order.status}" if before != order.status else None
