"""The orders service: orders from placement to completion or cancellation (O1-O15).

Thin: each entrypoint validates its arguments, runs one handler in a unit of
work and answers the order page as the caller sees it.
"""
import base64
import uuid

from nameko.rpc import rpc
from nameko.timer import timer

from microtache.database import Database
from microtache.errors import EXPECTED, Forbidden, InvalidInput
from microtache.events import handles
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load
from microtache.storage import FileStorage

from orders import schemas
from orders.adapters.orm import metadata
from orders.service_layer import handlers

ORDER = schemas.OrderSchema()


class OrdersService(ServiceProbes):
    name = "orders"

    db = Database(metadata, "orders.migrations")
    storage = FileStorage()
    catalog = RpcProxy("catalog")
    requests = RpcProxy("requests")
    payments = RpcProxy("payments")

    def _caller(self, caller):
        return load(schemas.CallerSchema(), caller)

    def _command(self, caller, order_id, action, note=None, **facts):
        with self.db.unit_of_work() as uow:
            order, actor, _ = handlers.command(uow, self._caller(caller), str(order_id), action,
                                               note=note, **facts)
            return ORDER.dump(handlers.present(order, actor, uow.now()))

    # placing and reading (O1, O13-O15)
    @rpc(expected_exceptions=EXPECTED)
    def place_order(self, caller, data, idempotency_key=None):
        """O1, P2: from a gig package with extras or from an offer; paid into escrow first."""
        data = load(schemas.PlaceOrderSchema(), data)
        key = (idempotency_key or str(uuid.uuid4()))[:100]
        return ORDER.dump(handlers.place_order(self.db, self.catalog, self.requests,
                                               self.payments, self._caller(caller), data, key))

    @rpc(expected_exceptions=EXPECTED)
    def get_order(self, caller, order_id):
        with self.db.read_only() as uow:
            return ORDER.dump(handlers.get_order(uow, self._caller(caller), str(order_id)))

    @rpc(expected_exceptions=EXPECTED)
    def list_orders(self, caller, query):
        query = load(schemas.OrdersQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return schemas.OrderPageSchema().dump(
                handlers.list_orders(uow, self._caller(caller), query))

    # requirements (O1, O2)
    @rpc(expected_exceptions=EXPECTED)
    def submit_requirements(self, caller, order_id, data):
        text = load(schemas.RequirementsSchema(), data)["text"]
        return self._command(caller, order_id, "submit_requirements", requirements=text)

    @rpc(expected_exceptions=EXPECTED)
    def skip_requirements(self, caller, order_id):
        return self._command(caller, order_id, "skip_requirements")

    @rpc(expected_exceptions=EXPECTED)
    def remind_requirements(self, caller, order_id):
        return self._command(caller, order_id, "remind_requirements")

    # deliveries and the buyer's answer (O3, O4, O5, O10)
    @rpc(expected_exceptions=EXPECTED)
    def deliver(self, caller, order_id, data):
        data = load(schemas.DeliverySchema(), data)
        with self.db.unit_of_work() as uow:
            order, actor, delivery = handlers.deliver(uow, self.storage, self._caller(caller),
                                                      str(order_id), data)
            return {"delivery": schemas.DeliveryReplySchema().dump(delivery),
                    "order": ORDER.dump(handlers.present(order, actor, uow.now()))}

    @rpc(expected_exceptions=EXPECTED)
    def send_delivery(self, caller, order_id, delivery_id):
        with self.db.unit_of_work() as uow:
            order, actor, delivery = handlers.send_draft(uow, self._caller(caller),
                                                         str(order_id), str(delivery_id))
            return {"delivery": schemas.DeliveryReplySchema().dump(delivery),
                    "order": ORDER.dump(handlers.present(order, actor, uow.now()))}

    @rpc(expected_exceptions=EXPECTED)
    def delivered_file(self, caller, order_id, delivery_id, name):
        """O3: a delivered file, its bytes in base64 (the gateway answers them raw)."""
        with self.db.read_only() as uow:
            stored, data = handlers.delivered_file(uow, self.storage, self._caller(caller),
                                                   str(order_id), str(delivery_id), str(name))
        return {**schemas.StoredFileSchema().dump(stored),
                "content": base64.b64encode(data).decode()}

    @rpc(expected_exceptions=EXPECTED)
    def accept_delivery(self, caller, order_id):
        return self._command(caller, order_id, "accept_delivery")

    @rpc(expected_exceptions=EXPECTED)
    def request_revision(self, caller, order_id, data):
        description = load(schemas.RevisionRequestSchema(), data)["description"]
        return self._command(caller, order_id, "request_revision", note=description)

    @rpc(expected_exceptions=EXPECTED)
    def extend_review_period(self, caller, order_id, data):
        days = load(schemas.ReviewExtensionSchema(), data)["days"]
        return self._command(caller, order_id, "extend_review_period", days=days)

    # the due date (O6, O7)
    @rpc(expected_exceptions=EXPECTED)
    def request_extension(self, caller, order_id, data):
        data = load(schemas.ExtensionRequestSchema(), data)
        return self._command(caller, order_id, "request_extension", note=data["message"], **data)

    @rpc(expected_exceptions=EXPECTED)
    def answer_extension(self, caller, order_id, extension_id, answer):
        """`answer`: accept or decline (O6)."""
        action = {"accept": "accept_extension", "decline": "decline_extension"}.get(answer)
        if action is None:
            raise InvalidInput("An extension is answered with accept or decline.")
        return self._command(caller, order_id, action, extension_id=str(extension_id))

    @rpc(expected_exceptions=EXPECTED)
    def add_extras(self, caller, order_id, data):
        """O7: days at once, or paid extras the buyer accepts; back in progress, due
        from the original due time."""
        data = load(schemas.ExtrasSchema(), data)
        with self.db.unit_of_work() as uow:
            order, actor = handlers.add_extras(uow, self._caller(caller), str(order_id), data)
            return ORDER.dump(handlers.present(order, actor, uow.now()))

    @rpc(expected_exceptions=EXPECTED)
    def answer_extra(self, caller, order_id, extra_id, answer, data=None):
        """`answer`: accept (the buyer pays for it) or decline (O7)."""
        data = load(schemas.ExtraAnswerSchema(), data or {})
        if answer == "accept":
            return ORDER.dump(handlers.accept_extra(self.db, self.payments, self._caller(caller),
                                                    str(order_id), str(extra_id),
                                                    data["payment_method_id"]))
        if answer != "decline":
            raise InvalidInput("An extra is answered with accept or decline.")
        return self._command(caller, order_id, "decline_extra", extra_id=str(extra_id))

    # cancellations (O8, O9, O11)
    @rpc(expected_exceptions=EXPECTED)
    def cancel_very_late(self, caller, order_id, data=None):
        data = load(schemas.VeryLateCancelSchema(), data or {})
        return self._command(caller, order_id, "cancel_very_late", note=data["explanation"])

    @rpc(expected_exceptions=EXPECTED)
    def open_cancellation(self, caller, order_id, data):
        data = load(schemas.CancellationRequestSchema(), data)
        return self._command(caller, order_id, "open_cancellation", note=data["reason"], **data)

    @rpc(expected_exceptions=EXPECTED)
    def answer_cancellation(self, caller, order_id, cancellation_id, answer):
        """`answer`: accept, decline (the other party) or withdraw (its opener) (O9)."""
        action = {"accept": "accept_cancellation", "decline": "decline_cancellation",
                  "withdraw": "withdraw_cancellation"}.get(answer)
        if action is None:
            raise InvalidInput("A cancellation is answered with accept, decline or "
                                        "withdraw.")
        return self._command(caller, order_id, action, cancellation_id=str(cancellation_id))

    @rpc(expected_exceptions=EXPECTED)
    def support_cancel(self, caller, order_id, data):
        """O11: an admin cancels a completed order within 14 days, with evidence."""
        evidence = load(schemas.SupportCancelSchema(), data)["evidence"]
        caller = self._caller(caller)
        if caller["role"] != "admin":
            raise Forbidden("Only support (an admin) cancels a completed order (O11).")
        return ORDER.dump(handlers.support_cancel(self.db, self.payments, caller, str(order_id),
                                                  evidence))

    # stars and messages (O13, O14)
    @rpc(expected_exceptions=EXPECTED)
    def star(self, caller, order_id, starred=True):
        with self.db.unit_of_work() as uow:
            order, actor = handlers.star(uow, self._caller(caller), str(order_id), bool(starred))
            return schemas.OrderSummarySchema().dump(handlers.summary(order, actor))

    @rpc(expected_exceptions=EXPECTED)
    def post_message(self, caller, order_id, data):
        text = load(schemas.MessageSchema(), data)["text"]
        with self.db.unit_of_work() as uow:
            return schemas.MessageReplySchema().dump(
                handlers.post_message(uow, self._caller(caller), str(order_id), text))

    @rpc(expected_exceptions=EXPECTED)
    def list_messages(self, caller, order_id, query=None):
        query = load(schemas.MessagesQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return schemas.MessagePageSchema().dump(
                handlers.list_messages(uow, self._caller(caller), str(order_id), query))

    @timer(interval=60)
    def settle_placements(self):
        """Placements whose order never came: created if paid, else forgotten (P2)."""
        handlers.settle_stale_placements(self.db, self.payments)

    # events
    @handles("scheduler", handlers.DEADLINE_EVENT)
    def on_deadline_reached(self, event):
        """Late, very late, automatic completion, unanswered requests (O4, O6, O8, O9)."""
        self.db.handle_once(event, handlers.deadline_reached)

    @handles("catalog", "gig_published")
    @handles("catalog", "gig_updated")
    @handles("catalog", "gig_archived")
    def on_gig_changed(self, event):
        """O1: the gig's packages, extras and status, to price orders without a catalog call."""
        self.db.handle_once(event, handlers.gig_changed)

    @handles("payments", "earnings_pending")
    def on_earnings_pending(self, event):
        """O15: the seller's earnings, as payments booked them."""
        self.db.handle_once(event, handlers.earnings_booked)
