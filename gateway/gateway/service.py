"""The HTTP gateway: authenticates, validates, and calls the services over RPC.

Each route is one line of work: the `@route` entrypoint (gateway/http.py) has
already checked the token and loaded the body with the owning service's schema.
"""
import uuid

from kombu import Connection
from nameko.dependency_providers import Config

from microtache.errors import ServiceUnavailable
from microtache.rpc import RpcProxy

from catalog import schemas as catalog_schemas
from payments import schemas as payments_schemas
from scheduler import schemas as scheduler_schemas
from gateway import auth, openapi
from gateway import schemas
from gateway.http import json_response, route

SERVICES = ("catalog", "requests", "orders", "reviews", "payments", "scheduler")
PROBE_TIMEOUT = 2.0


class GatewayService:
    name = "gateway"

    config = Config()
    catalog = RpcProxy("catalog")
    payments = RpcProxy("payments")
    scheduler = RpcProxy("scheduler")
    fast_forward = RpcProxy("scheduler", timeout=600)   # waits for the whole system to settle
    # readiness probes answer fast or not at all
    probe_catalog = RpcProxy("catalog", timeout=PROBE_TIMEOUT)
    probe_requests = RpcProxy("requests", timeout=PROBE_TIMEOUT)
    probe_orders = RpcProxy("orders", timeout=PROBE_TIMEOUT)
    probe_reviews = RpcProxy("reviews", timeout=PROBE_TIMEOUT)
    probe_payments = RpcProxy("payments", timeout=PROBE_TIMEOUT)
    probe_scheduler = RpcProxy("scheduler", timeout=PROBE_TIMEOUT)

    # operations
    @route("GET", "/health", public=True, summary="Liveness: the gateway runs", tags=["operations"])
    def health(self, request):
        return {"status": "ok"}

    @route("GET", "/ready", public=True, tags=["operations"],
           summary="Readiness: the broker and every service's database answer")
    def ready(self, request):
        checks = {"broker": self._broker_answers()}
        for service in SERVICES:
            checks[service] = self._service_answers(service)
        ready = all(value == "ok" for value in checks.values())
        return (200 if ready else 503), {"ready": ready, "checks": checks}

    def _broker_answers(self):
        try:
            with Connection(self.config["AMQP_URI"], connect_timeout=PROBE_TIMEOUT) as conn:
                conn.ensure_connection(max_retries=1)
            return "ok"
        except Exception as exc:
            return f"unreachable: {exc.__class__.__name__}"

    def _service_answers(self, service):
        try:
            getattr(self, f"probe_{service}").ping()
            return "ok"
        except ServiceUnavailable as exc:
            return exc.message
        except Exception as exc:
            return f"failing: {exc.__class__.__name__}"

    @route("GET", "/openapi.json", public=True, summary="This API's OpenAPI 3 description",
           tags=["operations"])
    def openapi_json(self, request):
        return openapi.document(GatewayService)

    @route("GET", "/docs", public=True, summary="A browsable page of the API", tags=["operations"])
    def docs(self, request):
        return openapi.docs_page()

    # accounts (A1, A2)
    @route("POST", "/v1/auth/signup", public=True, body=catalog_schemas.SignUpSchema, status=201,
           response=catalog_schemas.AccountSchema, summary="Create an account", tags=["accounts"])
    def sign_up(self, request, body):
        return self.catalog.sign_up(body)

    @route("POST", "/v1/auth/token", public=True, body=catalog_schemas.SignInSchema,
           response=schemas.TokenSchema, summary="Sign in, get an access token", tags=["accounts"])
    def sign_in(self, request, body):
        return auth.issue_token(self.catalog.authenticate(body), self.config)

    @route("GET", "/v1/me", response=catalog_schemas.AccountSchema,
           summary="My account and seller profile", tags=["accounts"])
    def me(self, request, caller):
        return self.catalog.get_account(caller)

    @route("PATCH", "/v1/me", body=catalog_schemas.ProfileUpdateSchema,
           response=catalog_schemas.AccountSchema, summary="Update my profile", tags=["accounts"])
    def update_me(self, request, caller, body):
        return self.catalog.update_profile(caller, body)

    # catalog and search (C1-C5)
    @route("GET", "/v1/categories", public=True, summary="The category tree (C3)", tags=["catalog"])
    def categories(self, request):
        return {"categories": self.catalog.list_categories()}

    @route("POST", "/v1/gigs", body=catalog_schemas.GigCreateSchema, status=201,
           response=catalog_schemas.GigSchema, summary="Publish a gig (C1, C2)", tags=["catalog"])
    def create_gig(self, request, caller, body):
        return self.catalog.create_gig(caller, body)

    @route("GET", "/v1/gigs/<gig_id>", public=True, response=catalog_schemas.GigSchema,
           summary="A gig", tags=["catalog"])
    def get_gig(self, request, gig_id):
        return self.catalog.get_gig(gig_id)

    @route("PATCH", "/v1/gigs/<gig_id>", body=catalog_schemas.GigUpdateSchema,
           response=catalog_schemas.GigSchema, tags=["catalog"],
           summary="Change my gig, or pause and resume it (C1, C2)")
    def update_gig(self, request, caller, gig_id, body):
        return self.catalog.update_gig(caller, gig_id, body)

    @route("DELETE", "/v1/gigs/<gig_id>", response=catalog_schemas.GigSchema, tags=["catalog"],
           summary="Archive my gig (final)")
    def archive_gig(self, request, caller, gig_id):
        return self.catalog.archive_gig(caller, gig_id)

    @route("GET", "/v1/search/suggestions", public=True,
           query=catalog_schemas.SuggestionsQuerySchema, tags=["catalog"],
           summary="Autocomplete: common search terms with their category (C4)")
    def suggestions(self, request, query):
        return self.catalog.suggestions(query)

    @route("GET", "/v1/sellers/<username>", public=True, tags=["catalog"],
           summary="A seller's profile with gigs, level and rating (C6)")
    def seller_profile(self, request, username):
        return self.catalog.get_seller_profile(username)

    @route("GET", "/v1/me/favourites", query=catalog_schemas.FavouritesQuerySchema,
           tags=["catalog"], summary="My favourite gigs (C8)")
    def favourites(self, request, caller, query):
        return self.catalog.list_favourites(caller, query)

    @route("PUT", "/v1/me/favourites/<gig_id>", status=204, tags=["catalog"],
           summary="Keep a gig as a favourite (C8)")
    def add_favourite(self, request, caller, gig_id):
        self.catalog.add_favourite(caller, gig_id)

    @route("DELETE", "/v1/me/favourites/<gig_id>", status=204, tags=["catalog"],
           summary="Forget a favourite (C8)")
    def remove_favourite(self, request, caller, gig_id):
        self.catalog.remove_favourite(caller, gig_id)

    @route("POST", "/v1/gigs/<gig_id>/reports", body=catalog_schemas.ReportSchema, status=201,
           tags=["catalog"], summary="Report a gig to moderation (C9)")
    def report_gig(self, request, caller, gig_id, body):
        return self.catalog.report_gig(caller, gig_id, body)

    @route("GET", "/v1/admin/reports", admin=True, query=catalog_schemas.ReportsQuerySchema,
           tags=["admin"], summary="The moderation queue (C9)")
    def reports(self, request, caller, query):
        return self.catalog.list_reports(caller, query)

    @route("POST", "/v1/admin/reports/<report_id>/resolve", admin=True,
           body=catalog_schemas.ReportResolutionSchema, tags=["admin"],
           summary="Dismiss a report, or remove the gig (C9)")
    def resolve_report(self, request, caller, report_id, body):
        return self.catalog.resolve_report(caller, report_id, body)

    @route("GET", "/v1/search/gigs", public=True, query=catalog_schemas.SearchSchema,
           summary="Search gigs by text and filters (C4, C5)", tags=["catalog"])
    def search_gigs(self, request, query):
        return self.catalog.search_gigs(query)

    # balances (P1-P7)
    @route("GET", "/v1/me/balance", summary="My balances (buyer and seller)", tags=["balances"])
    def balance(self, request, caller):
        return self.payments.get_balance(caller)

    @route("GET", "/v1/me/transactions", query=payments_schemas.TransactionsQuerySchema,
           response=payments_schemas.TransactionPageSchema, tags=["balances"],
           summary="Ledger lines that touch my accounts, newest first, with their cause (P7)")
    def transactions(self, request, caller, query):
        return self.payments.transactions(caller, query)

    @route("POST", "/v1/me/payment-methods", body=payments_schemas.AddPaymentMethodSchema,
           status=201, response=payments_schemas.PaymentMethodSchema, tags=["balances"],
           summary="Add a card (sandbox: 4242424242424242 succeeds, 4000000000000002 is declined)")
    def add_payment_method(self, request, caller, body):
        return self.payments.add_payment_method(caller, body)

    @route("POST", "/v1/me/withdrawals", body=schemas.WithdrawalRequestSchema, status=201,
           response=payments_schemas.WithdrawalReceiptSchema, tags=["balances"],
           summary="Withdraw available earnings (P6); `Idempotency-Key` makes a retry safe")
    def withdraw(self, request, caller, body):
        request_id = request.headers.get("Idempotency-Key") or str(uuid.uuid4())
        return self.payments.withdraw(caller, {**body, "request_id": request_id[:60]})

    @route("GET", "/v1/admin/ledger/check", admin=True, summary="Ledger invariants (P1)",
           tags=["admin"])
    def ledger_check(self, request, caller):
        return self.payments.check_ledger()

    # the clock (S4)
    @route("POST", "/v1/admin/clock/advance", admin=True, body=schemas.ClockAdvanceSchema,
           response=schemas.ClockSchema, summary="Move the clock forward (S4; not in production)",
           tags=["admin"])
    def advance_clock(self, request, caller, body):
        return self.fast_forward.advance_clock(body["seconds"])

    @route("GET", "/v1/admin/deadlines", admin=True, query=scheduler_schemas.PendingQuerySchema,
           summary="Pending deadlines by key prefix, soonest first (S1)", tags=["admin"])
    def pending_deadlines(self, request, caller, query):
        return {"deadlines": self.scheduler.pending_deadlines(query)}

    @route("GET", "/v1/admin/scheduler/metrics", admin=True, tags=["admin"],
           summary="How late deadlines fire (p50, p99, max), pending and overdue counts")
    def scheduler_metrics(self, request, caller):
        return self.scheduler.firing_metrics()

