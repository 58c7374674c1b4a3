"""Sellers' earnings: tips (T2, T3) into clearance, and earnings out of clearance when
their deadline fires (P3)."""

import logging

from microtache import metrics
from microtache.deadlines import request_deadline
from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation

from payments.contract import CLEARANCE_EVENT
from payments.domain import ledger, policies, postings
from payments.domain.orders import COMPLETED, TipPayment
from payments.service_layer.accounts import seller_level_of
from payments.service_layer.booking import post_transaction, take_payment

log = logging.getLogger(__name__)


def tip_clearance_key(tip_id):
    return f"payments:tip:{tip_id}:clearance"


def _tipped_order(uow, tip):
    """The completed order a tip is for, tipped by its buyer to its seller (T2)."""
    order = uow.payments.order(tip["order_id"])
    if order is None:
        raise NotFound("No payment for this order.", {"order_id": tip["order_id"]})
    if order.buyer_id != tip["buyer_id"] or order.seller_id != tip["seller_id"]:
        raise Forbidden("Only the order's buyer tips its seller.", {"order_id": tip["order_id"]})
    if order.status != COMPLETED:
        raise Conflict(
            "Only a completed order can be tipped.",
            {"order_id": order.order_id, "status": order.status},
        )
    return order


def pay_tip(uow, cards, tip):
    """T2 limits, T3 balance first then card, P2 fee; the seller's share (less
    commission) clears like an order's earnings (P3), at `seller_level` if given, else
    the level kept from catalog; `earnings_pending` is published. Returns the
    `TipPayment`. Cause ("tip", tip_id)."""
    existing = uow.payments.tip(tip["tip_id"])
    if existing is not None:
        if existing.buyer_id != tip["buyer_id"] or existing.amount != tip["amount"].amount:
            raise Conflict("This tip was paid with other terms.", {"tip_id": tip["tip_id"]})
        return existing
    order = _tipped_order(uow, tip)
    amount = tip["amount"]
    problem = policies.tip_problem(tip["order_price"], amount)
    if problem:
        raise RuleViolation(
            "A tip is at least $5, and at most $25 for an order under $25 or "
            "else at most the order's price.",
            problem,
        )
    fee, commission = policies.service_fee(amount), policies.commission(amount)
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, tip["buyer_id"], amount + fee, tip.get("payment_method_id")
    )
    post_transaction(
        uow,
        "tip",
        tip["tip_id"],
        postings.tip(
            sources,
            uow.ledger.account(order.seller_id, ledger.SELLER_PENDING, amount.currency),
            uow.ledger.platform_account(ledger.PLATFORM_REVENUE, amount.currency),
            amount,
            fee,
            commission,
        ),
    )
    now = uow.now()
    level = tip.get("seller_level") or seller_level_of(uow, order.seller_id)
    earnings = amount - commission
    record = TipPayment(
        tip_id=tip["tip_id"],
        order_id=order.order_id,
        buyer_id=order.buyer_id,
        seller_id=order.seller_id,
        currency=amount.currency,
        amount=amount.amount,
        fee=fee.amount,
        earnings=earnings.amount,
        commission=commission.amount,
        from_balance=from_balance.amount,
        from_card=from_card.amount,
        charge_id=charge_id,
        paid_at=now,
        clears_at=now + policies.clearance_period(level),
    )
    uow.payments.add(record)
    request_deadline(
        uow,
        tip_clearance_key(record.tip_id),
        record.clears_at,
        CLEARANCE_EVENT,
        {"tip_id": record.tip_id},
    )
    uow.publish(
        "earnings_pending",
        {
            "tip_id": record.tip_id,
            "seller_id": record.seller_id,
            "buyer_id": record.buyer_id,
            "earnings": earnings,
            "clears_at": record.clears_at,
            "paid_at": now,
        },
    )
    return record


def _clearing(uow, event):
    """(cause, seller_id, earnings) of the order or tip whose clearance fired, or None
    when it no longer applies (the order was refunded, or is unknown)."""
    if event.get("tip_id"):
        tip = uow.payments.tip(event["tip_id"])
        if tip is None:
            log.warning("earnings_cleared for unknown tip %s", event["tip_id"])
            return None
        return {"tip_id": tip.tip_id}, tip.seller_id, tip.money(tip.earnings)
    order = uow.payments.order(event.get("order_id"), lock=True)
    if order is None or order.status != COMPLETED:
        log.info("earnings_cleared for order %s: no longer applies", event.get("order_id"))
        return None
    return {"order_id": order.order_id}, order.seller_id, order.money(order.earnings)


def clear_earnings(uow, event):
    """scheduler `earnings_cleared` (P3): an order's or a tip's earnings move from
    pending clearance to available, and `earnings_available` is published. One that no
    longer applies (the order was refunded, or is unknown) changes nothing (S3).
    Cause ("clearance", order or tip id): returns its ledger transaction (the one booked
    before, if the deadline fired again)."""
    clearing = _clearing(uow, event)
    if clearing is None:
        return None
    cause, seller_id, earnings = clearing
    cause_id = next(iter(cause.values()))
    pending = uow.ledger.account(seller_id, ledger.SELLER_PENDING, earnings.currency, lock=True)
    available = uow.ledger.account(seller_id, ledger.SELLER_AVAILABLE, earnings.currency)
    transaction, booked = post_transaction(
        uow, "clearance", cause_id, postings.clearance(pending, available, earnings)
    )
    if booked:
        uow.publish("earnings_available", {**cause, "seller_id": seller_id, "amount": earnings})
        metrics.count_money(metrics.MONEY_CLEARED, uow, earnings)
    return transaction
