"""Quote requests and custom offers (Q1-Q3), buyer requests and offers (R1-R7), and
ordering an offer (through orders)."""

from buyer_requests import contract as requests_contract
from gateway.http import idempotency_key, route


class RequestRoutes:
    """Q1-Q3, R1-R7."""

    # quotes (Q1-Q3)
    @route(
        "POST",
        "/v1/sellers/<username>/quote-requests",
        status=201,
        body=requests_contract.QuoteRequestCreateSchema,
        response=requests_contract.QuoteRequestSchema,
        tags=["quotes"],
        summary="Ask a seller for a quote from their profile (Q1)",
    )
    def request_quote(self, request, caller, username, body):
        return self.requests.request_quote(username, body)

    @route(
        "GET",
        "/v1/quote-requests",
        query=requests_contract.QuoteRequestsQuerySchema,
        response=requests_contract.QuoteRequestPageSchema,
        tags=["quotes"],
        summary="Quote requests I sent (role=buyer) or received (role=seller), with their "
        "custom offers",
    )
    def quote_requests(self, request, caller, query):
        return self.requests.list_quote_requests(query)

    @route(
        "GET",
        "/v1/quote-requests/<quote_request_id>",
        response=requests_contract.QuoteRequestSchema,
        tags=["quotes"],
        summary="One quote request, with its custom offers, for its buyer or its seller "
        "(Q1-Q3); 404 for anyone else",
    )
    def quote_request(self, request, caller, quote_request_id):
        return self.requests.get_quote_request(quote_request_id)

    @route(
        "POST",
        "/v1/quote-requests/<quote_request_id>/custom-offers",
        status=201,
        body=requests_contract.CustomOfferCreateSchema,
        response=requests_contract.CustomOfferSchema,
        tags=["quotes"],
        summary="Answer a quote request with a custom offer (Q2, Q3)",
    )
    def send_custom_offer(self, request, caller, quote_request_id, body):
        return self.requests.send_custom_offer(quote_request_id, body)

    @route(
        "POST",
        "/v1/custom-offers/<offer_id>/decline",
        response=requests_contract.CustomOfferSchema,
        tags=["quotes"],
        summary="Decline a custom offer (Q2)",
    )
    def decline_custom_offer(self, request, caller, offer_id):
        return self.requests.decline_custom_offer(offer_id)

    @route(
        "POST",
        "/v1/custom-offers/<offer_id>/order",
        status=201,
        body=requests_contract.OrderOfferSchema,
        tags=["quotes"],
        summary="Order a custom offer at its terms (Q2); `Idempotency-Key` makes a retry safe",
    )
    def order_custom_offer(self, request, caller, offer_id, body):
        return self._order_offer(request, "custom_offer", offer_id, body)

    # buyer requests (R1-R5)
    @route(
        "POST",
        "/v1/requests",
        status=201,
        body=requests_contract.BuyerRequestCreateSchema,
        response=requests_contract.BuyerRequestSchema,
        tags=["requests"],
        summary="Post a buyer request; it waits for an admin's approval (R1, R2)",
    )
    def post_request(self, request, caller, body):
        return self.requests.post_request(body)

    @route(
        "GET",
        "/v1/requests",
        query=requests_contract.MyRequestsQuerySchema,
        response=requests_contract.BuyerRequestPageSchema,
        tags=["requests"],
        summary="My requests, newest first, with their offer counts (R7)",
    )
    def my_requests(self, request, caller, query):
        return self.requests.list_my_requests(query)

    @route(
        "GET",
        "/v1/requests/open",
        query=requests_contract.OpenRequestsQuerySchema,
        response=requests_contract.OpenRequestPageSchema,
        tags=["requests"],
        summary="Active requests in my gigs' subcategories, newest and boosted first (R6)",
    )
    def open_requests(self, request, caller, query):
        return self.requests.list_open_requests(query)

    @route(
        "GET",
        "/v1/requests/<request_id>",
        response=requests_contract.BuyerRequestSchema,
        tags=["requests"],
        summary="One request: all of it for its buyer or an admin; for a seller it is open to "
        "(R6), what the open list shows (no buyer_id, status, rejection_reason, expires_at); "
        "404 for anyone else (A2)",
    )
    def one_request(self, request, caller, request_id):
        return self.requests.get_request(request_id)

    @route(
        "POST",
        "/v1/requests/<request_id>/pause",
        response=requests_contract.BuyerRequestSchema,
        tags=["requests"],
        summary="Pause my request: hidden, no offers (R4)",
    )
    def pause_request(self, request, caller, request_id):
        return self.requests.pause_request(request_id)

    @route(
        "POST",
        "/v1/requests/<request_id>/resume",
        response=requests_contract.BuyerRequestSchema,
        tags=["requests"],
        summary="Resume my paused request (R4)",
    )
    def resume_request(self, request, caller, request_id):
        return self.requests.resume_request(request_id)

    @route(
        "POST",
        "/v1/requests/<request_id>/boost",
        response=requests_contract.BuyerRequestSchema,
        tags=["requests"],
        summary="Boost my request to the top, once (R4)",
    )
    def boost_request(self, request, caller, request_id):
        return self.requests.boost_request(request_id)

    @route(
        "DELETE",
        "/v1/requests/<request_id>",
        status=204,
        tags=["requests"],
        summary="Delete my request; requests are never edited (R3, R4)",
    )
    def delete_request(self, request, caller, request_id):
        self.requests.delete_request(request_id)

    # offers (R6, R7)
    @route(
        "POST",
        "/v1/requests/<request_id>/decline",
        status=204,
        tags=["requests"],
        summary="Decline a request: I never see it again (R6)",
    )
    def decline_request(self, request, caller, request_id):
        self.requests.decline_request(request_id)

    @route(
        "POST",
        "/v1/requests/<request_id>/offers",
        status=201,
        body=requests_contract.OfferCreateSchema,
        response=requests_contract.OfferSchema,
        tags=["requests"],
        summary="Send an offer on a request (R6, C10)",
    )
    def send_offer(self, request, caller, request_id, body):
        return self.requests.send_offer(request_id, body)

    @route(
        "GET",
        "/v1/requests/<request_id>/offers",
        query=requests_contract.OffersQuerySchema,
        response=requests_contract.OfferListSchema,
        tags=["requests"],
        summary="The offers on my request, sorted by date, price, delivery_time, rating or "
        "reviews (R7)",
    )
    def offers(self, request, caller, request_id, query):
        return self.requests.list_offers(request_id, query)

    @route(
        "DELETE",
        "/v1/requests/<request_id>/offers/<offer_id>",
        status=204,
        tags=["requests"],
        summary="Remove an offer from my list (R7)",
    )
    def remove_offer(self, request, caller, request_id, offer_id):
        self.requests.remove_offer(request_id, offer_id)

    @route(
        "POST",
        "/v1/offers/<offer_id>/order",
        status=201,
        body=requests_contract.OrderOfferSchema,
        tags=["requests"],
        summary="Order an offer at its terms (R7); `Idempotency-Key` makes a retry safe",
    )
    def order_request_offer(self, request, caller, offer_id, body):
        return self._order_offer(request, "request_offer", offer_id, body)

    def _order_offer(self, request, kind, offer_id, body):
        return self.orders.place_order(
            {**body, "offer": {"kind": kind, "id": offer_id}},
            idempotency_key(request),
        )

    # admins (R2)
    @route(
        "GET",
        "/v1/admin/requests",
        admin=True,
        query=requests_contract.AdminRequestsQuerySchema,
        response=requests_contract.BuyerRequestPageSchema,
        tags=["admin"],
        summary="Requests by status, oldest first (default: pending, awaiting approval) (R2)",
    )
    def requests_for_review(self, request, caller, query):
        return self.requests.list_requests_for_review(query)

    @route(
        "POST",
        "/v1/admin/requests/<request_id>/approve",
        admin=True,
        response=requests_contract.BuyerRequestSchema,
        tags=["admin"],
        summary="Approve a pending request (R2)",
    )
    def approve_request(self, request, caller, request_id):
        return self.requests.approve_request(request_id)

    @route(
        "POST",
        "/v1/admin/requests/<request_id>/reject",
        admin=True,
        body=requests_contract.RejectionSchema,
        response=requests_contract.BuyerRequestSchema,
        tags=["admin"],
        summary="Reject a pending request with a reason for the buyer (R2)",
    )
    def reject_request(self, request, caller, request_id, body):
        return self.requests.reject_request(request_id, body)
