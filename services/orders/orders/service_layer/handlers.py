"""One function per command, query or event of orders: load, apply the domain, store, publish.

Every change goes through `act`, which runs the state machine, then keeps the
scheduler's deadlines equal to what the order's state needs and publishes the
status change as an event: so no command can forget a deadline or an event.
"""
import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PaymentFailed,
    RuleViolation,
)
from microtache.money import Money
from microtache.pagination import position_cursor, position_of

from orders.adapters.repository import BUYER_LISTS, Orders
from orders.domain import lifecycle, placement as placing
from orders.domain.deadlines import ACTIONS, NAMES, deadlines_of
from orders.domain.gigs import GigCopy
from orders.domain.lifecycle import ActionRefused
from orders.domain.messages import Message
from orders.domain.orders import (
    ACCEPTED,
    ADMIN,
    BUYER,
    CANCELLED,
    COMPLETED,
    DELIVERED,
    IN_DISPUTE,
    IN_PROGRESS,
    IN_REVISION,
    INCOMPLETE,
    LATE,
    SELLER,
    SYSTEM,
    VERY_LATE,
)
from orders.domain.policies import POLICIES

log = logging.getLogger(__name__)

DEADLINE_EVENT = "order_deadline_reached"
ERRORS = {"forbidden": Forbidden, "conflict": Conflict, "rule": RuleViolation,
          "not_found": NotFound, "invalid": InvalidInput}

# The event each new status publishes (IN_PROGRESS: "order_started" the first time).
STATUS_EVENTS = {IN_PROGRESS: "order_resumed", DELIVERED: "order_delivered",
                 IN_REVISION: "order_revision_requested", LATE: "order_late",
                 VERY_LATE: "order_very_late", IN_DISPUTE: "order_disputed",
                 COMPLETED: "order_completed", CANCELLED: "order_cancelled"}


def as_error(refusal):
    return ERRORS[refusal.kind](refusal.message, refusal.details)


def deadline_key(order_id, name):
    return f"orders:{order_id}:{name}"


# --- the one way an order changes --------------------------------------------------------

def load_order(uow, order_id, lock=False):
    order = Orders(uow.session).get(order_id, lock=lock)
    if order is None:
        raise NotFound("No such order.", {"order_id": order_id})
    return order


def actor_of(order, caller):
    """buyer or seller; admin for an admin who is neither; else this is not theirs (A2)."""
    role = order.role_of(caller["id"])
    if role is None and caller.get("role") == "admin":
        return ADMIN
    if role is None:
        raise NotFound("No such order.", {"order_id": order.id})   # never say whose it is
    return role


def act(uow, order, actor, action, note=None, **facts):
    """Run `action` on a loaded order, then sync its deadlines and publish the change."""
    before_status, before_deadlines = order.status, deadlines_of(order)
    try:
        made = lifecycle.perform(order, action, actor, uow.now(), note=note, **facts)
    except ActionRefused as refusal:
        raise as_error(refusal)
    sync_deadlines(uow, order, before_deadlines)
    if order.status != before_status:
        publish_status(uow, order, before_status, action, actor)
    return made


def check(uow, order, actor, action, **facts):
    try:
        lifecycle.check(order, action, actor, uow.now(), **facts)
    except ActionRefused as refusal:
        raise as_error(refusal)


def sync_deadlines(uow, order, before):
    """Ask the scheduler for the deadlines the order needs now; cancel the others (S1)."""
    after = deadlines_of(order)
    for name in before.keys() - after.keys():
        cancel_deadline(uow, deadline_key(order.id, name))
    for name, due in after.items():
        if before.get(name) != due:
            request_deadline(uow, deadline_key(order.id, name), due, DEADLINE_EVENT,
                             {"order_id": order.id, "name": name, "due": due.isoformat()})


def publish_status(uow, order, previous, action, actor):
    facts = {"order_id": order.id, "buyer_id": order.buyer_id, "seller_id": order.seller_id,
             "status": order.status, "previous_status": previous, "action": action,
             "actor": actor}
    event = STATUS_EVENTS[order.status]
    if order.status == IN_PROGRESS and previous == INCOMPLETE:
        event = "order_started"
        facts.update(started_at=order.started_at.isoformat(), due_at=order.due_at.isoformat())
    elif order.status == DELIVERED:
        facts.update(delivered_at=order.delivered_at.isoformat(),
                     on_time=order.delivered_at <= order.due_at)
    elif order.status == COMPLETED:
        facts.update(gig_id=order.gig_id, price=order.price.to_dict(),
                     completed_at=order.completed_at.isoformat(),
                     delivered_on_time=order.delivered_on_time)
    elif order.status == CANCELLED:
        facts.update(gig_id=order.gig_id, price=order.price.to_dict(),
                     cancelled_at=order.cancelled_at.isoformat(),
                     reason=order.cancellation_reason, by=actor)
    uow.publish(event, facts)


# --- placement (O1, P2) ------------------------------------------------------------------

def place_order(store, catalog, requests, payments, caller, data, key):
    """Terms from the catalog or the offer, payment into escrow, then the order.

    The placement (buyer, key) is written first: a retry with the same key, or a
    crash after paying, finds it and finishes the same order; the payment is
    idempotent on the order id, so the buyer pays once (P7). A refused payment
    forgets the placement and changes nothing.
    """
    request = {k: data.get(k) for k in ("gig_id", "package", "extras", "offer")}
    with store.read_only() as uow:
        orders = Orders(uow.session)
        found = orders.placement(caller["id"], key)
        if found is not None and found.request != request:
            raise Conflict("This Idempotency-Key was used for another order.",
                           {"idempotency_key": key})
        if found is not None:
            uow.session.expunge(found)        # read on after this read-only session ends
        gig = orders.gig(data["gig_id"]) if data.get("gig_id") else None
        gig = gig.as_gig() if gig is not None else None
    if found is None:
        found = _new_placement(store, caller, request, key,
                               _terms(catalog, requests, caller, data, gig))
    terms = placing.terms_from_dict(found.terms)
    try:
        payments.pay_for_order({"order_id": found.order_id, "buyer_id": caller["id"],
                                "seller_id": terms.seller_id, "price": terms.price.to_dict(),
                                "payment_method_id": data.get("payment_method_id")})
    except PaymentFailed:
        with store.unit_of_work() as uow:
            stale = Orders(uow.session).placement(caller["id"], key)
            if stale is not None and Orders(uow.session).get(stale.order_id) is None:
                Orders(uow.session).forget(stale)
        raise
    with store.unit_of_work() as uow:
        order = create_order(uow, found, caller.get("username") or "")
        return present(order, BUYER, uow.now())


def create_order(uow, found, buyer_username):
    """The order of a paid placement (once: a second call finds it)."""
    orders = Orders(uow.session)
    order = orders.get(found.order_id, lock=True)
    if order is None:
        order = placing.place(found, buyer_username, uow.now())
        orders.add(order)
        placed = {
            "order_id": order.id, "buyer_id": order.buyer_id, "seller_id": order.seller_id,
            "gig_id": order.gig_id, "source": {"kind": order.source_kind,
                                               "id": order.source_id},
            "price": order.price.to_dict(), "delivery_days": order.delivery_days,
            "placed_at": order.created_at.isoformat()}
        uow.publish("order_placed", placed)
        if order.source_kind != "gig":       # only requests cares, and only for offers
            uow.publish("offer_ordered", placed)
    return order


STALE_PLACEMENT = timedelta(minutes=10)


def settle_stale_placements(store, payments, limit=50):
    """A placement whose order never came (the process died after paying, and the
    buyer did not retry): if payments holds its payment, the order is created, since
    the buyer paid for it; if not, the placement is forgotten. No money is left in
    escrow without an order (P2, P7). Returns (created, forgotten)."""
    with store.read_only() as uow:
        stale = Orders(uow.session).stale_placements(uow.now() - STALE_PLACEMENT, limit)
        for placement in stale:
            uow.session.expunge(placement)
    created = forgotten = 0
    for placement in stale:
        paid = payments.order_payment(placement.order_id)
        with store.unit_of_work() as uow:
            if paid is not None:
                create_order(uow, placement, placement.buyer_username or "")
                created += 1
            else:
                found = Orders(uow.session).placement(placement.buyer_id,
                                                      placement.idempotency_key)
                if found is not None and Orders(uow.session).get(found.order_id) is None:
                    Orders(uow.session).forget(found)
                    forgotten += 1
    return created, forgotten


def _terms(catalog, requests, caller, data, gig=None):
    """The order's terms: the offer's, or the gig's (from the local copy, else the catalog)."""
    try:
        if data.get("offer"):
            offer = data["offer"]
            terms = placing.terms_from_offer(
                requests.offer_terms(offer["kind"], offer["id"], caller["id"]))
        else:
            terms = placing.terms_from_gig(gig or catalog.get_gig(data["gig_id"]),
                                           data["package"], data.get("extras") or [])
        placing.check_buyer(terms, caller["id"])
        placing.check_price(terms)
    except ActionRefused as refusal:
        raise as_error(refusal)
    return terms


def _new_placement(store, caller, request, key, terms):
    offer_key = (f"{terms.source_kind}:{terms.source_id}" if terms.source_kind != "gig"
                 else None)
    try:
        with store.unit_of_work() as uow:
            found = placing.Placement(buyer_id=caller["id"], idempotency_key=key,
                                      request=request, terms=placing.terms_to_dict(terms),
                                      created_at=uow.now(), offer_key=offer_key,
                                      buyer_username=caller.get("username") or "")
            Orders(uow.session).add(found)
        return found
    except IntegrityError:
        with store.unit_of_work() as uow:   # the same key, at the same moment, from a retry
            found = Orders(uow.session).placement(caller["id"], key)
        if found is None:                   # the offer's own key: ordered under another key
            raise Conflict("This offer was already ordered.", {"offer": request["offer"]})
        return found


# --- commands on an order ----------------------------------------------------------------

def command(uow, caller, order_id, action, note=None, **facts):
    """The common path: load and lock, who is asking, act, answer the order page."""
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    made = act(uow, order, actor, action, note=note, **facts)
    return order, actor, made


def deliver(uow, storage, caller, order_id, data):
    """O3: files checked against the 1 GB bound, stored, then the delivery (or a draft)."""
    files = data["files"]
    too_big = [f["name"] for f in files if f["size"] > POLICIES.max_file_size]
    if too_big:
        raise RuleViolation("Each delivered file is at most 1 GB (O3).", {"files": too_big})
    if not files and not data["confirm_no_files"] and not data["draft"]:
        raise RuleViolation("A delivery with no file needs confirm_no_files: true (O3).",
                            {"confirm_no_files": False})
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    action = "save_draft" if data["draft"] else "deliver"
    check(uow, order, actor, action)
    stored = [storage.put(f"orders/{order.id}", f).to_dict() for f in files]
    made = act(uow, order, actor, action, message=data["message"], files=stored)
    return order, actor, made


def delivered_file(uow, storage, caller, order_id, delivery_id, name):
    """A delivered file's metadata and bytes, for the buyer, the seller or an admin; a
    draft's only for its seller (O3)."""
    order = load_order(uow, order_id)
    actor = actor_of(order, caller)
    delivery = next((d for d in order.deliveries
                     if d.id == delivery_id and (not d.draft or actor == SELLER)), None)
    stored = next((f for f in (delivery.files if delivery else []) if f["name"] == name), None)
    if stored is None:
        raise NotFound("No such file in this delivery.",
                       {"delivery_id": delivery_id, "name": name})
    with storage.open(stored["key"]) as f:
        return stored, f.read()


def send_draft(uow, caller, order_id, delivery_id):
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    draft = next((d for d in order.drafts() if d.id == delivery_id), None)
    if draft is None:
        raise NotFound("No such draft delivery.", {"delivery_id": delivery_id})
    act(uow, order, actor, "deliver", draft_delivery=draft)
    return order, actor, draft


def support_cancel(store, payments, caller, order_id, evidence):
    """O11, P5: checked here, refunded by payments (synchronously: a seller who already
    withdrew the earnings makes it fail), then cancelled here."""
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id)
        check(uow, order, ADMIN, "support_cancel")
    payments.support_cancel_completed_order(order_id)
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id, lock=True)
        if order.status != CANCELLED:
            act(uow, order, ADMIN, "support_cancel", note=evidence)
        return present(order, ADMIN, uow.now())


def add_extras(uow, caller, order_id, data):
    """O7: days added at once, or paid extras offered to the buyer."""
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    if data["price"] is None:
        act(uow, order, actor, "add_time", note=data["note"], days=data["days"])
    else:
        act(uow, order, actor, "offer_extra", note=data["note"] or data["description"],
            description=data["description"], price=data["price"], days=data["days"])
    return order, actor


def accept_extra(store, payments, caller, order_id, extra_id, payment_method_id):
    """O7, P2: the buyer pays for the extra (balance first, then the card) into the
    order's escrow; then it is added. Paying is idempotent on the extra's id."""
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id)
        actor = actor_of(order, caller)
        check(uow, order, actor, "accept_extra", extra_id=extra_id)
        offer = order.find(order.extra_offers, extra_id)
        payment = {"extra_id": offer.id, "order_id": order.id, "buyer_id": order.buyer_id,
                   "amount": offer.price.to_dict(), "payment_method_id": payment_method_id}
    payments.pay_for_order_extra(payment)
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id, lock=True)
        if order.find(order.extra_offers, extra_id).state != ACCEPTED:
            act(uow, order, actor, "accept_extra", extra_id=extra_id)
        return present(order, actor, uow.now())


def star(uow, caller, order_id, starred):
    """O13: each party stars the order for themself."""
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    if actor == BUYER:
        order.buyer_starred = starred
    elif actor == SELLER:
        order.seller_starred = starred
    else:
        raise Forbidden("Only the buyer and the seller star their orders.")
    return order, actor


def post_message(uow, caller, order_id, text):
    order = load_order(uow, order_id)
    actor = actor_of(order, caller)
    if actor not in (BUYER, SELLER):
        raise Forbidden("Only the buyer and the seller write on the order (O14).")
    message = Message(order_id=order.id, sender_id=caller["id"], sender_role=actor, text=text,
                      created_at=uow.now())
    Orders(uow.session).add(message)
    uow.publish("order_message_posted", {"order_id": order.id, "message_id": message.id,
                                         "sender_id": caller["id"],
                                         "recipient_id": order.seller_id if actor == BUYER
                                         else order.buyer_id})
    return message


def list_messages(uow, caller, order_id, query):
    order = load_order(uow, order_id)
    actor_of(order, caller)
    after = position_of(query["cursor"])
    found = Orders(uow.session).messages(order.id, query["limit"] + 1, after)
    page = found[:query["limit"]]
    return {
        "results": page,
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id)
        if len(found) > len(page)
        else None,
    }


# --- events --------------------------------------------------------------------------------

def deadline_reached(uow, event):
    """scheduler `order_deadline_reached`: the system acts only if the order still
    needs this deadline at this time; otherwise it no longer applies (S3)."""
    order = Orders(uow.session).get(event.get("order_id"), lock=True)
    name = event.get("name")
    if order is None or name not in NAMES:
        log.warning("deadline %s for unknown order %s", name, event.get("order_id"))
        return None
    due = deadlines_of(order).get(name)
    if due is None or due != datetime.fromisoformat(event["due"]):
        log.info("deadline %s of order %s no longer applies", name, order.id)
        return None
    facts = {}
    if name == "extension_answer":
        facts["extension_id"] = order.open_extension().id
    act(uow, order, SYSTEM, ACTIONS[name], **facts)
    return order.status


def gig_changed(uow, event):
    """catalog `gig_published`, `gig_updated`, `gig_archived`: keep the gig's terms."""
    orders, occurred_at = Orders(uow.session), datetime.fromisoformat(event["occurred_at"])
    copy = orders.gig(event["gig_id"], lock=True)
    facts = dict(event)
    if event["event_type"] == "gig_archived":
        facts["status"] = "archived"
    if copy is None:
        if "packages" not in facts:          # archived before we heard of it: nothing to keep
            return None
        copy = GigCopy(id=event["gig_id"], seller_id=facts["seller_id"],
                       seller_username=facts["seller_username"], title=facts["title"],
                       status=facts["status"], ships_physical_item=facts["ships_physical_item"],
                       packages=facts["packages"], extras=facts["extras"],
                       updated_at=occurred_at)
        orders.add(copy)
        return copy
    copy.apply(facts, occurred_at)
    return copy


def earnings_booked(uow, event):
    """payments `earnings_pending` for an order: the seller's earnings to show (O15)."""
    if not event.get("order_id") or event.get("tip_id"):
        return None
    order = Orders(uow.session).get(event["order_id"], lock=True)
    if order is not None:
        order.earnings = Money.from_dict(event["earnings"])
    return order


# --- queries ---------------------------------------------------------------------------------

def get_order(uow, caller, order_id):
    order = load_order(uow, order_id)
    return present(order, actor_of(order, caller), uow.now())


def list_orders(uow, caller, query):
    role, name = query["role"], query["filter"]
    if role == BUYER and name and name not in BUYER_LISTS:
        # which lists there are depends on `role`: OpenAPI lists every name, so 422
        raise RuleViolation("The request is not valid.",
                           {"filter": [f"A buyer's lists: {', '.join(BUYER_LISTS)}."]})
    limit = query["limit"]
    found = Orders(uow.session).list(caller["id"], role, name, limit + 1,
                                     position_of(query["cursor"]))
    page = found[:limit]
    return {
        "results": [summary(order, role) for order in page],
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id)
        if len(found) > limit
        else None,
    }


def summary(order, role):
    return {"id": order.id, "status": order.status, "title": order.title,
            "buyer": {"id": order.buyer_id, "username": order.buyer_username},
            "seller": {"id": order.seller_id, "username": order.seller_username},
            "price": order.price, "created_at": order.created_at, "due_at": order.due_at,
            "completed_at": order.completed_at,
            "starred": order.buyer_starred if role == BUYER else order.seller_starred}


def present(order, role, now):
    """The order page as `role` sees it (O14, O15): drafts and earnings are the seller's."""
    time_left = order.time_left(now)
    return {
        **summary(order, role),
        "source": {"kind": order.source_kind, "id": order.source_id},
        "gig_id": order.gig_id, "package": order.package, "extras": order.extras,
        "ships_physical_item": order.ships_physical_item,
        "delivery_days": order.delivery_days, "revisions_included": order.revisions_included,
        "revisions_used": order.revisions_used, "requirements": order.requirements,
        "started_at": order.started_at, "delivered_at": order.delivered_at,
        "review_ends_at": order.review_ends_at, "cancelled_at": order.cancelled_at,
        "cancellation_reason": order.cancellation_reason,
        "time_left_seconds": None if time_left is None else int(time_left.total_seconds()),
        "earnings": order.earnings if role in (SELLER, ADMIN) else None,
        "deadlines": deadlines_of(order),
        "allowed_actions": lifecycle.allowed_actions(order, role),
        "timeline": order.timeline,
        "deliveries": [d for d in order.deliveries if not d.draft or role == SELLER],
        "extension_requests": order.extension_requests,
        "cancellation_requests": order.cancellation_requests,
        "extra_offers": order.extra_offers,
    }
