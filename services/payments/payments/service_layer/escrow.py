"""Paying for an order and its extras into the order's escrow (P2, O7)."""

from microtache import metrics
from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation

from payments.domain import ledger, policies, postings
from payments.domain.orders import ExtraPayment, OrderPayment
from payments.service_layer.booking import post_transaction, take_payment


def order_of(uow, order_id):
    """The order's payment, its row locked for the rest of the unit of work; 404 if none."""
    order = uow.payments.order(order_id, lock=True)
    if order is None:
        raise NotFound("No payment for this order.", {"order_id": order_id})
    return order


def pay_for_order(uow, cards, payment):
    """P2: price + service fee into the order's escrow; the `OrderPayment`. Cause
    ("order_payment", order_id): paying again answers the first payment and books nothing."""
    order_id, price = payment["order_id"], payment["price"]
    existing = uow.payments.paid(order_id)
    if existing is not None:
        if existing.buyer_id != payment["buyer_id"] or existing.price != price.amount:
            raise Conflict("This order was paid with other terms.", {"order_id": order_id})
        return existing
    problem = policies.payment_problem(price)
    if problem:
        raise RuleViolation("An order's price is at most $20,000.", problem)
    fee = policies.service_fee(price)
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, payment["buyer_id"], price + fee, payment.get("payment_method_id")
    )
    escrow = uow.ledger.new_account(order_id, ledger.ESCROW, price.currency)
    post_transaction(
        uow,
        "order_payment",
        order_id,
        postings.order_payment(sources, escrow, price, fee),
        new_cause=True,  # no payment of this order, found above; written below
    )
    metrics.count_money(metrics.MONEY_ESCROWED, uow, price + fee)
    order = OrderPayment(
        order_id=order_id,
        buyer_id=payment["buyer_id"],
        seller_id=payment["seller_id"],
        currency=price.currency,
        price=price.amount,
        fee=fee.amount,
        from_balance=from_balance.amount,
        from_card=from_card.amount,
        charge_id=charge_id,
        paid_at=uow.now(),
    )
    uow.payments.add_order_payment(order)
    return order


def pay_for_order_extra(uow, cards, payment):
    """O7, P2: a paid extra the seller added to an active order, paid by its buyer like
    the order (amount + service fee, balance first then card) into the order's escrow.
    The order's price and fees grow by it, so completion, cancellation and support
    cancellation settle it with the order (P3-P5); the `ExtraPayment`. Cause
    ("order_extra", extra_id): paying again with the same terms answers the first payment
    and books nothing."""
    amount = payment["amount"]
    existing = uow.payments.extra(payment["extra_id"])
    if existing is not None:
        if (existing.order_id, existing.buyer_id, existing.money(existing.amount)) != (
            payment["order_id"],
            payment["buyer_id"],
            amount,
        ):
            raise Conflict(
                "This extra was paid with other terms.", {"extra_id": payment["extra_id"]}
            )
        return existing
    order = order_of(uow, payment["order_id"])
    if order.buyer_id != payment["buyer_id"]:
        raise Forbidden("Only the order's buyer pays for its extras.", {"order_id": order.order_id})
    if not order.holds_escrow:
        raise Conflict(
            f"This order is {order.status}: extras are paid only while it is active.",
            {"order_id": order.order_id, "status": order.status},
        )
    problem = policies.payment_problem(amount, order.price + order.extras)
    if problem:
        raise RuleViolation("An order's price, its extras included, is at most $20,000.", problem)
    fee = policies.service_fee(amount)
    from_balance, from_card, charge_id, sources = take_payment(
        uow, cards, order.buyer_id, amount + fee, payment.get("payment_method_id")
    )
    escrow = uow.ledger.account(order.order_id, ledger.ESCROW, order.currency)
    post_transaction(
        uow,
        "order_extra",
        payment["extra_id"],
        postings.extra_payment(sources, escrow, amount, fee),
    )
    metrics.count_money(metrics.MONEY_ESCROWED, uow, amount + fee)
    order.add_extra(amount, fee)
    record = ExtraPayment(
        extra_id=payment["extra_id"],
        order_id=order.order_id,
        buyer_id=order.buyer_id,
        currency=amount.currency,
        amount=amount.amount,
        fee=fee.amount,
        from_balance=from_balance.amount,
        from_card=from_card.amount,
        charge_id=charge_id,
        paid_at=uow.now(),
    )
    uow.payments.add(record)
    return record
