"""The order's state machine: every action, who may take it, from which statuses, to
which status, with which facts, under which guard, publishing which event (O1-O12).
Read TRANSITIONS to know the rules: it is the whole truth.

    perform(order, "deliver", SELLER, now, message="...", files=[...])

checks the action against the table (the actor, the status, the declared facts, the
guard), runs its effects in order (which set the dates the rules speak of), moves
the status to the target (a status, or a function of the order for the actions whose
outcome depends on it) and writes the timeline (O14). A refused action raises one of
the shared errors (microtache.errors) saying why and what is allowed instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from microtache.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from microtache.money import Money

from orders.contract.policies import POLICIES, SUPPORT_CANCELLATION_DAYS
from orders.contract.statuses import STATUS
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
    Order,
)

PARTIES = (BUYER, SELLER)

Facts = dict[str, Any]
Guard = Callable[[Order, str, datetime, Facts], None]  # raises, or lets it pass
Effect = Callable[[Order, str, datetime, Facts], Any]  # returns what it made
Target = Callable[[Order, datetime, Facts], str]  # the status it depends on


@dataclass(frozen=True)
class Fact:
    """A fact an action needs (`required`) or may take, and its Python type."""

    name: str
    kind: type | tuple[type, ...]
    required: bool = True


def need(**kinds: type | tuple[type, ...]) -> tuple[Fact, ...]:
    return tuple(Fact(name, kind) for name, kind in kinds.items())


def maybe(**kinds: type | tuple[type, ...]) -> tuple[Fact, ...]:
    return tuple(Fact(name, kind, required=False) for name, kind in kinds.items())


@dataclass(frozen=True)
class Transition:
    action: str
    actors: tuple[str, ...]
    sources: tuple[str, ...]
    target: str | Target | None  # None: the status stays
    rule: str
    facts: tuple[Fact, ...] = ()  # checked before the guard and the effects
    guard: Guard | None = None
    effects: tuple[Effect, ...] = ()  # in order; the last one's result is answered
    event: str | None = None  # None: the event of the status it enters

    def target_of(self, order: Order, now: datetime, facts: Facts) -> str:
        """The status after the effects ran (the same one if the action keeps it)."""
        if self.target is None:
            return order.status
        if isinstance(self.target, str):
            return self.target
        return self.target(order, now, facts)

    def event_of(self, status: str) -> str:
        """The event published when this action moves the order into `status`."""
        return self.event or STATUS[status].event


# --- guards: each raises a shared error, or returns None -----------------------------


def revisions_left(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    if order.revisions_left <= 0:
        raise RuleViolation(
            "No revision is left on this order (O5).",
            {
                "revisions_included": order.revisions_included,
                "revisions_used": order.revisions_used,
            },
        )


def no_open_extension(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    extension = order.open_extension()
    if extension is not None:
        raise Conflict(
            "An extension request is already waiting for the buyer's answer (O6).",
            {"extension_id": extension.id},
        )


def open_extension_named(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    extension(order, facts)


def the_other_party(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    if actor == open_cancellation_named(order, facts).opened_by:
        raise Forbidden("The other party answers a cancellation request (O9).")


def its_opener(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    if actor != open_cancellation_named(order, facts).opened_by:
        raise Forbidden("Only who opened a cancellation request withdraws it (O9).")


def price_bounded(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """O7 (product): a paid extra is at most $10,000, and never takes the order's price
    above $20,000 (POLICIES)."""
    price: Money = facts["price"]
    if not 0 < price.amount <= POLICIES.max_extra_price:
        raise RuleViolation(
            "A paid extra is at most $10,000.",
            {"price": price.to_dict(), "maximum": POLICIES.max_extra_price},
        )
    within_order_ceiling(order, price)


def open_extra_affordable(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """The extra is open, and accepting it keeps the order within its ceiling."""
    within_order_ceiling(order, extra_offer(order, facts).price)


def open_extra_named(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    extra_offer(order, facts)


def within_support_window(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    if (
        order.completed_at is None
        or now > order.completed_at + POLICIES.support_cancellation_window
    ):
        raise Conflict(
            "A completed order is cancelled by support only within "
            f"{SUPPORT_CANCELLATION_DAYS} days of its completion (O11).",
            {"completed_at": order.completed_at and order.completed_at.isoformat()},
        )


def review_extension_bounded(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    if not 1 <= facts["days"] <= POLICIES.max_review_extension_days:
        raise RuleViolation(
            "The review period is extended by 1 to 5 days at a time (O4).", {"days": facts["days"]}
        )


def within_order_ceiling(order: Order, price: Money) -> None:
    if order.price.amount + price.amount > POLICIES.max_order_price:
        raise RuleViolation(
            "An order's price, its extras included, is at most $20,000.",
            {
                "order_price": order.price.to_dict(),
                "extra": price.to_dict(),
                "maximum": POLICIES.max_order_price,
            },
        )


# --- the requests an action names, found open or refused -------------------------------


def extension(order: Order, facts: Facts) -> ExtensionRequest:
    request = order.find(order.extension_requests, facts["extension_id"])
    if request is None:
        raise NotFound("No such extension request.", {"extension_id": facts["extension_id"]})
    if request.state != OPEN:
        raise Conflict(
            f"This extension request is already {request.state}.",
            {"extension_id": request.id, "state": request.state},
        )
    return request


def open_cancellation_named(order: Order, facts: Facts) -> CancellationRequest:
    request = order.find(order.cancellation_requests, facts["cancellation_id"])
    if request is None:
        raise NotFound(
            "No such cancellation request.", {"cancellation_id": facts["cancellation_id"]}
        )
    if request.state != OPEN:
        raise Conflict(
            f"This cancellation request is already {request.state}.",
            {"cancellation_id": request.id, "state": request.state},
        )
    return request


def extra_offer(order: Order, facts: Facts) -> ExtraOffer:
    offer = order.find(order.extra_offers, facts["extra_id"])
    if offer is None:
        raise NotFound("No such extra offer.", {"extra_id": facts["extra_id"]})
    if offer.state != OPEN:
        raise Conflict(
            f"This extra offer is already {offer.state}.",
            {"extra_id": offer.id, "state": offer.state},
        )
    return offer


# --- effects: set what the rules say happens ------------------------------------------


def start(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """O1, O2: the order starts; it is due `delivery_days` later."""
    if facts.get("requirements") is not None:
        order.requirements = facts["requirements"]
    order.started_at = now
    order.due_at = now + timedelta(days=order.delivery_days)


def deliver(order: Order, actor: str, now: datetime, facts: Facts) -> Delivery:
    """O3: a delivery sent (a new one, or a saved draft); the review period opens (O4)."""
    delivery = facts.get("draft_delivery")
    if delivery is None:
        delivery = Delivery(message=facts["message"], files=facts["files"], created_at=now)
        order.deliveries.append(delivery)
    delivery.draft, delivery.sent_at = False, now
    order.first_delivered_at = order.first_delivered_at or now
    order.delivered_at = now
    order.review_ends_at = now + (
        POLICIES.physical_review_period if order.ships_physical_item else POLICIES.review_period
    )
    return delivery


def save_draft(order: Order, actor: str, now: datetime, facts: Facts) -> Delivery:
    delivery = Delivery(message=facts["message"], files=facts["files"], created_at=now, draft=True)
    order.deliveries.append(delivery)
    return delivery


def complete(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    order.completed_at, order.review_ends_at = now, None


def ask_revision(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    order.revisions_used += 1
    order.review_ends_at = None


def extend_review(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """O4: the review period gets `days` more (from its current end)."""
    assert order.review_ends_at is not None  # delivered: the review period runs
    order.review_ends_at += timedelta(days=facts["days"])


def ask_extension(order: Order, actor: str, now: datetime, facts: Facts) -> ExtensionRequest:
    request = ExtensionRequest(
        days=facts["days"],
        message=facts["message"],
        created_at=now,
        answer_by=now + POLICIES.extension_answer_time,
    )
    order.extension_requests.append(request)
    return request


def grant_extension(order: Order, actor: str, now: datetime, facts: Facts) -> ExtensionRequest:
    """O6 accepted (by the buyer or by silence): the due time moves later."""
    request = extension(order, facts)
    request.state, request.answered_at = ACCEPTED, now
    assert order.due_at is not None  # working: the order started
    order.due_at += timedelta(days=request.days)
    return request


def refuse_extension(order: Order, actor: str, now: datetime, facts: Facts) -> ExtensionRequest:
    request = extension(order, facts)
    request.state, request.answered_at = DECLINED, now
    return request


def decline_open_extension(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """O9: the resolution center handles one thing at a time: a dispute declines the
    extension request waiting for an answer."""
    request = order.open_extension()
    if request is not None:
        request.state, request.answered_at = DECLINED, now


def add_time(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    """O7: more days (and extras) count from the original due time, not from now."""
    assert order.due_at is not None  # extendable: the order started
    order.due_at += timedelta(days=facts["days"])
    order.delivery_days += facts["days"]
    order.review_ends_at = None
    for extra in facts.get("extras", ()):
        order.extras.append(extra)


def offer_extra(order: Order, actor: str, now: datetime, facts: Facts) -> ExtraOffer:
    offer = ExtraOffer(
        description=facts["description"],
        price_amount=facts["price"].amount,
        price_currency=facts["price"].currency,
        days=facts["days"],
        created_at=now,
    )
    order.extra_offers.append(offer)
    return offer


def grant_extra(order: Order, actor: str, now: datetime, facts: Facts) -> ExtraOffer:
    """O7: the buyer paid for the extra: its price adds to the order's, its days to
    the original due time."""
    offer = extra_offer(order, facts)
    offer.state, offer.answered_at = ACCEPTED, now
    order.price = order.price + offer.price
    add_time(
        order,
        actor,
        now,
        {
            "days": offer.days,
            "extras": [
                {
                    "name": offer.description,
                    "price": offer.price.to_dict(),
                    "delivery_days": offer.days,
                }
            ],
        },
    )
    return offer


def refuse_extra(order: Order, actor: str, now: datetime, facts: Facts) -> ExtraOffer:
    offer = extra_offer(order, facts)
    offer.state, offer.answered_at = DECLINED, now
    return offer


def open_dispute(order: Order, actor: str, now: datetime, facts: Facts) -> CancellationRequest:
    request = CancellationRequest(
        opened_by=actor,
        reason=facts["reason"],
        explanation=facts["explanation"],
        created_at=now,
        answer_by=now + POLICIES.cancellation_answer_time,
        status_before=order.status,
    )
    order.cancellation_requests.append(request)
    return request


def close_dispute(state: str) -> Effect:
    def close(order: Order, actor: str, now: datetime, facts: Facts) -> CancellationRequest:
        request = open_cancellation_named(order, facts)
        request.state, request.answered_at = state, now
        if state == ACCEPTED:
            cancel(order, "mutual", now)
        return request

    close.__name__ = f"close_dispute_{state}"
    return close


def cancel(order: Order, reason: str, now: datetime) -> None:
    order.cancelled_at, order.cancellation_reason = now, reason
    order.review_ends_at = None


def cancel_unanswered(
    order: Order, actor: str, now: datetime, facts: Facts
) -> CancellationRequest | None:
    request = order.open_cancellation()
    if request is not None:
        request.state, request.answered_at = ACCEPTED, now
    cancel(order, "mutual", now)
    return request


def cancel_for_lateness(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    cancel(order, "very_late", now)


def support_cancel(order: Order, actor: str, now: datetime, facts: Facts) -> None:
    cancel(order, "support", now)


# --- targets that depend on the order -------------------------------------------------


def in_progress_if_due_later(order: Order, now: datetime, facts: Facts) -> str:
    """O6: an order late only by the old due time is back in progress."""
    if order.status in (LATE, VERY_LATE) and order.due_at is not None and order.due_at > now:
        return IN_PROGRESS
    return order.status


def status_before_dispute(order: Order, now: datetime, facts: Facts) -> str:
    """O9: a dispute declined or withdrawn leaves the order where it was."""
    return open_or_closed_cancellation(order, facts).status_before


def open_or_closed_cancellation(order: Order, facts: Facts) -> CancellationRequest:
    request = order.find(order.cancellation_requests, facts["cancellation_id"])
    assert request is not None  # the guard found it
    return request


# --- the table ------------------------------------------------------------------------

WORK_SENT = (IN_PROGRESS, IN_REVISION, LATE, VERY_LATE)
EXTENDABLE = (IN_PROGRESS, DELIVERED, IN_REVISION, LATE, VERY_LATE)  # O7
DISPUTABLE = tuple(s for s in ACTIVE if s != IN_DISPUTE)
T = Transition

TRANSITIONS = {
    t.action: t
    for t in [
        T(
            "submit_requirements",
            (BUYER,),
            (INCOMPLETE,),
            IN_PROGRESS,
            "O1, O2",
            facts=need(requirements=str),
            effects=(start,),
            event="order_started",
        ),
        T(
            "skip_requirements",
            (SELLER,),
            (INCOMPLETE,),
            IN_PROGRESS,
            "O1, O2",
            effects=(start,),
            event="order_started",
        ),
        T("remind_requirements", (SELLER,), (INCOMPLETE,), None, "O1"),
        T(
            "save_draft",
            (SELLER,),
            WORKING,
            None,
            "O3",
            facts=need(message=str, files=list),
            effects=(save_draft,),
        ),
        T(
            "deliver",
            (SELLER,),
            WORK_SENT,
            DELIVERED,
            "O3",
            facts=need(message=str, files=list) + maybe(draft_delivery=Delivery),
            effects=(deliver,),
        ),
        T("accept_delivery", (BUYER,), (DELIVERED,), COMPLETED, "O10", effects=(complete,)),
        T(
            "request_revision",
            (BUYER,),
            (DELIVERED,),
            IN_REVISION,
            "O5",
            guard=revisions_left,
            effects=(ask_revision,),
        ),
        T(
            "extend_review_period",
            (BUYER,),
            (DELIVERED,),
            None,
            "O4",
            facts=need(days=int),
            guard=review_extension_bounded,
            effects=(extend_review,),
        ),
        T(
            "complete_automatically",
            (SYSTEM,),
            (DELIVERED,),
            COMPLETED,
            "O4, O10",
            effects=(complete,),
        ),
        T(
            "request_extension",
            (SELLER,),
            WORKING,
            None,
            "O6",
            facts=need(days=int, message=str),
            guard=no_open_extension,
            effects=(ask_extension,),
        ),
        T(
            "accept_extension",
            (BUYER,),
            WORKING,
            in_progress_if_due_later,
            "O6",
            facts=need(extension_id=str),
            guard=open_extension_named,
            effects=(grant_extension,),
        ),
        T(
            "decline_extension",
            (BUYER,),
            WORKING,
            None,
            "O6",
            facts=need(extension_id=str),
            guard=open_extension_named,
            effects=(refuse_extension,),
        ),
        T(
            "extension_unanswered",
            (SYSTEM,),
            WORKING,
            in_progress_if_due_later,
            "O6",
            facts=need(extension_id=str),
            guard=open_extension_named,
            effects=(grant_extension,),
        ),
        T(
            "add_time",
            (SELLER,),
            EXTENDABLE,
            IN_PROGRESS,
            "O7",
            facts=need(days=int),
            effects=(add_time,),
        ),
        T(
            "offer_extra",
            (SELLER,),
            EXTENDABLE,
            None,
            "O7",
            facts=need(description=str, price=Money, days=int),
            guard=price_bounded,
            effects=(offer_extra,),
        ),
        T(
            "accept_extra",
            (BUYER,),
            EXTENDABLE,
            IN_PROGRESS,
            "O7",
            facts=need(extra_id=str),
            guard=open_extra_affordable,
            effects=(grant_extra,),
        ),
        T(
            "decline_extra",
            (BUYER,),
            EXTENDABLE,
            None,
            "O7",
            facts=need(extra_id=str),
            guard=open_extra_named,
            effects=(refuse_extra,),
        ),
        T("fall_due", (SYSTEM,), (IN_PROGRESS,), LATE, "O8"),
        T("become_very_late", (SYSTEM,), (LATE,), VERY_LATE, "O8"),
        T(
            "cancel_very_late",
            (BUYER,),
            (VERY_LATE,),
            CANCELLED,
            "O8",
            effects=(cancel_for_lateness,),
        ),
        T(
            "open_cancellation",
            PARTIES,
            DISPUTABLE,
            IN_DISPUTE,
            "O6, O9",
            facts=need(reason=str, explanation=str),
            effects=(decline_open_extension, open_dispute),
        ),
        T(
            "accept_cancellation",
            PARTIES,
            (IN_DISPUTE,),
            CANCELLED,
            "O9",
            facts=need(cancellation_id=str),
            guard=the_other_party,
            effects=(close_dispute(ACCEPTED),),
        ),
        T(
            "decline_cancellation",
            PARTIES,
            (IN_DISPUTE,),
            status_before_dispute,
            "O9",
            facts=need(cancellation_id=str),
            guard=the_other_party,
            effects=(close_dispute(DECLINED),),
        ),
        T(
            "withdraw_cancellation",
            PARTIES,
            (IN_DISPUTE,),
            status_before_dispute,
            "O9",
            facts=need(cancellation_id=str),
            guard=its_opener,
            effects=(close_dispute(WITHDRAWN),),
        ),
        T(
            "cancellation_unanswered",
            (SYSTEM,),
            (IN_DISPUTE,),
            CANCELLED,
            "O9",
            effects=(cancel_unanswered,),
        ),
        T(
            "support_cancel",
            (ADMIN,),
            (COMPLETED,),
            CANCELLED,
            "O11",
            guard=within_support_window,
            effects=(support_cancel,),
        ),
    ]
}


def allowed_actions(order: Order, actor: str) -> list[str]:
    """What `actor` may do on the order now (the 409's `allowed`, and the order page)."""
    return sorted(
        t.action for t in TRANSITIONS.values() if actor in t.actors and order.status in t.sources
    )


def check(order: Order, action: str, actor: str, now: datetime, **facts: Any) -> Transition:
    """Raise a shared error if `actor` may not take `action` now; change nothing."""
    transition = TRANSITIONS[action]
    if actor not in transition.actors:
        raise Forbidden(
            f"Only the {' or '.join(transition.actors)} may "
            f"{action.replace('_', ' ')} ({transition.rule}).",
            {"action": action, "you_are": actor},
        )
    if order.status not in transition.sources:
        raise Conflict(
            f"This order is {order.status}: it cannot {action.replace('_', ' ')} "
            f"({transition.rule}).",
            {"action": action, "status": order.status, "allowed": allowed_actions(order, actor)},
        )
    check_facts(transition, facts)
    if transition.guard is not None:
        transition.guard(order, actor, now, facts)
    return transition


def check_facts(transition: Transition, facts: Facts) -> None:
    """The facts the action declares: each required one given, each of its type (400)."""
    problems = {}
    for fact in transition.facts:
        value = facts.get(fact.name)
        if value is None:
            if fact.required:
                problems[fact.name] = ["Missing data for required field."]
        elif not isinstance(value, fact.kind) or isinstance(value, bool) and fact.kind is int:
            problems[fact.name] = [f"Not a valid {getattr(fact.kind, '__name__', fact.kind)}."]
    if problems:
        raise InvalidInput(f"The facts of {transition.action} are not valid.", problems)


def perform(
    order: Order, action: str, actor: str, now: datetime, note: str | None = None, **facts: Any
) -> Any:
    """Take `action` on the order as `actor` (buyer, seller, admin, system).

    Returns what the last effect made (a delivery, a request) or None.
    """
    transition = check(order, action, actor, now, **facts)
    before = order.status
    made = None
    for effect in transition.effects:
        made = effect(order, actor, now, facts)
    order.status = transition.target_of(order, now, facts)
    order.record(now, actor, action, note=note if note is not None else _note(before, order))
    return made


def _note(before: str, order: Order) -> str | None:
    return f"{before} -> {order.status}" if before != order.status else None
