"""The orders service: orders from placement to completion or cancellation (O1-O15).

Thin: each entrypoint validates its arguments with the contract, runs one use case
of the service layer in a unit of work and answers the order page as the caller
(from the call's context, A2) sees it.
"""

import uuid

from nameko.rpc import rpc
from nameko.timer import timer

from microtache.caller import Caller
from microtache.database import Database
from microtache.errors import EXPECTED, InvalidInput
from microtache.events import handles
from microtache.files import Files
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load

from inbox import contract as inbox_contract
from orders import contract
from orders.adapters.orm import metadata
from orders.adapters.unit_of_work import OrdersUnitOfWork
from orders.service_layer import commands, events, messages, placement, queries
from orders.service_layer.views import present, summary

ORDER = contract.OrderSchema()
PLACE_ORDER = contract.PlaceOrderSchema()  # built once: 0.2 ms a placement (#21)
ANSWERS = {
    "extension": {"accept": "accept_extension", "decline": "decline_extension"},
    "cancellation": {
        "accept": "accept_cancellation",
        "decline": "decline_cancellation",
        "withdraw": "withdraw_cancellation",
    },
}


class OrdersService(ServiceProbes):
    name = "orders"

    db = Database(
        metadata, "orders.migrations", events=contract.EVENTS, unit_of_work=OrdersUnitOfWork
    )
    caller = Caller()
    files = Files(contract.UPLOAD_USES)
    catalog = RpcProxy("catalog")
    requests = RpcProxy("requests")
    payments = RpcProxy("payments")
    inbox = RpcProxy("inbox")  # N2: the seller's "updates" list (O13)

    def _command(self, order_id, action, note=None, **facts):
        with self.db.unit_of_work() as uow:
            order, actor, _ = commands.command(
                uow, self.caller(), str(order_id), action, note=note, **facts
            )
            return ORDER.dump(present(order, actor, uow.now()))

    def _delivery(self, uow, order, actor, delivery):
        return {
            "delivery": contract.DeliveryReplySchema().dump(delivery),
            "order": ORDER.dump(present(order, actor, uow.now())),
        }

    # placing and reading (O1, O13-O15)
    @rpc(expected_exceptions=EXPECTED)
    def place_order(self, data, idempotency_key=None):
        """O1, P2: from a gig package with extras or from an offer; paid into escrow first."""
        data = load(PLACE_ORDER, data)
        key = (idempotency_key or str(uuid.uuid4()))[:100]
        return ORDER.dump(
            placement.place_order(
                self.db, self.catalog, self.requests, self.payments, self.caller(), data, key
            )
        )

    @rpc(expected_exceptions=EXPECTED)
    def get_order(self, order_id):
        with self.db.read_only() as uow:
            return ORDER.dump(queries.get_order(uow, self.caller(), str(order_id)))

    @rpc(expected_exceptions=EXPECTED)
    def order_facts(self, order_id):
        """`OrderFacts` of an order, for the buyer, the seller or an admin (reviews)."""
        with self.db.read_only() as uow:
            return contract.OrderFacts().dump(
                queries.order_facts(uow, self.caller(), str(order_id))
            )

    @rpc(expected_exceptions=EXPECTED)
    def list_orders(self, query):
        query = load(contract.OrdersQuerySchema(), query or {})
        caller = self.caller()
        queries.check_list(query)
        updated = ()
        if queries.asks_updates(query):  # N2: the inbox names them (503 if it is down)
            reply = self.inbox.orders_with_updates()
            updated = inbox_contract.OrdersWithUpdatesSchema().load(reply)["order_ids"]
        with self.db.read_only() as uow:
            return contract.OrderPageSchema().dump(queries.list_orders(uow, caller, query, updated))

    # requirements (O1, O2)
    @rpc(expected_exceptions=EXPECTED)
    def submit_requirements(self, order_id, data):
        text = load(contract.RequirementsSchema(), data)["text"]
        return self._command(order_id, "submit_requirements", requirements=text)

    @rpc(expected_exceptions=EXPECTED)
    def skip_requirements(self, order_id):
        return self._command(order_id, "skip_requirements")

    @rpc(expected_exceptions=EXPECTED)
    def remind_requirements(self, order_id):
        return self._command(order_id, "remind_requirements")

    # deliveries and the buyer's answer (O3, O4, O5, O10)
    @rpc(expected_exceptions=EXPECTED)
    def deliver(self, order_id, data):
        data = load(contract.DeliverySchema(), data)
        with self.db.unit_of_work() as uow:
            order, actor, delivery = commands.deliver(
                uow, self.files, self.caller(), str(order_id), data
            )
            return self._delivery(uow, order, actor, delivery)

    @rpc(expected_exceptions=EXPECTED)
    def send_delivery(self, order_id, delivery_id):
        with self.db.unit_of_work() as uow:
            order, actor, delivery = commands.send_draft(
                uow, self.caller(), str(order_id), str(delivery_id)
            )
            return self._delivery(uow, order, actor, delivery)

    @rpc(expected_exceptions=EXPECTED)
    def delivered_file(self, order_id, delivery_id, name):
        """O3: a delivered file as kept, its storage key included (never its bytes): the
        gateway answers a link to them, after this check of who asks (A2)."""
        with self.db.read_only() as uow:
            stored = queries.delivered_file(
                uow, self.caller(), str(order_id), str(delivery_id), str(name)
            )
        return contract.KeptFileSchema().dump(stored)

    @rpc(expected_exceptions=EXPECTED)
    def accept_delivery(self, order_id):
        return self._command(order_id, "accept_delivery")

    @rpc(expected_exceptions=EXPECTED)
    def request_revision(self, order_id, data):
        description = load(contract.RevisionRequestSchema(), data)["description"]
        return self._command(order_id, "request_revision", note=description)

    @rpc(expected_exceptions=EXPECTED)
    def extend_review_period(self, order_id, data):
        days = load(contract.ReviewExtensionSchema(), data)["days"]
        return self._command(order_id, "extend_review_period", days=days)

    # the due date (O6, O7)
    @rpc(expected_exceptions=EXPECTED)
    def request_extension(self, order_id, data):
        data = load(contract.ExtensionRequestSchema(), data)
        return self._command(order_id, "request_extension", note=data["message"], **data)

    @rpc(expected_exceptions=EXPECTED)
    def answer_extension(self, order_id, extension_id, answer):
        """`answer`: accept or decline (O6)."""
        action = ANSWERS["extension"].get(answer)
        if action is None:
            raise InvalidInput("An extension is answered with accept or decline.")
        return self._command(order_id, action, extension_id=str(extension_id))

    @rpc(expected_exceptions=EXPECTED)
    def add_extras(self, order_id, data):
        """O7: days at once, or paid extras the buyer accepts; back in progress, due
        from the original due time."""
        data = load(contract.ExtrasSchema(), data)
        with self.db.unit_of_work() as uow:
            order, actor = commands.add_extras(uow, self.caller(), str(order_id), data)
            return ORDER.dump(present(order, actor, uow.now()))

    @rpc(expected_exceptions=EXPECTED)
    def answer_extra(self, order_id, extra_id, answer, data=None):
        """`answer`: accept (the buyer pays for it) or decline (O7)."""
        data = load(contract.ExtraAnswerSchema(), data or {})
        if answer == "accept":
            return ORDER.dump(
                commands.accept_extra(
                    self.db,
                    self.payments,
                    self.caller(),
                    str(order_id),
                    str(extra_id),
                    data["payment_method_id"],
                )
            )
        if answer != "decline":
            raise InvalidInput("An extra is answered with accept or decline.")
        return self._command(order_id, "decline_extra", extra_id=str(extra_id))

    # cancellations (O8, O9, O11)
    @rpc(expected_exceptions=EXPECTED)
    def cancel_very_late(self, order_id, data=None):
        data = load(contract.VeryLateCancelSchema(), data or {})
        return self._command(order_id, "cancel_very_late", note=data["explanation"])

    @rpc(expected_exceptions=EXPECTED)
    def open_cancellation(self, order_id, data):
        data = load(contract.CancellationRequestSchema(), data)
        return self._command(order_id, "open_cancellation", note=data["reason"], **data)

    @rpc(expected_exceptions=EXPECTED)
    def answer_cancellation(self, order_id, cancellation_id, answer):
        """`answer`: accept, decline (the other party) or withdraw (its opener) (O9)."""
        action = ANSWERS["cancellation"].get(answer)
        if action is None:
            raise InvalidInput("A cancellation is answered with accept, decline or withdraw.")
        return self._command(order_id, action, cancellation_id=str(cancellation_id))

    @rpc(expected_exceptions=EXPECTED)
    def support_cancel(self, order_id, data):
        """O11: an admin cancels a completed order within 14 days, with evidence."""
        evidence = load(contract.SupportCancelSchema(), data)["evidence"]
        return ORDER.dump(
            commands.support_cancel(self.db, self.payments, self.caller(), str(order_id), evidence)
        )

    # stars and messages (O13, O14)
    @rpc(expected_exceptions=EXPECTED)
    def star(self, order_id, starred=True):
        with self.db.unit_of_work() as uow:
            order, actor = commands.star(uow, self.caller(), str(order_id), bool(starred))
            return contract.OrderSummarySchema().dump(summary(order, actor))

    @rpc(expected_exceptions=EXPECTED)
    def post_message(self, order_id, data):
        data = load(contract.OrderMessageSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.OrderMessageReplySchema().dump(
                messages.post_message(uow, self.files, self.caller(), str(order_id), data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def message_file(self, order_id, message_id, upload_id):
        """O14: a message's file as kept (never its bytes), after the check of who asks."""
        with self.db.read_only() as uow:
            kept = messages.message_file(
                uow, self.caller(), str(order_id), str(message_id), str(upload_id)
            )
        return contract.KeptFileSchema().dump(kept)

    @rpc(expected_exceptions=EXPECTED)
    def list_messages(self, order_id, query=None):
        query = load(contract.MessagesQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return contract.OrderMessagePageSchema().dump(
                messages.list_messages(uow, self.caller(), str(order_id), query)
            )

    @timer(interval=60)
    def settle_placements(self):
        """Placements whose order never came: created if paid, else forgotten (P2)."""
        placement.settle_stale_placements(self.db, self.payments)

    # events
    @handles("scheduler", contract.DEADLINE_EVENT)
    def on_deadline_reached(self, event):
        """Late, very late, automatic completion, unanswered requests (O4, O6, O8, O9)."""
        self.db.handle_once(
            event, events.deadline_reached, "orders.service_layer.handlers.deadline_reached"
        )

    @handles("catalog", "gig_published")
    @handles("catalog", "gig_updated")
    @handles("catalog", "gig_archived")
    def on_gig_changed(self, event):
        """O1: the gig's packages, extras and status, to price orders without a catalog call."""
        self.db.handle_once(event, events.gig_changed, "orders.service_layer.handlers.gig_changed")

    @handles("payments", "earnings_pending")
    def on_earnings_pending(self, event):
        """O15: the seller's earnings, as payments booked them."""
        self.db.handle_once(
            event, events.earnings_booked, "orders.service_layer.handlers.earnings_booked"
        )
