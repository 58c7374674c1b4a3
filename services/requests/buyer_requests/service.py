"""The requests service: quote requests and custom offers (Q1-Q3), buyer requests and
sellers' offers (R1-R7). The package is `buyer_requests`; the service is `requests`.

Entrypoints only: load the arguments with the contract, run a use case of
`service_layer/` in a unit of work, dump the reply with the contract. Who asks is the
call's caller (A2), never an argument."""

from nameko.rpc import rpc

from microtache.caller import Caller
from microtache.database import Database
from microtache.errors import EXPECTED, Forbidden
from microtache.events import handles
from microtache.files import Files
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load

from buyer_requests import contract
from buyer_requests.adapters.categories import Categories
from buyer_requests.adapters.orm import metadata
from buyer_requests.adapters.unit_of_work import RequestsUnitOfWork
from buyer_requests.incoming import (
    expiry_reached,
    gig_archived,
    gig_facts,
    offer_ordered,
    seller_level_changed,
    seller_profile_updated,
    seller_rating_changed,
    user_signed_up,
)
from buyer_requests.service_layer import (
    admins,
    buyers,
    expiry,
    offers,
    ordering,
    quotes,
    reads,
    sellers,
)


def page(schema, results_and_cursor):
    results, next_cursor = results_and_cursor
    return {"results": schema(many=True).dump(results), "next_cursor": next_cursor}


class RequestsService(ServiceProbes):
    name = "requests"

    db = Database(
        metadata,
        "buyer_requests.migrations",
        events=contract.EVENTS,
        unit_of_work=RequestsUnitOfWork,
    )
    caller = Caller()
    files = Files(contract.UPLOAD_USES)
    categories = Categories()
    catalog = RpcProxy("catalog")

    def category_tree(self):
        return self.categories.tree(self.catalog.list_categories)

    def caller_id(self):
        return self.caller()["id"]

    # --- quote requests and custom offers (Q1-Q3) ----------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def request_quote(self, seller_username, data):
        buyer_id = self.caller_id()
        data = load(contract.QuoteRequestCreateSchema(), data)
        quotes.check_quote(self.category_tree(), data)
        with self.db.unit_of_work() as uow:
            return contract.QuoteRequestSchema().dump(
                quotes.request_quote(uow, self.files, buyer_id, seller_username, data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def list_quote_requests(self, query=None):
        user_id = self.caller_id()
        query = load(contract.QuoteRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(contract.QuoteRequestSchema, quotes.quote_requests(uow, user_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def get_quote_request(self, quote_request_id):
        """One quote request, for its buyer or its seller (Q1, Q3); NotFound otherwise."""
        user_id = self.caller_id()
        with self.db.read_only() as uow:
            return contract.QuoteRequestSchema().dump(
                quotes.quote_request(uow, user_id, quote_request_id)
            )

    @rpc(expected_exceptions=EXPECTED)
    def send_custom_offer(self, quote_request_id, data):
        seller_id = self.caller_id()
        data = load(contract.CustomOfferCreateSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.CustomOfferSchema().dump(
                quotes.send_custom_offer(uow, seller_id, quote_request_id, data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def decline_custom_offer(self, offer_id):
        buyer_id = self.caller_id()
        with self.db.unit_of_work() as uow:
            return contract.CustomOfferSchema().dump(
                quotes.decline_custom_offer(uow, buyer_id, offer_id)
            )

    # --- buyer requests (R1-R5) --------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def post_request(self, data):
        buyer_id = self.caller_id()
        data = load(contract.BuyerRequestCreateSchema(), data)
        buyers.check_request(self.category_tree(), data)
        with self.db.unit_of_work() as uow:
            return contract.BuyerRequestSchema().dump(
                buyers.post_request(uow, self.files, buyer_id, data)
            )

    @rpc(expected_exceptions=EXPECTED)
    def list_my_requests(self, query=None):
        buyer_id = self.caller_id()
        query = load(contract.MyRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(contract.BuyerRequestSchema, buyers.my_requests(uow, buyer_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def get_request(self, request_id):
        """One request: all of it for its buyer or an admin, what sellers see of it for a
        seller it is open to (R6); NotFound for anyone else, as for an unknown id (A2)."""
        caller = self.caller()
        with self.db.read_only() as uow:
            request, whole = reads.read_request(uow, caller, request_id)
            schema = contract.BuyerRequestSchema if whole else contract.OpenRequestSchema
            return schema().dump(request)

    @rpc(expected_exceptions=EXPECTED)
    def pause_request(self, request_id):
        return self._buyer_command(buyers.pause_request, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def resume_request(self, request_id):
        return self._buyer_command(buyers.resume_request, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def boost_request(self, request_id):
        return self._buyer_command(buyers.boost_request, request_id)

    def _buyer_command(self, handler, request_id):
        buyer_id = self.caller_id()
        with self.db.unit_of_work() as uow:
            return contract.BuyerRequestSchema().dump(handler(uow, buyer_id, request_id))

    @rpc(expected_exceptions=EXPECTED)
    def delete_request(self, request_id):
        buyer_id = self.caller_id()
        with self.db.unit_of_work() as uow:
            buyers.delete_request(uow, buyer_id, request_id)

    # --- admins (R2) --------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_requests_for_review(self, query=None):
        caller = self.caller()
        query = load(contract.AdminRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(contract.BuyerRequestSchema, admins.requests_for_review(uow, caller, query))

    @rpc(expected_exceptions=EXPECTED)
    def approve_request(self, request_id):
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return contract.BuyerRequestSchema().dump(
                admins.approve_request(uow, caller, request_id)
            )

    @rpc(expected_exceptions=EXPECTED)
    def reject_request(self, request_id, data):
        caller = self.caller()
        data = load(contract.RejectionSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.BuyerRequestSchema().dump(
                admins.reject_request(uow, caller, request_id, data["reason"])
            )

    # --- sellers' offers (R6) and the buyer's list of them (R7) -------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_open_requests(self, query=None):
        seller_id = self.caller_id()
        query = load(contract.OpenRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(contract.OpenRequestSchema, offers.open_requests(uow, seller_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def decline_request(self, request_id):
        seller_id = self.caller_id()
        with self.db.unit_of_work() as uow:
            offers.decline_request(uow, seller_id, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def send_offer(self, request_id, data):
        seller_id = self.caller_id()
        data = load(contract.OfferCreateSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.OfferSchema().dump(offers.send_offer(uow, seller_id, request_id, data))

    @rpc(expected_exceptions=EXPECTED)
    def list_offers(self, request_id, query=None):
        buyer_id = self.caller_id()
        query = load(contract.OffersQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return contract.OfferListSchema().dump(
                buyers.list_offers(uow, buyer_id, request_id, query["sort"])
            )

    @rpc(expected_exceptions=EXPECTED)
    def remove_offer(self, request_id, offer_id):
        buyer_id = self.caller_id()
        with self.db.unit_of_work() as uow:
            buyers.remove_offer(uow, buyer_id, request_id, offer_id)

    # --- ordering an offer (orders asks, as the buyer) ------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def offer_terms(self, kind, offer_id, buyer_id=None):
        """The terms of an offer the caller may order. `buyer_id` is the caller's; an older
        orders passes it, and it must then be the caller's (A2)."""
        query = load(
            contract.OfferTermsQuery(), {"kind": kind, "offer_id": offer_id, "buyer_id": buyer_id}
        )
        caller = self.caller.optional()
        if query["buyer_id"] is None:
            query["buyer_id"] = self.caller_id()
        elif caller is not None and caller["id"] != query["buyer_id"]:
            raise Forbidden("An offer's terms are for the caller only (A2).")
        with self.db.read_only() as uow:
            return contract.OfferTerms().dump(ordering.offer_terms(uow, **query))

    @handles("orders", "offer_ordered")
    def on_offer_ordered(self, event):
        self.db.handle_once(
            offer_ordered(event),
            ordering.on_order_placed,
            "buyer_requests.service_layer.ordering.on_order_placed",
        )

    # --- the scheduler (R5) --------------------------------------------------------------
    @handles("scheduler", contract.EXPIRY_EVENT)
    def on_request_expiry_reached(self, event):
        self.db.handle_once(
            expiry_reached(event),
            expiry.expire_request,
            "buyer_requests.service_layer.handlers.expire_request",
        )

    # --- what we keep of sellers (C10, Q1, R6, R7) ------------------------------------------
    @handles("catalog", "user_signed_up")
    def on_user_signed_up(self, event):
        self.db.handle_once(
            user_signed_up(event),
            sellers.on_user_signed_up,
            "buyer_requests.service_layer.sellers.on_user_signed_up",
        )

    @handles("catalog", "gig_published")
    def on_gig_published(self, event):
        self.db.handle_once(
            gig_facts(event),
            sellers.on_gig_facts,
            "buyer_requests.service_layer.sellers.on_gig_facts",
        )

    @handles("catalog", "gig_updated")
    def on_gig_updated(self, event):
        self.db.handle_once(
            gig_facts(event),
            sellers.on_gig_facts,
            "buyer_requests.service_layer.sellers.on_gig_facts",
        )

    @handles("catalog", "gig_archived")
    def on_gig_archived(self, event):
        self.db.handle_once(
            gig_archived(event),
            sellers.on_gig_archived,
            "buyer_requests.service_layer.sellers.on_gig_archived",
        )

    @handles("catalog", "seller_profile_updated")
    def on_seller_profile_updated(self, event):
        self.db.handle_once(
            seller_profile_updated(event),
            sellers.on_seller_profile_updated,
            "buyer_requests.service_layer.sellers.on_seller_profile_updated",
        )

    @handles("catalog", "seller_level_changed")
    def on_seller_level_changed(self, event):
        self.db.handle_once(
            seller_level_changed(event),
            sellers.on_seller_level_changed,
            "buyer_requests.service_layer.sellers.on_seller_level_changed",
        )

    @handles("reviews", "seller_rating_changed")
    def on_seller_rating_changed(self, event):
        self.db.handle_once(
            seller_rating_changed(event),
            sellers.on_seller_rating_changed,
            "buyer_requests.service_layer.sellers.on_seller_rating_changed",
        )
