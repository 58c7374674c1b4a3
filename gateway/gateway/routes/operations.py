"""Health, readiness, the API's description, and the admin's operations tools."""

from kombu import Connection

from microtache.errors import ServiceUnavailable

from gateway import openapi
from gateway.http import route
from scheduler import contract as scheduler_contract

SERVICES = ("catalog", "requests", "orders", "reviews", "payments", "scheduler", "inbox")
PROBE_TIMEOUT = 2.0


class OperationsRoutes:
    """Liveness, readiness, OpenAPI, the movable clock (S4) and the scheduler's view."""

    # operations
    @route("GET", "/health", public=True, summary="Liveness: the gateway runs", tags=["operations"])
    def health(self, request):
        return {"status": "ok"}

    @route(
        "GET",
        "/ready",
        public=True,
        tags=["operations"],
        summary="Readiness: the broker and every service's database answer",
    )
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

    @route(
        "GET",
        "/openapi.json",
        public=True,
        summary="This API's OpenAPI 3 description",
        tags=["operations"],
    )
    def openapi_json(self, request):
        return openapi.document(type(self))

    # the clock (S4)
    @route(
        "POST",
        "/v1/admin/clock/advance",
        admin=True,
        body=scheduler_contract.AdvanceClockSchema,
        response=scheduler_contract.ClockSchema,
        summary="Move the clock forward (S4; not in production)",
        tags=["admin"],
    )
    def advance_clock(self, request, caller, body):
        return self.fast_forward.advance_clock(body)

    @route(
        "GET",
        "/v1/admin/deadlines",
        admin=True,
        query=scheduler_contract.PendingQuerySchema,
        summary="Pending deadlines by key prefix, soonest first (S1)",
        tags=["admin"],
    )
    def pending_deadlines(self, request, caller, query):
        return {"deadlines": self.scheduler.pending_deadlines(query)}

    @route(
        "GET",
        "/v1/admin/scheduler/metrics",
        admin=True,
        tags=["admin"],
        summary="How late deadlines fire (p50, p99, max), pending and overdue counts",
    )
    def scheduler_metrics(self, request, caller):
        return self.scheduler.firing_metrics()
