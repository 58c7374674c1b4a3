"""Categories, gigs, search, profiles, favourites and reports (C1-C10)."""

from microtache.errors import Unauthenticated

from catalog import contract as catalog_schemas
from gateway import auth
from gateway.http import client_address, route


class CatalogRoutes:
    """C1-C10."""

    # catalog and search (C1-C5)
    @route("GET", "/v1/categories", public=True, summary="The category tree (C3)", tags=["catalog"])
    def categories(self, request):
        return {"categories": self.catalog.list_categories()}

    @route(
        "POST",
        "/v1/gigs",
        body=catalog_schemas.GigCreateSchema,
        status=201,
        response=catalog_schemas.GigSchema,
        summary="Publish a gig (C1, C2)",
        tags=["catalog"],
    )
    def create_gig(self, request, caller, body):
        return self.catalog.create_gig(body)

    @route(
        "GET",
        "/v1/gigs/<gig_id>",
        public=True,
        response=catalog_schemas.GigSchema,
        summary="A gig",
        tags=["catalog"],
    )
    def get_gig(self, request, gig_id):
        return self.catalog.get_gig(gig_id)

    @route(
        "GET",
        "/v1/me/gigs",
        query=catalog_schemas.OwnGigsQuerySchema,
        response=catalog_schemas.OwnGigPageSchema,
        summary="My gigs, paused ones too (archived when `status=archived` asks), newest first",
        tags=["catalog"],
    )
    def own_gigs(self, request, caller, query):
        return self.catalog.list_own_gigs(query)

    @route(
        "GET",
        "/v1/gigs/<gig_id>/gallery/<upload_id>",
        public=True,
        status=302,
        summary="A file of a gig's gallery (C1): a redirect to a short-lived link to its bytes",
        tags=["catalog"],
    )
    def gig_gallery_file(self, request, gig_id, upload_id):
        return self.send_file(self.catalog.gallery_file(gig_id, upload_id))

    @route(
        "GET",
        "/v1/gigs/<gig_id>/gallery/<upload_id>/thumbnail",
        public=True,
        status=302,
        summary="A gallery image's thumbnail (C1), once made: a redirect to its bytes",
        tags=["catalog"],
    )
    def gig_gallery_thumbnail(self, request, gig_id, upload_id):
        return self.send_file(self.catalog.gallery_file(gig_id, upload_id, thumbnail=True))

    @route(
        "PATCH",
        "/v1/gigs/<gig_id>",
        body=catalog_schemas.GigUpdateSchema,
        response=catalog_schemas.GigSchema,
        tags=["catalog"],
        summary="Change my gig, or pause and resume it (C1, C2)",
    )
    def update_gig(self, request, caller, gig_id, body):
        return self.catalog.update_gig(gig_id, body)

    @route(
        "DELETE",
        "/v1/gigs/<gig_id>",
        response=catalog_schemas.GigSchema,
        tags=["catalog"],
        summary="Archive my gig (final)",
    )
    def archive_gig(self, request, caller, gig_id):
        return self.catalog.archive_gig(gig_id)

    @route(
        "GET",
        "/v1/search/suggestions",
        public=True,
        query=catalog_schemas.SuggestionsQuerySchema,
        tags=["catalog"],
        summary="Autocomplete: common search terms with their category (C4)",
    )
    def suggestions(self, request, query):
        return self.catalog.suggestions(query)

    @route(
        "DELETE",
        "/v1/admin/suggestions/<phrase>",
        admin=True,
        tags=["admin"],
        summary="Remove an autocomplete suggestion for good (C4)",
    )
    def remove_suggestion(self, request, caller, phrase):
        return self.catalog.remove_suggestion(phrase)

    @route(
        "GET",
        "/v1/sellers/<username>",
        public=True,
        response=catalog_schemas.SellerProfileSchema,
        tags=["catalog"],
        summary="A seller's profile with gigs, level, rating, online now and vacation (C5, C6)",
    )
    def seller_profile(self, request, username):
        return self.catalog.get_seller_profile(username)

    @route(
        "GET",
        "/v1/me/favourites",
        query=catalog_schemas.FavouritesQuerySchema,
        tags=["catalog"],
        summary="My favourite gigs (C8)",
    )
    def favourites(self, request, caller, query):
        return self.catalog.list_favourites(query)

    @route(
        "PUT",
        "/v1/me/favourites/<gig_id>",
        status=204,
        tags=["catalog"],
        summary="Keep a gig as a favourite (C8)",
    )
    def add_favourite(self, request, caller, gig_id):
        self.catalog.add_favourite(gig_id)

    @route(
        "DELETE",
        "/v1/me/favourites/<gig_id>",
        status=204,
        tags=["catalog"],
        summary="Forget a favourite (C8)",
    )
    def remove_favourite(self, request, caller, gig_id):
        self.catalog.remove_favourite(gig_id)

    @route(
        "POST",
        "/v1/gigs/<gig_id>/reports",
        body=catalog_schemas.ReportSchema,
        status=201,
        tags=["catalog"],
        summary="Report a gig to moderation (C9)",
    )
    def report_gig(self, request, caller, gig_id, body):
        return self.catalog.report_gig(gig_id, body)

    @route(
        "GET",
        "/v1/admin/reports",
        admin=True,
        query=catalog_schemas.ReportsQuerySchema,
        tags=["admin"],
        summary="The moderation queue (C9)",
    )
    def reports(self, request, caller, query):
        return self.catalog.list_reports(query)

    @route(
        "POST",
        "/v1/admin/reports/<report_id>/resolve",
        admin=True,
        body=catalog_schemas.ReportResolutionSchema,
        tags=["admin"],
        summary="Dismiss a report, or remove the gig (C9)",
    )
    def resolve_report(self, request, caller, report_id, body):
        return self.catalog.resolve_report(report_id, body)

    @route(
        "GET",
        "/v1/search/gigs",
        public=True,
        query=catalog_schemas.SearchSchema,
        summary="Search gigs by text and filters (C4, C5)",
        tags=["catalog"],
    )
    def search_gigs(self, request, query):
        """Who searches counts for suggestions (C4): the signed-in user (a valid token),
        else the client's address."""
        try:
            searcher = auth.caller_from(request, self.config)["id"]
        except Unauthenticated:
            searcher = client_address(request, self.config)
        return self.catalog.search_gigs(query, searcher=searcher)
