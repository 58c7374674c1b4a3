"""Tips (T1-T3): checked here, paid by payments (balance first, then the card, T3), and
the buyer's message posted to the seller on the order's conversation (O14).

The tip is written `pending` before payments is asked, so that an order is tipped once
even when two requests race; payments is idempotent on the tip id, so a retry (the
same Idempotency-Key, or the same amount while the first is pending) pays once. A
refusal from payments books nothing and forgets the pending tip.
"""

import logging
import uuid

from sqlalchemy.exc import IntegrityError

from microtache.errors import Conflict, Forbidden, MicrotacheError, ServiceUnavailable

from reviews.domain import tips as rules
from reviews.domain.orders import BUYER
from reviews.domain.tips import PAID, Tip
from reviews.service_layer import messages, views
from reviews.service_layer.common import fetch_order

log = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("5b0c2a7e-3f0e-4a47-9d8a-2f4c1e6b7a90")


def tip_id_for(buyer_id, order_id, idempotency_key):
    """The same Idempotency-Key from the same buyer on the same order is the same tip."""
    if not idempotency_key:
        return str(uuid.uuid4())
    return str(uuid.uuid5(NAMESPACE, f"{buyer_id}:{order_id}:{idempotency_key}"))


def options(store, orders, caller, order_id):
    """T1, T2: what the buyer may tip now, three suggested amounts, and their tip if any."""
    order = fetch_order(orders, order_id)
    if order.role_of(caller) != BUYER:
        raise Forbidden("Only the order's buyer tips its seller (T1).")
    with store.read_only() as uow:
        return views.tip_options(order, caller, uow.tips.of_order(order.id), uow.now())


def send_tip(store, orders, payments, caller, order_id, data, idempotency_key):
    order = fetch_order(orders, order_id)
    amount = data["amount"]
    rules.check_tip(order, caller, amount, store.clock.now())
    tip = _pending(
        store, order, amount, data["message"], tip_id_for(caller["id"], order.id, idempotency_key)
    )
    if tip.status != PAID:
        tip = _pay(store, payments, order, tip, data["payment_method_id"])
    if tip.message and tip.message_posted_at is None:
        tip = _post_message(store, orders, tip)
    return views.tip_receipt(tip)


def _pending(store, order, amount, message, tip_id):
    """The order's one tip: this one, written pending, or the one it repeats."""
    try:
        with store.unit_of_work() as uow:
            tips = uow.tips
            existing = tips.of_order(order.id, lock=True)
            rules.check_once(existing, tip_id, amount)
            if existing is not None:
                return existing
            tip = Tip(
                tip_id=tip_id,
                order_id=order.id,
                buyer_id=order.buyer_id,
                seller_id=order.seller_id,
                amount=amount,
                message=message,
                created_at=uow.now(),
            )
            tips.add(tip)
            return tip
    except IntegrityError:  # another request wrote the order's tip at the same moment
        raise Conflict("This order is being tipped already.", {"order_id": order.id}) from None


def _pay(store, payments, order, tip, payment_method_id):
    try:
        receipt = payments.pay_tip(
            {
                "tip_id": tip.tip_id,
                "order_id": order.id,
                "buyer_id": order.buyer_id,
                "seller_id": order.seller_id,
                "order_price": order.price.to_dict(),
                "amount": tip.amount.to_dict(),
                "payment_method_id": payment_method_id,
            }
        )
    except ServiceUnavailable:
        raise  # paid or not: the pending tip waits for a retry
    except MicrotacheError:
        with store.unit_of_work() as uow:  # refused: nothing was booked
            stale = uow.tips.get(tip.tip_id, lock=True)
            if stale is not None and stale.status != PAID:
                uow.tips.forget(stale)
        raise
    with store.unit_of_work() as uow:
        tips = uow.tips
        stored = tips.get(tip.tip_id, lock=True)
        if stored is None:  # a racing retry was refused and forgot it: payments booked it
            stored = Tip(
                tip_id=tip.tip_id,
                order_id=tip.order_id,
                buyer_id=tip.buyer_id,
                seller_id=tip.seller_id,
                amount=tip.amount,
                message=tip.message,
                created_at=tip.created_at,
            )
            tips.add(stored)
        if stored.status != PAID:
            stored.paid(receipt, uow.now())
            uow.publish("tip_sent", messages.tip_sent(stored))
        return stored


def _post_message(store, orders, tip):
    """T1: the buyer's message reaches the seller on the order. The tip is paid already:
    if orders does not answer, the message waits for a retry of the same tip."""
    amount = tip.amount
    text = f"Tip of ${amount.amount // 100}.{amount.amount % 100:02d}: {tip.message}"
    try:
        orders.post_message(tip.order_id, {"text": text})
    except MicrotacheError as exc:
        log.warning("tip %s paid, its message not posted yet: %s", tip.tip_id, exc)
        return tip
    with store.unit_of_work() as uow:
        tip = uow.tips.get(tip.tip_id, lock=True)
        tip.message_posted_at = uow.now()
        return tip
