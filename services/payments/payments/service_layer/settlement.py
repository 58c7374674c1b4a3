"""Settling an order's escrow: completion (P3, O10), cancellation (P4) and support's
cancellation of a completed order (P5, O11), by RPC and from orders' events. Each moves
the order's payment through its state machine (payments.domain.order_states)."""

import logging
from typing import NamedTuple

from microtache.deadlines import cancel_deadline, request_deadline
from microtache.errors import Conflict
from microtache.events import PermanentFailure
from microtache.money import Money

from payments.contract import CLEARANCE_EVENT, FROM_AVAILABLE, FROM_PENDING
from payments.domain import ledger, policies, postings
from payments.domain.orders import CANCELLED, COMPLETED, PAID, REFUNDED, OrderPayment
from payments.service_layer.accounts import seller_level_of
from payments.service_layer.booking import post_transaction
from payments.service_layer.escrow import order_of

log = logging.getLogger(__name__)


class Refund(NamedTuple):
    """What a cancellation settled: the order's payment (its `total` went back to the
    buyer), and for support's cancellation of a completed order, the earnings taken back
    from the seller and the account they came from (FROM_AVAILABLE or FROM_PENDING)."""

    order: OrderPayment
    clawed_back: Money | None = None
    source: str | None = None


def order_clearance_key(order_id):
    return f"payments:{order_id}:clearance"


def complete_order(uow, order_id, seller_level=None):
    """P3: escrow to the seller's pending clearance (price and paid extras less
    commission) and to the platform (commission and fees); the clearance deadline is
    requested and `earnings_pending` published. Clearance follows `seller_level` if
    given, else the level catalog last gave the seller. Returns the `OrderPayment`."""
    order = order_of(uow, order_id)
    if order.status == COMPLETED:
        return order
    if order.status != PAID:
        raise Conflict(
            f"This order is {order.status}: it cannot complete.",
            {"order_id": order_id, "status": order.status},
        )
    if seller_level is None:
        seller_level = seller_level_of(uow, order.seller_id)
    commission = policies.commission(order.seller_price)
    post_transaction(
        uow,
        "order_completion",
        order_id,
        postings.completion(
            uow.ledger.account(order_id, ledger.ESCROW, order.currency),
            uow.ledger.account(order.seller_id, ledger.SELLER_PENDING, order.currency),
            uow.ledger.platform_account(ledger.PLATFORM_REVENUE, order.currency),
            order.seller_price,
            order.fees,
            commission,
        ),
    )
    earnings = order.complete(uow.now(), commission, policies.clearance_period(seller_level))
    request_deadline(
        uow, order_clearance_key(order_id), order.clears_at, CLEARANCE_EVENT, {"order_id": order_id}
    )
    uow.publish(
        "earnings_pending",
        {
            "order_id": order_id,
            "seller_id": order.seller_id,
            "buyer_id": order.buyer_id,
            "earnings": earnings,
            "clears_at": order.clears_at,
            "completed_at": order.completed_at,
        },
    )
    return order


def order_completed(uow, event):
    """orders `order_completed` (O10): book the completion (P3) at the seller's kept
    level. A redelivery, or a completion the RPC already booked, changes nothing. An
    order payments cannot complete (unknown, cancelled, refunded) is parked in the
    dead-letter queue at once: the two services disagree about money, support decides."""
    order = uow.payments.order(event["order_id"])
    if order is None or order.status not in (PAID, COMPLETED):
        status = order.status if order is not None else "unknown"
        raise PermanentFailure(f"order {event['order_id']} completed, but its payment is {status}")
    return complete_order(uow, order.order_id)


def _refunded(uow, order):
    uow.publish(
        "order_refunded",
        {"order_id": order.order_id, "buyer_id": order.buyer_id, "amount": order.total},
    )


def cancel_order(uow, order_id):
    """P4: the whole payment (price, extras and fees) back to the buyer's balance;
    `order_refunded` is published. Returns a `Refund`."""
    order = order_of(uow, order_id)
    if order.status not in (PAID, CANCELLED):
        message = (
            "A completed order is cancelled only by support (O11)."
            if order.status == COMPLETED
            else f"This order is {order.status}."
        )
        raise Conflict(message, {"order_id": order_id, "status": order.status})
    if order.status == PAID:
        post_transaction(
            uow,
            "order_refund",
            order_id,
            postings.cancellation_refund(
                uow.ledger.account(order_id, ledger.ESCROW, order.currency),
                uow.ledger.account(order.buyer_id, ledger.BUYER_BALANCE, order.currency),
                order.total,
            ),
        )
        order.cancel()
        _refunded(uow, order)
    return Refund(order)


def order_cancelled(uow, event):
    """orders `order_cancelled` (O8, O9, O12): refund a paid order (P4), whatever the
    reason: its money is still in escrow. A support cancellation of a completed order
    (reason "support") was refunded by the RPC support_cancel_completed_order before
    orders published it, so an order already cancelled or refunded, like one payments
    does not know, changes nothing: a redelivery never refunds twice (P7). An order
    payments still holds as completed is not refunded here (P5 is support's RPC): it is
    parked in the dead-letter queue for support."""
    order = uow.payments.order(event["order_id"], lock=True)
    if order is None:
        log.warning("order_cancelled for order %s, which has no payment", event["order_id"])
        return None
    if order.status in (CANCELLED, REFUNDED):
        log.info("order_cancelled for order %s: already %s", order.order_id, order.status)
        return None
    if order.status == COMPLETED:
        raise PermanentFailure(
            f"order {order.order_id} cancelled ({event.get('reason')}), but its payment is "
            "completed: only support_cancel_completed_order refunds it"
        )
    return cancel_order(uow, order.order_id)


def support_cancel_completed_order(uow, order_id):
    """P5 (O11): the buyer gets the whole payment back on their balance; the seller's
    earnings come back from pending clearance if not yet cleared, else from
    available; the platform gives back its commission and the fee.

    A seller who already withdrew the cleared earnings (available short) is not
    pushed below zero: the cancellation is refused (Conflict) and support has to
    settle it another way. Evidence and who may ask are the orders service's checks;
    the window (14 days, O11) is orders' (`policies.POLICIES.support_window`). Returns
    a `Refund`; a repeat answers the refund without what was clawed back.
    """
    order = order_of(uow, order_id)
    if order.status == REFUNDED:
        return Refund(order)
    if order.status != COMPLETED:
        raise Conflict(
            "Only a completed order is cancelled by support.",
            {"order_id": order_id, "status": order.status},
        )
    if uow.now() > order.completed_at + policies.POLICIES.support_window:
        raise Conflict(
            "A completed order is cancelled by support only within 14 days (O11).",
            {"order_id": order_id, "completed_at": order.completed_at.isoformat()},
        )
    earnings = order.money(order.earnings)
    cleared = uow.ledger.transaction_for("clearance", order_id) is not None
    source = uow.ledger.account(
        order.seller_id,
        ledger.SELLER_AVAILABLE if cleared else ledger.SELLER_PENDING,
        order.currency,
        lock=True,
    )
    held = uow.ledger.balance_of(source)
    if held < earnings:
        raise Conflict(
            "The seller no longer holds these earnings (already withdrawn).",
            {"order_id": order_id, "earnings": earnings.to_dict(), "held": held.to_dict()},
        )
    post_transaction(
        uow,
        "support_refund",
        order_id,
        postings.support_refund(
            source,
            uow.ledger.platform_account(ledger.PLATFORM_REVENUE, order.currency),
            uow.ledger.account(order.buyer_id, ledger.BUYER_BALANCE, order.currency),
            earnings,
            order.money(order.commission),
            order.fees,
        ),
    )
    if not cleared:
        cancel_deadline(uow, order_clearance_key(order_id))
    order.refund()
    uow.publish(
        "earnings_reversed",
        {"order_id": order_id, "seller_id": order.seller_id, "amount": earnings},
    )
    _refunded(uow, order)
    return Refund(order, earnings, FROM_AVAILABLE if cleared else FROM_PENDING)
