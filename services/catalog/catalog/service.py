"""The catalog service: accounts, seller profiles, gigs, categories, search,
favourites and the moderation of reported gigs.

Who asks travels with the call (`self.caller()`, set by the gateway once the token
is checked, A2); `get_account(account_id)` is the gateway's own check of a token's
account, asked before any caller is trusted."""

from nameko.rpc import rpc

from microtache.caller import Caller
from microtache.config import admin_password, is_production
from microtache.database import Database
from microtache.errors import EXPECTED, Unauthenticated
from microtache.events import handles
from microtache.files import Files
from microtache.metrics import Metrics
from microtache.service import ServiceProbes, load

from catalog import contract, incoming
from catalog.adapters.orm import metadata
from catalog.adapters.unit_of_work import CatalogUnitOfWork
from catalog.dependencies import SearchAnswers, answer_readings
from catalog.domain.gallery import removed
from catalog.service_layer import accounts, gallery, gigs, levels, moderation, search, views
from orders import contract as orders_contract
from payments import contract as payments_contract
from reviews import contract as reviews_contract


def seed_development_admin(store, config):
    """Development settings create the `admin` account (API.md); production never does."""
    if not is_production(config):
        password = admin_password(config)  # set, or generated for the data folder
        with store.unit_of_work() as uow:
            accounts.ensure_admin(uow, password)


# search's schemas, made once: a marshmallow schema is built field by field (deep
# copies: 130 us for SearchSchema, 110 for the results'), and loads and dumps
# without keeping anything of a call, so one instance serves every worker
SEARCH = contract.SearchSchema()
SEARCH_RESULTS = contract.SearchResultSchema(many=True)
SUGGESTIONS_QUERY = contract.SuggestionsQuerySchema()


def search_reply(rows, next_cursor, applied):
    return {
        "results": SEARCH_RESULTS.dump(rows),
        "next_cursor": next_cursor,
        "applied_filters": applied,
    }


class CatalogService(ServiceProbes):
    name = "catalog"

    db = Database(
        metadata,
        "catalog.migrations",
        seed=seed_development_admin,
        events=contract.EVENTS,
        unit_of_work=CatalogUnitOfWork,
    )
    caller = Caller()
    answers = SearchAnswers()  # search and autocomplete answers kept (C4, C5)
    metrics = Metrics(gauges=answer_readings)  # and their hits in /metrics
    files = Files(contract.UPLOAD_USES)  # gig galleries (C1): uploads, thumbnails

    # accounts (A1, A2)
    @rpc(expected_exceptions=EXPECTED)
    def sign_up(self, data):
        data = load(contract.SignUpSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.AccountSchema().dump(accounts.sign_up(uow, data))

    @rpc(expected_exceptions=EXPECTED)
    def authenticate(self, data, client_address=None):
        """A1: throttled per account and per client address (`client_address`, as
        the gateway saw it; optional) with 429; the same Argon2 work whether the
        username exists or not. The hash is checked outside any transaction, so a
        sign-in never holds the writer for its ~0.1-0.5 s of Argon2."""
        data = load(contract.SignInSchema(), data)
        address = contract.client_address(client_address)
        with self.db.read_only() as uow:
            found = accounts.sign_in_check(uow, data["username"], address)
        matches = accounts.password_matches(found, data["password"])
        with self.db.unit_of_work() as uow:
            if not matches:
                accounts.sign_in_failed(uow, data["username"], address)
            else:
                user = accounts.signed_in(uow, found[0], data["username"])
                return {"id": user.id, "username": user.username, "role": user.role}
        raise Unauthenticated("Wrong username or password.")

    @rpc(expected_exceptions=EXPECTED)
    def get_account(self, account_id):
        """The account `account_id` (404 if none): the gateway's check that a token's
        account exists, asked before it trusts the caller, and `GET /v1/me`. A system
        query: no caller needed; a read, no writer lock."""
        with self.db.read_only() as uow:
            return contract.AccountSchema().dump(accounts.account(uow, str(account_id)))

    @rpc(expected_exceptions=EXPECTED)
    def contact(self, user_id):
        """`{username, email, languages}` of the account `user_id` (404 if none): a system
        query for the inbox's e-mails (N4); no caller, a read."""
        with self.db.read_only() as uow:
            return contract.ContactSchema().dump(accounts.contact(uow, str(user_id)))

    @rpc(expected_exceptions=EXPECTED)
    def update_profile(self, changes):
        changes = load(contract.ProfileUpdateSchema(), changes)
        with self.db.unit_of_work() as uow:
            return contract.AccountSchema().dump(
                accounts.update_profile(uow, self.caller()["id"], changes)
            )

    # gigs (C1, C2) and categories (C3)
    @rpc(expected_exceptions=EXPECTED)
    def create_gig(self, data):
        data, seller_id = load(contract.GigCreateSchema(), data), self.caller()["id"]
        files = gallery.inspect(self.files, seller_id, data.pop("gallery"))  # C1, 422
        with self.db.unit_of_work() as uow:
            gig = gigs.create_gig(uow, seller_id, data, files)
            gallery.claim(uow, self.files, gig, files)
            return contract.GigSchema().dump(views.gig_view(uow, gig))

    @rpc(expected_exceptions=EXPECTED)
    def get_gig(self, gig_id):
        with self.db.read_only() as uow:
            return contract.GigSchema().dump(views.gig_view(uow, gigs.get_gig(uow, gig_id)))

    @rpc(expected_exceptions=EXPECTED)
    def update_gig(self, gig_id, changes):
        changes, seller_id = load(contract.GigUpdateSchema(), changes), self.caller()["id"]
        wanted = changes.pop("gallery", None)
        files = None if wanted is None else gallery.inspect(self.files, seller_id, wanted, gig_id)
        with self.db.unit_of_work() as uow:
            before = [f.upload_id for f in gigs.get_gig(uow, gig_id).gallery]
            gig = gigs.update_gig(uow, seller_id, gig_id, changes, files)
            gallery.claim(uow, self.files, gig, files or [])
            reply = contract.GigSchema().dump(views.gig_view(uow, gig))
        gallery.release(self.files, removed(before, gig.gallery))  # once committed
        return reply

    @rpc(expected_exceptions=EXPECTED)
    def list_own_gigs(self, query):
        """The caller's own gigs, paused ones too (archived only when `status` asks)."""
        query = load(contract.OwnGigsQuerySchema(), query)
        with self.db.read_only() as uow:
            results, next_cursor = views.list_own_gigs(uow, self.caller()["id"], query)
            return contract.OwnGigPageSchema().dump(
                {"results": results, "next_cursor": next_cursor}
            )

    @rpc(expected_exceptions=EXPECTED)
    def gallery_file(self, gig_id, upload_id, thumbnail=False):
        """C1: a file of a gig's gallery (or its thumbnail) for the gateway to serve."""
        with self.db.read_only() as uow:
            found = gallery.gallery_file(uow, gig_id, upload_id, bool(thumbnail))
            return contract.GalleryFileSchema().dump(found)

    @handles("catalog", "gig_gallery_changed")
    def on_gig_gallery_changed(self, event):
        """C1: thumbnails in the background; making one twice is harmless."""
        gallery.make_thumbnails(
            self.db, self.files, incoming.read(contract.GigGalleryChanged(), event)
        )

    @rpc(expected_exceptions=EXPECTED)
    def archive_gig(self, gig_id):
        with self.db.unit_of_work() as uow:
            gig = gigs.archive_gig(uow, self.caller()["id"], gig_id)
            return contract.GigSchema().dump(views.gig_view(uow, gig))

    @rpc
    def list_categories(self):
        return views.categories()

    # seller profiles (C6)
    @rpc(expected_exceptions=EXPECTED)
    def get_seller_profile(self, username):
        with self.db.read_only() as uow:
            return contract.SellerProfileSchema().dump(views.seller_profile(uow, username))

    # seller levels (C7): recomputed as the seller's figures change
    @handles("orders", "order_completed")
    def on_order_completed(self, event):
        self.db.handle_once(
            incoming.read(orders_contract.OrderCompleted(), event),
            levels.record_order_completed,
            "catalog.service_layer.handlers.record_order_completed",
        )

    @handles("orders", "order_cancelled")
    def on_order_cancelled(self, event):
        self.db.handle_once(
            incoming.read(orders_contract.OrderCancelled(), event),
            levels.record_order_cancelled,
            "catalog.service_layer.handlers.record_order_cancelled",
        )

    @handles("payments", "earnings_pending")
    def on_earnings_pending(self, event):
        self.db.handle_once(
            incoming.read(payments_contract.EarningsPending(), event),
            levels.record_earnings,
            "catalog.service_layer.handlers.record_earnings",
        )

    @handles("payments", "earnings_reversed")
    def on_earnings_reversed(self, event):
        self.db.handle_once(
            incoming.read(payments_contract.EarningsReversed(), event),
            levels.record_earnings_reversed,
            "catalog.service_layer.handlers.record_earnings_reversed",
        )

    @handles("reviews", "seller_rating_changed")
    def on_seller_rating_changed(self, event):
        self.db.handle_once(
            incoming.read(reviews_contract.SellerRatingChanged(), event, incoming.TimedEnvelope),
            levels.record_rating,
            "catalog.service_layer.handlers.record_rating",
        )

    @handles("gateway", "user_seen")
    def on_user_seen(self, event):
        """C5, C6: signed-in traffic keeps `last_seen_at` (and "online now" in search).
        Applying it twice is harmless, so no record of handled ids is kept for it."""
        with self.db.unit_of_work() as uow:
            accounts.seen_online(uow, str(event.get("user_id")))

    @handles("scheduler", contract.LEVEL_REVIEW_DUE)
    def on_level_review_due(self, event):
        self.db.handle_once(
            incoming.read(contract.SellerLevelReviewFellDue(), event),
            levels.review_level_when_due,
            "catalog.service_layer.handlers.review_level_when_due",
        )

    # favourites (C8)
    @rpc(expected_exceptions=EXPECTED)
    def add_favourite(self, gig_id):
        with self.db.unit_of_work() as uow:
            gigs.add_favourite(uow, self.caller()["id"], gig_id)

    @rpc(expected_exceptions=EXPECTED)
    def remove_favourite(self, gig_id):
        with self.db.unit_of_work() as uow:
            gigs.remove_favourite(uow, self.caller()["id"], gig_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_favourites(self, query):
        query = load(contract.FavouritesQuerySchema(), query)
        with self.db.unit_of_work() as uow:
            results, next_cursor = views.list_favourites(uow, self.caller()["id"], query)
            return {
                "results": contract.FavouriteSchema(many=True).dump(results),
                "next_cursor": next_cursor,
            }

    # reports and moderation (C9)
    @rpc(expected_exceptions=EXPECTED)
    def report_gig(self, gig_id, data):
        data = load(contract.ReportSchema(), data)
        with self.db.unit_of_work() as uow:
            report = moderation.report_gig(uow, self.caller()["id"], gig_id, data)
            return contract.ReportViewSchema(only=("id", "gig_id", "reason", "status")).dump(report)

    @rpc(expected_exceptions=EXPECTED)
    def list_reports(self, query):
        query = load(contract.ReportsQuerySchema(), query)
        with self.db.unit_of_work() as uow:
            reports, next_cursor = views.list_reports(uow, self.caller(), query)
            return {
                "results": contract.ReportViewSchema(many=True).dump(reports),
                "next_cursor": next_cursor,
            }

    @rpc(expected_exceptions=EXPECTED)
    def resolve_report(self, report_id, data):
        data = load(contract.ReportResolutionSchema(), data)
        with self.db.unit_of_work() as uow:
            return contract.ReportViewSchema().dump(
                moderation.resolve_report(uow, self.caller(), report_id, data)
            )

    # search (C4, C5)
    @rpc(expected_exceptions=EXPECTED)
    def search_gigs(self, criteria, searcher=None):
        """`searcher`: who searches, as the gateway knows them (the signed-in user's id,
        else the client's address); only then does the search count for autocomplete."""
        criteria = load(SEARCH, criteria)
        searcher = contract.client_address(searcher)
        reply = search.find_gigs(self.db, self.answers, criteria, search_reply)
        search.note_search(self.db, self.answers, criteria, reply["results"], searcher)
        return reply

    @rpc(expected_exceptions=EXPECTED)
    def suggestions(self, query):
        query = load(SUGGESTIONS_QUERY, query)
        return search.find_suggestions(self.db, self.answers, query)

    @rpc(expected_exceptions=EXPECTED)
    def remove_suggestion(self, phrase):
        """C4: an admin removes a suggestion; it is never suggested again."""
        phrase = load(contract.SuggestionRemovalSchema(), {"phrase": phrase})["phrase"]
        with self.db.unit_of_work() as uow:
            return search.remove_suggestion(uow, self.caller(), phrase)
