"""Orders from placement to completion, the resolution center, stars and messages (O1-O15)."""

from gateway.http import idempotency_key, route
from orders import contract as orders_contract

ORDER = orders_contract.OrderSchema
TAGS = ["orders"]


class OrderRoutes:
    """O1-O15."""

    @route(
        "POST",
        "/v1/orders",
        body=orders_contract.PlaceOrderSchema,
        status=201,
        response=ORDER,
        tags=TAGS,
        summary="Place an order from a gig package with extras (O1, P2); "
        "`Idempotency-Key` makes a retry return the same order",
    )
    def place_order(self, request, caller, body):
        return self.orders.place_order(body, idempotency_key(request))

    @route(
        "GET",
        "/v1/orders",
        query=orders_contract.OrdersQuerySchema,
        response=orders_contract.OrderPageSchema,
        tags=TAGS,
        summary="My orders as buyer or seller, by list (O13)",
    )
    def list_orders(self, request, caller, query):
        return self.orders.list_orders(query)

    @route(
        "GET",
        "/v1/orders/<order_id>",
        response=ORDER,
        tags=TAGS,
        summary="The order page: terms, deadlines, timeline, time left, earnings (O14, O15)",
    )
    def get_order(self, request, caller, order_id):
        return self.orders.get_order(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/requirements",
        body=orders_contract.RequirementsSchema,
        response=ORDER,
        tags=TAGS,
        summary="The buyer's requirements start the order (O1, O2)",
    )
    def submit_requirements(self, request, caller, order_id, body):
        return self.orders.submit_requirements(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/skip-requirements",
        response=ORDER,
        tags=TAGS,
        summary="The seller starts without requirements (O1, O2)",
    )
    def skip_requirements(self, request, caller, order_id):
        return self.orders.skip_requirements(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/requirement-reminders",
        response=ORDER,
        tags=TAGS,
        summary="The seller reminds the buyer of the requirements (O1)",
    )
    def remind_requirements(self, request, caller, order_id):
        return self.orders.remind_requirements(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/deliveries",
        body=orders_contract.DeliverySchema,
        status=201,
        tags=TAGS,
        summary="Deliver, or save a draft (O3): `files` names uploads (`POST /v1/uploads`, "
        "use `delivery`, each at most 1 GB)",
    )
    def deliver(self, request, caller, order_id, body):
        return self.orders.deliver(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/deliveries/<delivery_id>/send",
        tags=TAGS,
        summary="Send a draft delivery (O3)",
    )
    def send_delivery(self, request, caller, order_id, delivery_id):
        return self.orders.send_delivery(order_id, delivery_id)

    @route(
        "GET",
        "/v1/orders/<order_id>/deliveries/<delivery_id>/files/<name>",
        tags=TAGS,
        summary="Download a delivered file (O3): a redirect to a short-lived link to its bytes",
    )
    def download_delivered_file(self, request, caller, order_id, delivery_id, name):
        return self.send_file(self.orders.delivered_file(order_id, delivery_id, name))

    @route(
        "POST",
        "/v1/orders/<order_id>/acceptance",
        response=ORDER,
        tags=TAGS,
        summary="The buyer accepts the delivery: completed (O10)",
    )
    def accept_delivery(self, request, caller, order_id):
        return self.orders.accept_delivery(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/revision-requests",
        body=orders_contract.RevisionRequestSchema,
        response=ORDER,
        tags=TAGS,
        summary="The buyer asks for changes (O5)",
    )
    def request_revision(self, request, caller, order_id, body):
        return self.orders.request_revision(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/review-period-extensions",
        body=orders_contract.ReviewExtensionSchema,
        response=ORDER,
        tags=TAGS,
        summary="The buyer extends the review period by up to 5 days (O4)",
    )
    def extend_review_period(self, request, caller, order_id, body):
        return self.orders.extend_review_period(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/extension-requests",
        body=orders_contract.ExtensionRequestSchema,
        status=201,
        response=ORDER,
        tags=TAGS,
        summary="The seller asks for a later due date (O6)",
    )
    def request_extension(self, request, caller, order_id, body):
        return self.orders.request_extension(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/extension-requests/<extension_id>/accept",
        response=ORDER,
        tags=TAGS,
        summary="The buyer accepts the later due date (O6)",
    )
    def accept_extension(self, request, caller, order_id, extension_id):
        return self.orders.answer_extension(order_id, extension_id, "accept")

    @route(
        "POST",
        "/v1/orders/<order_id>/extension-requests/<extension_id>/decline",
        response=ORDER,
        tags=TAGS,
        summary="The buyer declines the later due date (O6)",
    )
    def decline_extension(self, request, caller, order_id, extension_id):
        return self.orders.answer_extension(order_id, extension_id, "decline")

    @route(
        "POST",
        "/v1/orders/<order_id>/extras",
        body=orders_contract.ExtrasSchema,
        response=ORDER,
        tags=TAGS,
        summary="The seller adds days, or offers paid extras: back "
        "in progress, due from the original due time (O7)",
    )
    def add_extras(self, request, caller, order_id, body):
        return self.orders.add_extras(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/extras/<extra_id>/accept",
        body=orders_contract.ExtraAnswerSchema,
        response=ORDER,
        tags=TAGS,
        summary="The buyer pays for the seller's extra offer, which adds it (O7, P2)",
    )
    def accept_extra(self, request, caller, order_id, extra_id, body):
        return self.orders.answer_extra(order_id, extra_id, "accept", body)

    @route(
        "POST",
        "/v1/orders/<order_id>/extras/<extra_id>/decline",
        response=ORDER,
        tags=TAGS,
        summary="The buyer declines the seller's extra offer (O7)",
    )
    def decline_extra(self, request, caller, order_id, extra_id):
        return self.orders.answer_extra(order_id, extra_id, "decline")

    @route(
        "POST",
        "/v1/orders/<order_id>/cancellation-requests",
        body=orders_contract.CancellationRequestSchema,
        status=201,
        response=ORDER,
        tags=TAGS,
        summary="Open a mutual cancellation in the resolution center (O9)",
    )
    def open_cancellation(self, request, caller, order_id, body):
        return self.orders.open_cancellation(order_id, body)

    @route(
        "POST",
        "/v1/orders/<order_id>/cancellation-requests/<cancellation_id>/accept",
        response=ORDER,
        tags=TAGS,
        summary="The other party accepts: cancelled, refunded (O9, P4)",
    )
    def accept_cancellation(self, request, caller, order_id, cancellation_id):
        return self.orders.answer_cancellation(order_id, cancellation_id, "accept")

    @route(
        "POST",
        "/v1/orders/<order_id>/cancellation-requests/<cancellation_id>/decline",
        response=ORDER,
        tags=TAGS,
        summary="The other party declines: the order goes back to where it was (O9)",
    )
    def decline_cancellation(self, request, caller, order_id, cancellation_id):
        return self.orders.answer_cancellation(order_id, cancellation_id, "decline")

    @route(
        "POST",
        "/v1/orders/<order_id>/cancellation-requests/<cancellation_id>/withdraw",
        response=ORDER,
        tags=TAGS,
        summary="Its opener withdraws the request (O9)",
    )
    def withdraw_cancellation(self, request, caller, order_id, cancellation_id):
        return self.orders.answer_cancellation(order_id, cancellation_id, "withdraw")

    @route(
        "POST",
        "/v1/orders/<order_id>/cancel",
        body=orders_contract.VeryLateCancelSchema,
        response=ORDER,
        tags=TAGS,
        summary="The buyer cancels a very late order at once (O8)",
    )
    def cancel_very_late(self, request, caller, order_id, body):
        return self.orders.cancel_very_late(order_id, body)

    @route(
        "GET",
        "/v1/orders/<order_id>/messages",
        query=orders_contract.MessagesQuerySchema,
        response=orders_contract.OrderMessagePageSchema,
        tags=TAGS,
        summary="Messages on the order, oldest first (O14)",
    )
    def list_messages(self, request, caller, order_id, query):
        return self.orders.list_messages(order_id, query)

    @route(
        "POST",
        "/v1/orders/<order_id>/messages",
        body=orders_contract.OrderMessageSchema,
        status=201,
        response=orders_contract.OrderMessageReplySchema,
        tags=TAGS,
        summary="Write to the other party on the order (O14)",
    )
    def post_message(self, request, caller, order_id, body):
        return self.orders.post_message(order_id, body)

    @route(
        "GET",
        "/v1/orders/<order_id>/messages/<message_id>/files/<upload_id>",
        status=302,
        tags=TAGS,
        summary="Download a file of a message on the order (O14): a redirect to its bytes",
    )
    def download_message_file(self, request, caller, order_id, message_id, upload_id):
        return self.send_file(self.orders.message_file(order_id, message_id, upload_id))

    @route(
        "PUT",
        "/v1/orders/<order_id>/star",
        response=orders_contract.OrderSummarySchema,
        tags=TAGS,
        summary="Star the order (O13)",
    )
    def star_order(self, request, caller, order_id):
        return self.orders.star(order_id, True)

    @route(
        "DELETE",
        "/v1/orders/<order_id>/star",
        response=orders_contract.OrderSummarySchema,
        tags=TAGS,
        summary="Unstar the order (O13)",
    )
    def unstar_order(self, request, caller, order_id):
        return self.orders.star(order_id, False)

    @route(
        "POST",
        "/v1/admin/orders/<order_id>/cancel",
        admin=True,
        body=orders_contract.SupportCancelSchema,
        response=ORDER,
        tags=["admin"],
        summary="Support cancels a completed order within 14 days, with evidence (O11, P5)",
    )
    def support_cancel(self, request, caller, order_id, body):
        return self.orders.support_cancel(order_id, body)
