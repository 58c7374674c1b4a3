"""The reviews service: reviews, ratings, moderation, invitations and tips (V1-V8, T1-T3).

Thin: each entrypoint validates its arguments, runs one handler and dumps the answer.
The caller travels in the call's context (A2), not as an argument.
"""

from nameko.rpc import rpc

from microtache.caller import Caller
from microtache.database import Database
from microtache.errors import EXPECTED
from microtache.events import handles, payload_of
from microtache.files import Files
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load

from orders import contract as orders_contract
from reviews import contract
from reviews.adapters.orm import metadata
from reviews.adapters.unit_of_work import ReviewsUnitOfWork
from reviews.service_layer import invitations, moderation, posting, queries, tips, windows
from reviews.service_layer.common import in_unit_of_work

REVIEW = contract.ReviewSchema()
INVITATION = contract.InvitationSchema()


class ReviewsService(ServiceProbes):
    name = "reviews"

    db = Database(
        metadata, "reviews.migrations", events=contract.EVENTS, unit_of_work=ReviewsUnitOfWork
    )
    caller = Caller()
    files = Files(contract.UPLOAD_USES)
    orders = RpcProxy("orders")
    payments = RpcProxy("payments")

    # reviews of an order (V1-V5)
    @rpc(expected_exceptions=EXPECTED)
    def post_review(self, order_id, data):
        """V1-V4: the buyer's review (on a delivered order it completes it, O10) or the
        seller's, after the buyer's."""
        data = load(contract.ReviewCreateSchema(), data)
        return REVIEW.dump(
            posting.post_review(
                self.db, self.orders, self.files, self.caller(), str(order_id), data
            )
        )

    @rpc(expected_exceptions=EXPECTED)
    def get_order_reviews(self, order_id):
        return queries.order_reviews(self.db, self.orders, self.caller(), str(order_id))

    @rpc(expected_exceptions=EXPECTED)
    def leave_private_feedback(self, order_id, data):
        text = load(contract.PrivateFeedbackSchema(), data)["text"]
        return contract.PrivateFeedbackReplySchema().dump(
            posting.leave_private_feedback(self.db, self.orders, self.caller(), str(order_id), text)
        )

    # the seller's public page (V6)
    @rpc(expected_exceptions=EXPECTED)
    def list_seller_reviews(self, seller_id, query=None):
        query = load(contract.SellerReviewsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return contract.SellerReviewsSchema().dump(
                queries.seller_reviews(uow, str(seller_id), query)
            )

    # moderation (V7)
    @rpc(expected_exceptions=EXPECTED)
    def report_review(self, review_id, data):
        data = load(contract.ReviewReportCreateSchema(), data)
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return contract.ReviewReportSchema().dump(
                moderation.report_review(uow, caller, str(review_id), data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def list_review_reports(self, query=None):
        query = load(contract.ReviewReportsQuerySchema(), query or {})
        caller = self.caller()
        with self.db.read_only() as uow:
            return contract.ReviewReportPageSchema().dump(
                moderation.report_queue(uow, caller, query)
            )

    @rpc(expected_exceptions=EXPECTED)
    def resolve_review_report(self, report_id, data):
        data = load(contract.ReviewReportResolutionSchema(), data)
        caller = self.caller()
        return contract.AdminReviewReportSchema().dump(
            in_unit_of_work(
                self.db, lambda uow: moderation.resolve_report(uow, caller, str(report_id), data)
            )
        )

    # invitations (V8)
    @rpc(expected_exceptions=EXPECTED)
    def invite_client(self, data):
        data = load(contract.InvitationCreateSchema(), data)
        caller = self.caller()
        return INVITATION.dump(
            in_unit_of_work(self.db, lambda uow: invitations.invite(uow, caller, data))
        )

    @rpc(expected_exceptions=EXPECTED)
    def withdraw_invitation(self, invitation_id):
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return INVITATION.dump(invitations.withdraw(uow, caller, str(invitation_id)))

    @rpc(expected_exceptions=EXPECTED)
    def list_invitations(self, query=None):
        query = load(contract.InvitationsQuerySchema(), query or {})
        caller = self.caller()
        with self.db.read_only() as uow:
            return contract.InvitationPageSchema().dump(
                invitations.my_invitations(uow, caller, query)
            )

    # tips (T1-T3)
    @rpc(expected_exceptions=EXPECTED)
    def get_tip_options(self, order_id):
        return contract.TipOptionsSchema().dump(
            tips.options(self.db, self.orders, self.caller(), str(order_id))
        )

    @rpc(expected_exceptions=EXPECTED)
    def send_tip(self, order_id, data, idempotency_key=None):
        """T1-T3: paid by payments, balance first then the card; the message to the seller."""
        data = load(contract.TipCreateSchema(), data)
        return contract.TipReceiptSchema().dump(
            tips.send_tip(
                self.db,
                self.orders,
                self.payments,
                self.caller(),
                str(order_id),
                data,
                idempotency_key,
            )
        )

    # events
    @handles("orders", "order_completed")
    def on_order_completed(self, event):
        """V2, V8: the review window opens; the buyer becomes a past client."""
        self.db.handle_once(
            payload_of(orders_contract.OrderCompleted(), event),
            windows.order_completed,
            "reviews.service_layer.handlers.order_completed",
        )

    @handles("orders", "order_cancelled")
    def on_order_cancelled(self, event):
        """V2, O11: a support-cancelled order's reviews come down."""
        self.db.handle_once(
            payload_of(orders_contract.OrderCancelled(), event),
            windows.order_cancelled,
            "reviews.service_layer.handlers.order_cancelled",
        )

    @handles("scheduler", windows.WINDOW_EVENT)
    def on_review_window_ended(self, event):
        """V2, V4: the 10 days are over: no more reviews; the buyer's is revealed."""
        self.db.handle_once(
            payload_of(contract.ReviewWindowEnded(), event),
            windows.window_ended,
            "reviews.service_layer.handlers.window_ended",
        )

    @handles("scheduler", invitations.BLOCK_EVENT)
    def on_invitation_block_ended(self, event):
        """V8: 3 weeks after a withdrawal the client may be invited again."""
        self.db.handle_once(
            payload_of(contract.InvitationBlockEnded(), event),
            invitations.block_ended,
            "reviews.service_layer.invitations.block_ended",
        )
