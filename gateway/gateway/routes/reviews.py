"""Reviews, private feedback, the seller's public reviews, moderation of reviews,
invitations to review and tips (V1-V8, T1-T3)."""

from gateway.http import idempotency_key, route
from reviews import contract as reviews_contract

TAGS = ["reviews"]


class ReviewRoutes:
    """V1-V8, T1-T3."""

    # an order's reviews (V1-V5)
    @route(
        "POST",
        "/v1/orders/<order_id>/reviews",
        body=reviews_contract.ReviewCreateSchema,
        status=201,
        response=reviews_contract.ReviewSchema,
        tags=TAGS,
        summary="Review an order: the buyer's three scores and text, with an optional work "
        "sample (V1; on a delivered order it completes it, O10), within 10 days of "
        "completion (V2); the seller's rating of the buyer after the buyer's (V4); "
        "never edited (V3)",
    )
    def post_review(self, request, caller, order_id, body):
        return self.reviews.post_review(order_id, body)

    @route(
        "GET",
        "/v1/orders/<order_id>/reviews",
        response=reviews_contract.OrderReviewsSchema,
        tags=TAGS,
        summary="An order's reviews as the caller may see them: the seller sees "
        "the buyer's once they reviewed or the window closed (V4)",
    )
    def order_reviews(self, request, caller, order_id):
        return self.reviews.get_order_reviews(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/private-feedback",
        status=201,
        body=reviews_contract.PrivateFeedbackSchema,
        response=reviews_contract.PrivateFeedbackReplySchema,
        tags=TAGS,
        summary="The buyer's private feedback after the review, never shown to sellers or "
        "other buyers (V5)",
    )
    def private_feedback(self, request, caller, order_id, body):
        return self.reviews.leave_private_feedback(order_id, body)

    # the seller's public reviews (V6)
    @route(
        "GET",
        "/v1/sellers/<username>/reviews",
        public=True,
        query=reviews_contract.SellerReviewsQuerySchema,
        response=reviews_contract.SellerReviewsSchema,
        tags=TAGS,
        summary="A seller's public reviews, newest first, with their rating and count (V6)",
    )
    def seller_reviews(self, request, username, query):
        seller = self.catalog.get_seller_profile(username)
        return self.reviews.list_seller_reviews(seller["id"], query)

    # moderation (V7)
    @route(
        "POST",
        "/v1/reviews/<review_id>/reports",
        status=201,
        body=reviews_contract.ReviewReportCreateSchema,
        response=reviews_contract.ReviewReportSchema,
        tags=TAGS,
        summary="Report a review that breaks the rules (V7)",
    )
    def report_review(self, request, caller, review_id, body):
        return self.reviews.report_review(review_id, body)

    @route(
        "GET",
        "/v1/admin/review-reports",
        admin=True,
        query=reviews_contract.ReviewReportsQuerySchema,
        response=reviews_contract.ReviewReportPageSchema,
        tags=["admin"],
        summary="Reports on reviews by status, oldest first, with the review (V7)",
    )
    def review_reports(self, request, caller, query):
        return self.reviews.list_review_reports(query)

    @route(
        "POST",
        "/v1/admin/review-reports/<report_id>/resolve",
        admin=True,
        body=reviews_contract.ReviewReportResolutionSchema,
        response=reviews_contract.AdminReviewReportSchema,
        tags=["admin"],
        summary="Dismiss a report, or remove the review: it leaves the rating (V7)",
    )
    def resolve_review_report(self, request, caller, report_id, body):
        return self.reviews.resolve_review_report(report_id, body)

    # invitations (V8)
    @route(
        "POST",
        "/v1/review-invitations",
        status=201,
        body=reviews_contract.InvitationCreateSchema,
        response=reviews_contract.InvitationSchema,
        tags=TAGS,
        summary="Invite a past client to review; at most 20 at a time (V8)",
    )
    def invite_client(self, request, caller, body):
        return self.reviews.invite_client(body)

    @route(
        "GET",
        "/v1/review-invitations",
        query=reviews_contract.InvitationsQuerySchema,
        response=reviews_contract.InvitationPageSchema,
        tags=TAGS,
        summary="My invitations to review, newest first, and the credits left (V8)",
    )
    def invitations(self, request, caller, query):
        return self.reviews.list_invitations(query)

    @route(
        "DELETE",
        "/v1/review-invitations/<invitation_id>",
        response=reviews_contract.InvitationSchema,
        tags=TAGS,
        summary="Withdraw an invitation: the credit comes back, the client hears nothing, "
        "and cannot be invited again for 3 weeks (V8)",
    )
    def withdraw_invitation(self, request, caller, invitation_id):
        return self.reviews.withdraw_invitation(invitation_id)

    # tips (T1-T3)
    @route(
        "GET",
        "/v1/orders/<order_id>/tips",
        response=reviews_contract.TipOptionsSchema,
        tags=TAGS,
        summary="What the buyer may tip: three suggested amounts, the bounds, "
        "the 7-day window and the tip if given (T1, T2)",
    )
    def tip_options(self, request, caller, order_id):
        return self.reviews.get_tip_options(order_id)

    @route(
        "POST",
        "/v1/orders/<order_id>/tips",
        body=reviews_contract.TipCreateSchema,
        status=201,
        response=reviews_contract.TipReceiptSchema,
        tags=TAGS,
        summary="Tip the seller of a completed order within 7 days (T1, T2), from the "
        "balance first, then the card named or else the default card (T3); "
        "`Idempotency-Key` makes a retry safe",
    )
    def send_tip(self, request, caller, order_id, body):
        return self.reviews.send_tip(order_id, body, idempotency_key(request))
