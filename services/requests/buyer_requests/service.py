"""The requests service: quote requests and custom offers (Q1-Q3), buyer requests and
sellers' offers (R1-R7). The package is `buyer_requests`; the service is `requests`."""
from nameko.rpc import rpc

from microtache.database import Database
from microtache.errors import EXPECTED
from microtache.events import handles, payload_of
from microtache.rpc import RpcProxy
from microtache.service import ServiceProbes, load
from microtache.storage import FileStorage

from buyer_requests import schemas
from buyer_requests.adapters.attachments import KeptFiles
from buyer_requests.adapters.categories import Categories
from buyer_requests.adapters.orm import metadata
from buyer_requests.service_layer import handlers, ordering, quotes, sellers


def caller_id(caller):
    return load(schemas.CallerSchema(), caller)["id"]


def page(schema, results_and_cursor):
    results, next_cursor = results_and_cursor
    return {"results": schema(many=True).dump(results), "next_cursor": next_cursor}


class RequestsService(ServiceProbes):
    name = "requests"

    db = Database(metadata, "buyer_requests.migrations")
    storage = FileStorage()
    categories = Categories()
    catalog = RpcProxy("catalog")

    def category_tree(self):
        return self.categories.tree(self.catalog.list_categories)

    # --- quote requests and custom offers (Q1-Q3) ----------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def request_quote(self, caller, seller_username, data):
        buyer_id = caller_id(caller)
        data = load(schemas.QuoteRequestCreateSchema(), data)
        quotes.check_quote(self.category_tree(), data)
        with KeptFiles(self.storage) as files, self.db.unit_of_work() as uow:
            return schemas.QuoteRequestSchema().dump(
                quotes.request_quote(uow, buyer_id, seller_username, data, files))

    @rpc(expected_exceptions=EXPECTED)
    def list_quote_requests(self, caller, query=None):
        user_id = caller_id(caller)
        query = load(schemas.QuoteRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(schemas.QuoteRequestSchema, quotes.quote_requests(uow, user_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def send_custom_offer(self, caller, quote_request_id, data):
        seller_id = caller_id(caller)
        data = load(schemas.CustomOfferCreateSchema(), data)
        with self.db.unit_of_work() as uow:
            return schemas.CustomOfferSchema().dump(
                quotes.send_custom_offer(uow, seller_id, quote_request_id, data))

    @rpc(expected_exceptions=EXPECTED)
    def decline_custom_offer(self, caller, offer_id):
        buyer_id = caller_id(caller)
        with self.db.unit_of_work() as uow:
            return schemas.CustomOfferSchema().dump(
                quotes.decline_custom_offer(uow, buyer_id, offer_id))

    # --- buyer requests (R1-R5) --------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def post_request(self, caller, data):
        buyer_id = caller_id(caller)
        data = load(schemas.BuyerRequestCreateSchema(), data)
        handlers.check_request(self.category_tree(), data)
        with KeptFiles(self.storage) as files, self.db.unit_of_work() as uow:
            return schemas.BuyerRequestSchema().dump(
                handlers.post_request(uow, buyer_id, data, files))

    @rpc(expected_exceptions=EXPECTED)
    def list_my_requests(self, caller, query=None):
        buyer_id = caller_id(caller)
        query = load(schemas.MyRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(schemas.BuyerRequestSchema, handlers.my_requests(uow, buyer_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def pause_request(self, caller, request_id):
        return self._buyer_command(handlers.pause_request, caller, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def resume_request(self, caller, request_id):
        return self._buyer_command(handlers.resume_request, caller, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def boost_request(self, caller, request_id):
        return self._buyer_command(handlers.boost_request, caller, request_id)

    def _buyer_command(self, handler, caller, request_id):
        buyer_id = caller_id(caller)
        with self.db.unit_of_work() as uow:
            return schemas.BuyerRequestSchema().dump(handler(uow, buyer_id, request_id))

    @rpc(expected_exceptions=EXPECTED)
    def delete_request(self, caller, request_id):
        buyer_id = caller_id(caller)
        with self.db.unit_of_work() as uow:
            handlers.delete_request(uow, buyer_id, request_id)

    # --- admins (R2) --------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_requests_for_review(self, caller, query=None):
        query = load(schemas.AdminRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(schemas.BuyerRequestSchema,
                        handlers.requests_for_review(uow, caller, query))

    @rpc(expected_exceptions=EXPECTED)
    def approve_request(self, caller, request_id):
        with self.db.unit_of_work() as uow:
            return schemas.BuyerRequestSchema().dump(
                handlers.approve_request(uow, caller, request_id))

    @rpc(expected_exceptions=EXPECTED)
    def reject_request(self, caller, request_id, data):
        data = load(schemas.RejectionSchema(), data)
        with self.db.unit_of_work() as uow:
            return schemas.BuyerRequestSchema().dump(
                handlers.reject_request(uow, caller, request_id, data["reason"]))

    # --- sellers' offers (R6) and the buyer's list of them (R7) -------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_open_requests(self, caller, query=None):
        seller_id = caller_id(caller)
        query = load(schemas.OpenRequestsQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return page(schemas.OpenRequestSchema, handlers.open_requests(uow, seller_id, query))

    @rpc(expected_exceptions=EXPECTED)
    def decline_request(self, caller, request_id):
        seller_id = caller_id(caller)
        with self.db.unit_of_work() as uow:
            handlers.decline_request(uow, seller_id, request_id)

    @rpc(expected_exceptions=EXPECTED)
    def send_offer(self, caller, request_id, data):
        seller_id = caller_id(caller)
        data = load(schemas.OfferCreateSchema(), data)
        with self.db.unit_of_work() as uow:
            return schemas.OfferSchema().dump(handlers.send_offer(uow, seller_id, request_id, data))

    @rpc(expected_exceptions=EXPECTED)
    def list_offers(self, caller, request_id, query=None):
        buyer_id = caller_id(caller)
        query = load(schemas.OffersQuerySchema(), query or {})
        with self.db.read_only() as uow:
            return schemas.OfferListSchema().dump(
                handlers.list_offers(uow, buyer_id, request_id, query["sort"]))

    @rpc(expected_exceptions=EXPECTED)
    def remove_offer(self, caller, request_id, offer_id):
        buyer_id = caller_id(caller)
        with self.db.unit_of_work() as uow:
            handlers.remove_offer(uow, buyer_id, request_id, offer_id)

    # --- ordering an offer (orders asks) -----------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def offer_terms(self, kind, offer_id, buyer_id):
        query = load(schemas.OfferTermsQuerySchema(),
                     {"kind": kind, "offer_id": offer_id, "buyer_id": buyer_id})
        with self.db.read_only() as uow:
            return schemas.OfferTermsSchema().dump(ordering.offer_terms(uow, **query))

    @handles("orders", "offer_ordered")
    def on_offer_ordered(self, event):
        self.db.handle_once(
            payload_of(schemas.OrderPlacedSchema(), event), ordering.on_order_placed
        )

    # --- the scheduler (R5) --------------------------------------------------------------
    @handles("scheduler", handlers.EXPIRY_EVENT)
    def on_request_expiry_reached(self, event):
        self.db.handle_once(payload_of(schemas.ExpiryReachedSchema(), event),
                            handlers.expire_request)

    # --- what we keep of sellers (C10, Q1, R6, R7) ------------------------------------------
    @handles("catalog", "user_signed_up")
    def on_user_signed_up(self, event):
        self.db.handle_once(payload_of(schemas.UserSignedUpSchema(), event),
                            sellers.on_user_signed_up)

    @handles("catalog", "gig_published")
    def on_gig_published(self, event):
        self.db.handle_once(payload_of(schemas.GigFactsSchema(), event), sellers.on_gig_facts)

    @handles("catalog", "gig_updated")
    def on_gig_updated(self, event):
        self.db.handle_once(payload_of(schemas.GigFactsSchema(), event), sellers.on_gig_facts)

    @handles("catalog", "gig_archived")
    def on_gig_archived(self, event):
        self.db.handle_once(payload_of(schemas.GigArchivedSchema(), event),
                            sellers.on_gig_archived)

    @handles("catalog", "seller_profile_updated")
    def on_seller_profile_updated(self, event):
        self.db.handle_once(payload_of(schemas.SellerProfileSchema(), event),
                            sellers.on_seller_profile_updated)

    @handles("catalog", "seller_level_changed")
    def on_seller_level_changed(self, event):
        self.db.handle_once(payload_of(schemas.SellerLevelSchema(), event),
                            sellers.on_seller_level_changed)

    @handles("reviews", "seller_rating_changed")
    def on_seller_rating_changed(self, event):
        self.db.handle_once(payload_of(schemas.SellerRatingSchema(), event),
                            sellers.on_seller_rating_changed)
