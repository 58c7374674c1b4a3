"""P1-P7, T2, T3, O7 as invariants of random histories: a Hypothesis state machine
drives the handlers (commands and orders' events, each event delivered twice) on one
SQLite store (migrated once, emptied per example)."""

import itertools
import os
from datetime import timedelta

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete, func, select
from test_payments_orders import run as replied

from microtache.clock import Clock
from microtache.errors import Conflict, PaymentFailed, RuleViolation
from microtache.events import PermanentFailure
from microtache.money import Money

from payments.adapters.cards import DECLINED, SandboxCards
from payments.adapters.orm import ledger_transactions, metadata
from payments.adapters.repository import Ledger
from payments.domain import ledger, policies
from payments.service_layer import (
    accounts,
    earnings,
    escrow as paying,
    payment_methods,
    settlement,
    views,
    withdrawals,
)

BUYERS = ("buyer-0", "buyer-1", "buyer-2")
SELLERS = ("seller-0", "seller-1")
LEVELS = (None, "level_2", "top_rated")
USD = lambda cents: Money(cents, "USD")  # noqa: E731


class Clocked(Clock):
    def advance(self, **delta):
        self.offset_seconds += timedelta(**delta).total_seconds()


# CI runs a thousand random histories (.ci/run); a developer's `make test`, 200.
HISTORIES = int(os.environ.get("LEDGER_HISTORIES", 200))


def test_p1_p7_t2_t3_random_histories_keep_the_ledger_whole(store_factory):
    clock = Clocked()
    store = store_factory(metadata, "payments.migrations", clock)
    cards = SandboxCards()

    def run(handler, *args):  # answered as the entrypoint answers (REPLIES)
        return replied(store, handler, *args)

    class Payments(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            with store.engine.begin() as conn:  # a fresh ledger per example
                for table in reversed(metadata.sorted_tables):
                    conn.execute(delete(table))
            self.ids = itertools.count()
            # [order_id, buyer, seller, price (with extras), total, status, earnings, cleared]
            self.orders = []
            self.tips = []  # [tip_id, seller, earnings, cleared]
            self.buyer = dict.fromkeys(BUYERS, 0)
            self.pending = dict.fromkeys(SELLERS, 0)
            self.available = dict.fromkeys(SELLERS, 0)
            self.withdrawn = dict.fromkeys(SELLERS, 0)
            self.methods = {}
            for buyer in BUYERS:
                run(accounts.open_user_accounts, {"user_id": buyer})
                self.methods[buyer] = {
                    True: run(payment_methods.add_payment_method, cards, buyer, "4242424242424242")[
                        "id"
                    ],
                    False: run(payment_methods.add_payment_method, cards, buyer, DECLINED)["id"],
                }

        def pick(self, index, *statuses):
            found = [o for o in self.orders if o[5] in statuses]
            return found[index % len(found)] if found else None

        @rule(
            buyer=st.sampled_from(BUYERS),
            seller=st.sampled_from(SELLERS),
            price=st.integers(500, 200_000),
            card_ok=st.booleans(),
            use_card=st.booleans(),
        )
        def place_order(self, buyer, seller, price, card_ok, use_card):
            order_id = f"order-{next(self.ids)}"
            total = price + policies.service_fee(USD(price)).amount
            method = self.methods[buyer][card_ok] if use_card else None
            works = card_ok if use_card else True  # none named: the default, the first (good) card
            short = self.buyer[buyer] < total
            try:
                receipt = run(
                    paying.pay_for_order,
                    cards,
                    {
                        "order_id": order_id,
                        "buyer_id": buyer,
                        "seller_id": seller,
                        "price": USD(price),
                        "payment_method_id": method,
                    },
                )
            except PaymentFailed:
                assert short and not works
                return
            assert not short or works
            assert receipt["total"] == USD(total)
            assert receipt["from_balance"].amount == min(self.buyer[buyer], total)
            self.buyer[buyer] -= receipt["from_balance"].amount
            self.orders.append([order_id, buyer, seller, price, total, "paid", 0, False])

        @rule(
            index=st.integers(0, 50),
            amount=st.integers(100, 50_000),
            card_ok=st.booleans(),
            use_card=st.booleans(),
        )
        def pay_extra(self, index, amount, card_ok, use_card):
            order = self.pick(index, "paid", "completed", "cancelled")
            if order is None:
                return
            total = amount + policies.service_fee(USD(amount)).amount
            method = self.methods[order[1]][card_ok] if use_card else None
            works = card_ok if use_card else True  # none named: the default, the first (good) card
            try:
                receipt = run(
                    paying.pay_for_order_extra,
                    cards,
                    {
                        "extra_id": f"extra-{next(self.ids)}",
                        "order_id": order[0],
                        "buyer_id": order[1],
                        "amount": USD(amount),
                        "payment_method_id": method,
                    },
                )
            except Conflict:
                assert order[5] != "paid"
                return
            except PaymentFailed:
                assert self.buyer[order[1]] < total and not works
                return
            except RuleViolation:  # the order's ceiling, extras included
                assert order[5] == "paid" and order[3] + amount > policies.POLICIES.payment_max
                return
            assert order[5] == "paid" and receipt["total"] == USD(total)
            self.buyer[order[1]] -= receipt["from_balance"].amount
            order[3] += amount
            order[4] += total

        @rule(index=st.integers(0, 50), by_event=st.booleans())
        def cancel(self, index, by_event):
            order = self.pick(index, "paid", "completed", "cancelled")
            if order is None:
                return
            try:
                if by_event:  # orders' event, delivered twice
                    event = {
                        "event_id": f"ev-{next(self.ids)}",
                        "order_id": order[0],
                        "reason": "mutual",
                    }
                    store.handle_once(
                        event, settlement.order_cancelled, consumer="settlement.order_cancelled"
                    )
                    store.handle_once(
                        event, settlement.order_cancelled, consumer="settlement.order_cancelled"
                    )
                else:
                    run(settlement.cancel_order, order[0])
            except (Conflict, PermanentFailure):
                assert order[5] == "completed"
                return
            if order[5] == "paid":
                self.buyer[order[1]] += order[4]
                order[5] = "cancelled"

        @rule(index=st.integers(0, 50), level=st.sampled_from(LEVELS), by_event=st.booleans())
        def complete(self, index, level, by_event):
            order = self.pick(index, "paid", "cancelled")
            if order is None:
                return
            try:
                if by_event:  # orders' event, delivered twice
                    event = {"event_id": f"ev-{next(self.ids)}", "order_id": order[0]}
                    store.handle_once(
                        event, settlement.order_completed, consumer="settlement.order_completed"
                    )
                    store.handle_once(
                        event, settlement.order_completed, consumer="settlement.order_completed"
                    )
                    done = run(settlement.complete_order, order[0], None)  # the booked one
                else:
                    done = run(settlement.complete_order, order[0], level)
            except (Conflict, PermanentFailure):
                assert order[5] == "cancelled"
                return
            order[5], order[6] = "completed", done["earnings"].amount
            assert order[6] == order[3] - policies.commission(USD(order[3])).amount
            self.pending[order[2]] += order[6]

        @rule(index=st.integers(0, 50))
        def clear(self, index):
            order = self.pick(index, "completed", "refunded")
            if order is None:
                return
            store.handle_once(
                {
                    "event_id": f"ev-{next(self.ids)}",
                    "event_type": "earnings_cleared",
                    "order_id": order[0],
                },
                earnings.clear_earnings,
                consumer="earnings.clear_earnings",
            )
            if order[5] == "completed" and not order[7]:
                order[7] = True
                self.pending[order[2]] -= order[6]
                self.available[order[2]] += order[6]

        @rule(index=st.integers(0, 50))
        def clear_tip(self, index):
            if not self.tips:
                return
            tip = self.tips[index % len(self.tips)]
            store.handle_once(
                {
                    "event_id": f"ev-{next(self.ids)}",
                    "event_type": "earnings_cleared",
                    "tip_id": tip[0],
                },
                earnings.clear_earnings,
                consumer="earnings.clear_earnings",
            )
            if not tip[3]:
                tip[3] = True
                self.pending[tip[1]] -= tip[2]
                self.available[tip[1]] += tip[2]

        @rule(index=st.integers(0, 50))
        def support_cancel(self, index):
            order = self.pick(index, "completed")
            if order is None:
                return
            source = self.available if order[7] else self.pending
            try:
                result = run(settlement.support_cancel_completed_order, order[0])
            except Conflict:
                assert source[order[2]] < order[6]
                return
            assert result["clawed_back"] == USD(order[6])
            source[order[2]] -= order[6]
            self.buyer[order[1]] += order[4]
            order[5] = "refunded"

        @rule(index=st.integers(0, 50), amount=st.integers(400, 3_000), card_ok=st.booleans())
        def tip(self, index, amount, card_ok):
            order = self.pick(index, "completed")
            if order is None:
                return
            tip_id = f"tip-{next(self.ids)}"
            total = amount + policies.service_fee(USD(amount)).amount
            short = self.buyer[order[1]] < total
            try:
                receipt = run(
                    earnings.pay_tip,
                    cards,
                    {
                        "tip_id": tip_id,
                        "order_id": order[0],
                        "buyer_id": order[1],
                        "seller_id": order[2],
                        "order_price": USD(order[3]),
                        "amount": USD(amount),
                        "payment_method_id": self.methods[order[1]][card_ok],
                        "seller_level": None,
                    },
                )
            except RuleViolation:
                assert policies.tip_problem(USD(order[3]), USD(amount)) is not None
                return
            except PaymentFailed:
                assert short and not card_ok
                return
            assert policies.tip_problem(USD(order[3]), USD(amount)) is None
            self.buyer[order[1]] -= receipt["from_balance"].amount
            share = receipt["seller_earnings"].amount
            self.pending[order[2]] += share
            self.tips.append([tip_id, order[2], share, False])

        @rule(seller=st.sampled_from(SELLERS), amount=st.integers(1, 600_000))
        def withdraw(self, seller, amount):
            try:
                run(withdrawals.withdraw, seller, USD(amount), f"w-{next(self.ids)}")
            except (Conflict, RuleViolation):
                return
            assert amount <= self.available[seller] and amount <= 500_000
            self.available[seller] -= amount
            self.withdrawn[seller] += amount

        @rule()
        def next_day(self):
            clock.advance(days=1)

        @invariant()
        def ledger_is_whole_and_as_the_model_says(self):
            report = run(views.check_ledger)
            assert report["balanced"], report["unbalanced"]  # P1
            assert report["negative_balances"] == []
            assert report["finished_escrows_not_empty"] == []  # P3, P4, P5
            with store.unit_of_work() as uow:
                causes = uow.session.execute(
                    select(
                        func.count(),
                        func.count(
                            func.distinct(
                                ledger_transactions.c.cause_type
                                + ":"
                                + ledger_transactions.c.cause_id
                            )
                        ),
                    ).select_from(ledger_transactions)
                ).one()
                assert causes[0] == causes[1]  # P7
                balances = Ledger(uow.session).all_balances()
            cards_in = -sum(m.amount for _, kind, m in balances if kind == ledger.EXTERNAL_CARDS)
            paid_out = sum(m.amount for _, kind, m in balances if kind == ledger.EXTERNAL_PAYOUTS)
            held = sum(m.amount for _, kind, m in balances if kind not in ledger.EXTERNAL_KINDS)
            assert cards_in == paid_out + held
            assert paid_out == sum(self.withdrawn.values())  # P6: only withdrawals pay out
            # every owner's balances as the model has them, from the same read (the
            # balance view, one query per owner, is compared once per history: teardown)
            amounts = {(owner, kind): m.amount for owner, kind, m in balances}
            for buyer in BUYERS:
                assert amounts.get((buyer, ledger.BUYER_BALANCE), 0) == self.buyer[buyer]
            for seller in SELLERS:
                assert (
                    amounts.get((seller, ledger.SELLER_PENDING), 0),
                    amounts.get((seller, ledger.SELLER_AVAILABLE), 0),
                ) == (self.pending[seller], self.available[seller])

        def teardown(self):
            """The balance view (T2) each owner reads, against the model."""
            for buyer in BUYERS:
                if _has_accounts(buyer):
                    assert run(views.balance, buyer)["buyer_balance"] == USD(self.buyer[buyer])
                else:
                    assert self.buyer[buyer] == 0
            for seller in SELLERS:
                if not _has_accounts(seller):
                    assert not (self.pending[seller] or self.available[seller])
                    continue
                got = {k: v.amount for k, v in run(views.balance, seller).items()}
                assert (got["pending_clearance"], got["available"], got["withdrawn"]) == (
                    self.pending[seller],
                    self.available[seller],
                    self.withdrawn[seller],
                )

    def _has_accounts(owner):
        with store.unit_of_work() as uow:
            return bool(Ledger(uow.session).balances_of(owner))

    run_state_machine_as_test(
        Payments, settings=settings(max_examples=HISTORIES, stateful_step_count=15, deadline=None)
    )
