"""The payments service: the double-entry ledger and users' balances (P1-P7)."""

from nameko.rpc import rpc

from microtache.caller import Caller
from microtache.database import Database
from microtache.errors import EXPECTED
from microtache.events import handles
from microtache.service import ServiceProbes, load

from catalog import contract as catalog_contract
from orders import contract as orders_contract
from payments import contract, incoming
from payments.adapters.cards import Cards
from payments.adapters.orm import metadata
from payments.adapters.unit_of_work import PaymentsUnitOfWork
from payments.service_layer import (
    accounts,
    earnings,
    escrow,
    payment_methods,
    settlement,
    views,
    withdrawals,
)

# Each event handler's idempotency key (processed_events.consumer), as the handlers were
# named before the service layer was split: a redelivery after an upgrade still finds it.
CONSUMER = "payments.service_layer.handlers."
# The schemas of the hot path, built once (a schema costs 0.1-0.2 ms to build; #21).
ORDER_PAYMENT, ORDER_RECEIPT = contract.OrderPaymentSchema(), contract.OrderReceiptSchema()


class PaymentsService(ServiceProbes):
    name = "payments"

    db = Database(
        metadata, "payments.migrations", events=contract.EVENTS, unit_of_work=PaymentsUnitOfWork
    )
    cards = Cards()
    caller = Caller()

    def _handle(self, event, handler, name):
        # A redelivered event changes nothing (handle_once records its id).
        self.db.handle_once(event, handler, consumer=CONSUMER + name)

    @handles("catalog", "user_signed_up")
    def on_user_signed_up(self, event):
        self._handle(
            incoming.read(catalog_contract.UserSignedUp(), event),
            accounts.open_user_accounts,
            "open_user_accounts",
        )

    @handles("catalog", "seller_level_changed")
    def on_seller_level_changed(self, event):
        """P3: keep the seller's level, which sets how long their earnings clear."""
        self._handle(
            incoming.read(catalog_contract.SellerLevelChanged(), event, incoming.TimedEnvelope),
            accounts.record_seller_level,
            "record_seller_level",
        )

    @handles("orders", "order_completed")
    def on_order_completed(self, event):
        """P3 (O10): earnings into clearance, commission and fees to the platform."""
        self._handle(
            incoming.read(orders_contract.OrderCompleted(), event),
            settlement.order_completed,
            "order_completed",
        )

    @handles("orders", "order_cancelled")
    def on_order_cancelled(self, event):
        """P4: a paid order's whole payment back to the buyer's balance, once."""
        self._handle(
            incoming.read(orders_contract.OrderCancelled(), event),
            settlement.order_cancelled,
            "order_cancelled",
        )

    @handles("scheduler", contract.CLEARANCE_EVENT)
    def on_earnings_cleared(self, event):
        """P3: an order's or a tip's earnings leave clearance (the deadline fired)."""
        self._handle(
            incoming.read(contract.EarningsCleared(), event),
            earnings.clear_earnings,
            "clear_earnings",
        )

    @rpc(expected_exceptions=EXPECTED)
    def get_balance(self):
        """The caller's own balances (A2)."""
        with self.db.unit_of_work() as uow:
            return contract.BalanceSchema().dump(views.balance(uow, self.caller()["id"]))

    @rpc(expected_exceptions=EXPECTED)
    def add_payment_method(self, data):
        """A card for the caller (sandbox numbers): its id, brand, last four digits, and
        whether it is the default (the first card is). A caller payments opened no
        accounts for (no `user_signed_up`) is not found."""
        owner_id = self.caller()["id"]
        data = load(contract.AddPaymentMethodSchema(), data)
        with self.db.unit_of_work() as uow:
            method = payment_methods.add_payment_method(
                uow, self.cards, owner_id, data["card_number"]
            )
            return contract.PaymentMethodSchema().dump(views.payment_method(method))

    @rpc(expected_exceptions=EXPECTED)
    def list_payment_methods(self):
        """The caller's cards, newest first, the default marked (T3)."""
        owner_id = self.caller()["id"]
        with self.db.read_only() as uow:
            return contract.PaymentMethodListSchema().dump(views.payment_methods(uow, owner_id))

    def _method_id(self, payment_method_id):
        return load(contract.PaymentMethodIdSchema(), {"payment_method_id": payment_method_id})[
            "payment_method_id"
        ]

    @rpc(expected_exceptions=EXPECTED)
    def remove_payment_method(self, payment_method_id):
        """Remove one of the caller's cards (another's is not found); if it was the
        default, the newest card left becomes the default (T3). Answers None."""
        owner_id, method_id = self.caller()["id"], self._method_id(payment_method_id)
        with self.db.unit_of_work() as uow:
            return payment_methods.remove_payment_method(uow, owner_id, method_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_default_payment_method(self, payment_method_id):
        """The caller's card charged when a payment names none (T3)."""
        owner_id, method_id = self.caller()["id"], self._method_id(payment_method_id)
        with self.db.unit_of_work() as uow:
            method = payment_methods.set_default_payment_method(uow, owner_id, method_id)
            return contract.PaymentMethodSchema().dump(views.payment_method(method))

    @rpc(expected_exceptions=EXPECTED)
    def pay_for_order(self, payment):
        """P2: price and service fee into escrow, balance first then card."""
        payment = load(ORDER_PAYMENT, payment)
        with self.db.unit_of_work() as uow:
            order = escrow.pay_for_order(uow, self.cards, payment)
            return ORDER_RECEIPT.dump(views.order_receipt(order))

    @rpc(expected_exceptions=EXPECTED)
    def pay_for_order_extra(self, payment):
        """O7, P2: a paid extra of an active order, with its fee, into the order's escrow."""
        payment = load(contract.ExtraPaymentSchema(), payment)
        with self.db.unit_of_work() as uow:
            extra = escrow.pay_for_order_extra(uow, self.cards, payment)
            return contract.ExtraReceiptSchema().dump(views.extra_receipt(extra))

    @rpc(expected_exceptions=EXPECTED)
    def order_payment(self, order_id):
        """The order's payment receipt, or None if it was never paid (P2): how orders
        settles a placement whose order was never created (a crash after paying)."""
        with self.db.read_only() as uow:
            receipt = views.order_payment(uow, order_id)
            return None if receipt is None else contract.OrderReceiptSchema().dump(receipt)

    @rpc(expected_exceptions=EXPECTED)
    def complete_order(self, order_id, seller_level=None):
        """P3: earnings into clearance, commission and fees to the platform; at the
        seller's level kept from catalog unless `seller_level` is given."""
        with self.db.unit_of_work() as uow:
            order = settlement.complete_order(uow, str(order_id), seller_level)
            return contract.CompletionSchema().dump(views.completion(order))

    @rpc(expected_exceptions=EXPECTED)
    def cancel_order(self, order_id):
        """P4: the whole payment back to the buyer's balance."""
        with self.db.unit_of_work() as uow:
            refund = settlement.cancel_order(uow, str(order_id))
            return contract.RefundSchema().dump(views.refund(refund))

    @rpc(expected_exceptions=EXPECTED)
    def support_cancel_completed_order(self, order_id):
        """P5 (O11): refund the buyer, take the earnings back from the seller."""
        with self.db.unit_of_work() as uow:
            refund = settlement.support_cancel_completed_order(uow, str(order_id))
            return contract.RefundSchema().dump(views.refund(refund))

    @rpc(expected_exceptions=EXPECTED)
    def pay_tip(self, tip):
        """T2, T3: a tip from the balance first, then the card; cleared like earnings."""
        tip = load(contract.TipSchema(), tip)
        with self.db.unit_of_work() as uow:
            paid = earnings.pay_tip(uow, self.cards, tip)
            return contract.TipReceiptSchema().dump(views.tip_receipt(paid))

    @rpc(expected_exceptions=EXPECTED)
    def withdraw(self, data):
        """P6: available earnings to the payout method, once a day, $5,000 at most."""
        seller_id = self.caller()["id"]
        data = load(contract.WithdrawalSchema(), data)
        with self.db.unit_of_work() as uow:
            withdrawal = withdrawals.withdraw(uow, seller_id, data["amount"], data["request_id"])
            return contract.WithdrawalReceiptSchema().dump(views.withdrawal_receipt(withdrawal))

    @rpc(expected_exceptions=EXPECTED)
    def transactions(self, query=None):
        """The caller's ledger history, newest first, only their own accounts' entries."""
        user_id = self.caller()["id"]
        query = load(contract.TransactionsQuerySchema(), query or {})
        with self.db.unit_of_work() as uow:
            return contract.TransactionPageSchema().dump(
                views.transactions(uow, user_id, query["limit"], query["cursor"])
            )

    @rpc
    def check_ledger(self):
        with self.db.unit_of_work() as uow:
            return contract.LedgerCheckDetailSchema().dump(views.check_ledger(uow))
