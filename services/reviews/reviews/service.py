"""The reviews service: reviews, ratings, moderation, invitations and tips (V1-V8, T1-T3).

Thin: each entrypoint validates its arguments, runs one handler and dumps the answer.
"""
from nameko.rpc import rpc

from microtache.database import Database
from microtache.errors import EXPECTED
from microtache.events import handles, payload_of
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load
from microtache.storage import FileStorage

from reviews import schemas
from reviews.adapters.orm import metadata
from reviews.service_layer import handlers, invitations, moderation, tips
from reviews.service_layer.common import in_unit_of_work

REVIEW = schemas.ReviewSchema()
INVITATION = schemas.InvitationSchema()


class ReviewsService(ServiceProbes):
    name = "reviews"

    db = Database(metadata, "reviews.migrations")
    storage = FileStorage()
    orders = RpcProxy("orders")
    payments = RpcProxy("payments")

    def _caller(self, caller):
        return load(schemas.CallerSchema(), caller)

    # reviews of an order (V1-V5)
    @rpc(expected_exceptions=EXPECTED)
    def post_review(self, caller, order_id, data):
        """V1-V4: the buyer's review (on a delivered order it completes it, O10) or the
        seller's, after the buyer's."""
        data = load(schemas.ReviewCreateSchema(), data)
        return REVIEW.dump(handlers.post_review(self.db, self.orders, self.storage,
                                                self._caller(caller), str(order_id), data))

    @rpc(expected_exceptions=EXPECTED)
    def get_order_reviews(self, caller, order_id):
        return handlers.order_reviews(self.db, self.orders, self._caller(caller), str(order_id))

    @rpc(expected_exceptions=EXPECTED)
    def leave_private_feedback(self, caller, order_id, data):
        text = load(schemas.PrivateFeedbackSchema(), data)["text"]
        return schemas.PrivateFeedbackReplySchema().dump(handlers.leave_private_feedback(
            self.db, self.orders, self._caller(caller), str(order_id), text))

    # the seller's public page (V6)
    @rpc(expected_exceptions=EXPECTED)
    def list_seller_reviews(self, seller_id, query=None):
        query = load(schemas.SellerReviewsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return schemas.SellerReviewsSchema().dump(
                handlers.seller_reviews(uow, str(seller_id), query))

    # moderation (V7)
    @rpc(expected_exceptions=EXPECTED)
    def report_review(self, caller, review_id, data):
        data = load(schemas.ReviewReportCreateSchema(), data)
        caller = self._caller(caller)
        with self.db.unit_of_work() as uow:
            return schemas.ReviewReportSchema().dump(
                moderation.report_review(uow, caller, str(review_id), data))

    @rpc(expected_exceptions=EXPECTED)
    def list_review_reports(self, caller, query=None):
        query = load(schemas.ReviewReportsQuerySchema(), query or {})
        caller = self._caller(caller)
        with self.db.read_only() as uow:
            return schemas.ReviewReportPageSchema().dump(
                moderation.report_queue(uow, caller, query))

    @rpc(expected_exceptions=EXPECTED)
    def resolve_review_report(self, caller, report_id, data):
        data = load(schemas.ReviewReportResolutionSchema(), data)
        caller = self._caller(caller)
        return schemas.AdminReviewReportSchema().dump(in_unit_of_work(
            self.db, lambda uow: moderation.resolve_report(uow, caller, str(report_id), data)))

    # invitations (V8)
    @rpc(expected_exceptions=EXPECTED)
    def invite_client(self, caller, data):
        data = load(schemas.InvitationCreateSchema(), data)
        caller = self._caller(caller)
        return INVITATION.dump(in_unit_of_work(
            self.db, lambda uow: invitations.invite(uow, caller, data)))

    @rpc(expected_exceptions=EXPECTED)
    def withdraw_invitation(self, caller, invitation_id):
        caller = self._caller(caller)
        with self.db.unit_of_work() as uow:
            return INVITATION.dump(invitations.withdraw(uow, caller, str(invitation_id)))

    @rpc(expected_exceptions=EXPECTED)
    def list_invitations(self, caller, query=None):
        query = load(schemas.InvitationsQuerySchema(), query or {})
        caller = self._caller(caller)
        with self.db.read_only() as uow:
            return schemas.InvitationPageSchema().dump(
                invitations.my_invitations(uow, caller, query))

    # tips (T1-T3)
    @rpc(expected_exceptions=EXPECTED)
    def get_tip_options(self, caller, order_id):
        return schemas.TipOptionsSchema().dump(
            tips.options(self.db, self.orders, self._caller(caller), str(order_id)))

    @rpc(expected_exceptions=EXPECTED)
    def send_tip(self, caller, order_id, data, idempotency_key=None):
        """T1-T3: paid by payments, balance first then the card; the message to the seller."""
        data = load(schemas.TipCreateSchema(), data)
        return schemas.TipReceiptSchema().dump(tips.send_tip(
            self.db, self.orders, self.payments, self._caller(caller), str(order_id), data,
            idempotency_key))

    # events
    @handles("orders", "order_completed")
    def on_order_completed(self, event):
        """V2, V8: the review window opens; the buyer becomes a past client."""
        self.db.handle_once(payload_of(schemas.OrderCompletedSchema(), event),
                            handlers.order_completed)

    @handles("orders", "order_cancelled")
    def on_order_cancelled(self, event):
        """V2, O11: a support-cancelled order's reviews come down."""
        self.db.handle_once(payload_of(schemas.OrderCancelledSchema(), event),
                            handlers.order_cancelled)

    @handles("scheduler", handlers.WINDOW_EVENT)
    def on_review_window_ended(self, event):
        """V2, V4: the 10 days are over: no more reviews; the buyer's is revealed."""
        self.db.handle_once(payload_of(schemas.WindowEndedSchema(), event), handlers.window_ended)

    @handles("scheduler", invitations.BLOCK_EVENT)
    def on_invitation_block_ended(self, event):
        """V8: 3 weeks after a withdrawal the client may be invited again."""
        self.db.handle_once(payload_of(schemas.BlockEndedSchema(), event),
                            invitations.block_ended)
