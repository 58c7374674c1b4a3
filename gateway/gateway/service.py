"""The HTTP gateway: authenticates, validates, and calls the services over RPC.

Each route is one line of work: the `@route` entrypoint (gateway/http.py) has
already checked the token and loaded the body with the owning service's schema.
The routes live in `gateway/routes/`, one module per domain; this class gathers
them and declares the RPC proxies they call.
"""

from nameko.dependency_providers import Config

from microtache.caller import Caller
from microtache.files import Files
from microtache.logs import RequestLog
from microtache.metrics import Metrics
from microtache.rpc import RpcProxy

from gateway.auth import KnownCallers
from gateway.live import Live
from gateway.presence import Presence
from gateway.routes.accounts import AccountRoutes
from gateway.routes.balances import BalanceRoutes
from gateway.routes.bus import BusRoutes
from gateway.routes.catalog import CatalogRoutes
from gateway.routes.conversations import ConversationRoutes
from gateway.routes.live import LiveRoutes
from gateway.routes.metrics import MetricsRoutes
from gateway.routes.notifications import NotificationRoutes
from gateway.routes.operations import PROBE_TIMEOUT, OperationsRoutes
from gateway.routes.orders import OrderRoutes
from gateway.routes.requests import RequestRoutes
from gateway.routes.reviews import ReviewRoutes
from gateway.routes.uploads import USES, UploadRoutes
from gateway.routes.web import WebRoutes


class GatewayService(
    OperationsRoutes,
    MetricsRoutes,
    BusRoutes,
    AccountRoutes,
    CatalogRoutes,
    RequestRoutes,
    OrderRoutes,
    ReviewRoutes,
    BalanceRoutes,
    UploadRoutes,
    ConversationRoutes,
    NotificationRoutes,
    LiveRoutes,
    WebRoutes,
):
    name = "gateway"

    config = Config()
    request_log = RequestLog()  # X-Request-Id, on every line of work it causes (microtache.logs)
    metrics = Metrics()  # Prometheus: every route timed, by status; GET /metrics, METRICS_PORT
    caller = Caller()  # the checked caller rides in every call's context (A2)
    known_callers = KnownCallers()  # tokens of accounts that no longer exist are refused
    accounts = RpcProxy("catalog")  # ...asked here, remembered 30 s (gateway/auth.py)
    files = Files(USES)  # uploads: declared here, bytes straight to storage (API.md)
    live = Live()  # the open live streams of this process (gateway/live.py)
    presence = Presence()  # signed-in traffic marks its user online (C5, C6)
    catalog = RpcProxy("catalog")
    requests = RpcProxy("requests")
    orders = RpcProxy("orders")
    reviews = RpcProxy("reviews")
    payments = RpcProxy("payments")
    scheduler = RpcProxy("scheduler")
    inbox = RpcProxy("inbox")
    fast_forward = RpcProxy("scheduler", timeout=600)  # waits for the whole system to settle
    # readiness probes answer fast or not at all
    probe_catalog = RpcProxy("catalog", timeout=PROBE_TIMEOUT)
    probe_requests = RpcProxy("requests", timeout=PROBE_TIMEOUT)
    probe_orders = RpcProxy("orders", timeout=PROBE_TIMEOUT)
    probe_reviews = RpcProxy("reviews", timeout=PROBE_TIMEOUT)
    probe_payments = RpcProxy("payments", timeout=PROBE_TIMEOUT)
    probe_scheduler = RpcProxy("scheduler", timeout=PROBE_TIMEOUT)
    probe_inbox = RpcProxy("inbox", timeout=PROBE_TIMEOUT)
