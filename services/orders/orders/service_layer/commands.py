"""Commands on an order: each loads and locks it, finds who is asking, and acts through
the transition table (`changes.act`); deliveries take their uploads, paid extras
and support's cancellation ask payments first (O3-O13)."""

from microtache.errors import Forbidden, NotFound, RuleViolation

from orders.contract.uploads import DELIVERY
from orders.domain.orders import ACCEPTED, ADMIN, BUYER, CANCELLED, SELLER
from orders.service_layer.changes import act, actor_of, check, load_order
from orders.service_layer.views import present


def command(uow, caller, order_id, action, note=None, **facts):
    """The common path: load and lock, who is asking, act; (order, actor, what it made)."""
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    made = act(uow, order, actor, action, note=note, **facts)
    return order, actor, made


def deliver(uow, uploads, caller, order_id, data):
    """O3: the delivery (or a draft, which takes its files at once), then its files: the
    seller's uploads for a delivery (each at most 1 GB, checked when it was declared),
    every one checked before any is taken."""
    files = data["files"]
    if not files and not data["confirm_no_files"] and not data["draft"]:
        raise RuleViolation(
            "A delivery with no file needs confirm_no_files: true (O3).",
            {"confirm_no_files": False},
        )
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    action = "save_draft" if data["draft"] else "deliver"
    check(uow, order, actor, action, message=data["message"], files=[])
    checked = uploads.check_all(files, caller["id"], DELIVERY)
    made = act(uow, order, actor, action, message=data["message"], files=[])
    made.files = uploads.claim_all(
        [u.id for u in checked],
        caller["id"],
        DELIVERY,
        f"orders/deliveries/{made.id}",
        uow.on_rollback,
    )
    return order, actor, made


def send_draft(uow, caller, order_id, delivery_id):
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    draft = next((d for d in order.drafts() if d.id == delivery_id), None)
    if draft is None:
        raise NotFound("No such draft delivery.", {"delivery_id": delivery_id})
    act(
        uow, order, actor, "deliver", message=draft.message, files=draft.files, draft_delivery=draft
    )
    return order, actor, draft


def add_extras(uow, caller, order_id, data):
    """O7: days added at once, or paid extras offered to the buyer."""
    order = load_order(uow, order_id, lock=True)
    actor = actor_of(order, caller)
    if data["price"] is None:
        act(uow, order, actor, "add_time", note=data["note"], days=data["days"])
    else:
        act(
            uow,
            order,
            actor,
            "offer_extra",
            note=data["note"] or data["description"],
            description=data["description"],
            price=data["price"],
            days=data["days"],
        )
    return order, actor


def accept_extra(store, payments, caller, order_id, extra_id, payment_method_id):
    """O7, P2: the buyer pays for the extra (balance first, then the card) into the
    order's escrow; then it is added. Paying is idempotent on the extra's id."""
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id)
        actor = actor_of(order, caller)
        check(uow, order, actor, "accept_extra", extra_id=extra_id)
        offer = order.find(order.extra_offers, extra_id)
        payment = {
            "extra_id": offer.id,
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "amount": offer.price.to_dict(),
            "payment_method_id": payment_method_id,
        }
    payments.pay_for_order_extra(payment)
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id, lock=True)
        if order.find(order.extra_offers, extra_id).state != ACCEPTED:
            act(uow, order, actor, "accept_extra", extra_id=extra_id)
        return present(order, actor, uow.now())


def support_cancel(store, payments, caller, order_id, evidence):
    """O11, P5: only support (an admin); checked here, refunded by payments
    (synchronously: a seller who already withdrew the earnings makes it fail), then
    cancelled here."""
    if caller.get("role") != "admin":
        raise Forbidden("Only support (an admin) cancels a completed order (O11).")
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id)
        check(uow, order, ADMIN, "support_cancel")
    payments.support_cancel_completed_order(order_id)
    with store.unit_of_work() as uow:
        order = load_order(uow, order_id, lock=True)
        if order.status != CANCELLED:
            act(uow, order, ADMIN, "support_cancel", note=evidence)
        return present(order, ADMIN, uow.now())


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
