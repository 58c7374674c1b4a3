"""Health, readiness, the API's description, and the admin's operations tools."""

from microtache import deadletters
from microtache.errors import ServiceUnavailable
from microtache.service import load

from gateway import openapi
from gateway.http import route
from scheduler import contract as scheduler_contract

SERVICES = ("catalog", "requests", "orders", "reviews", "payments", "scheduler", "inbox")
PROBE_TIMEOUT = 2.0


class OperationsRoutes:
    """Liveness, readiness, OpenAPI, the movable clock (S4), the scheduler's view and the
    dead letters (the broker work is microtache.deadletters'; queue names are checked
    against the registry's handler queues there: any other is a 404)."""

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
        """This gateway's own broker connection (microtache.metrics): no new one per call;
        the services' pings below go through the broker too."""
        return self.metrics.broker_problem() or "ok"

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
        "POST",
        "/v1/admin/clock/reset",
        admin=True,
        response=scheduler_contract.ClockSchema,
        summary="Reset the clock to the system's time (S4; not in production; deadlines "
        "already fired stay fired)",
        tags=["admin"],
    )
    def reset_clock(self, request, caller):
        return self.scheduler.reset_clock()

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

    # dead letters (docs/operations.md, "Dead letters")
    @route(
        "GET",
        "/v1/admin/dead-letters",
        admin=True,
        response=deadletters.DeadLettersSchema,
        summary="Parked events: each non-empty dead-letter queue, and its messages",
        tags=["admin"],
    )
    def dead_letters(self, request, caller):
        return deadletters.list_messages(self.config)

    @route(
        "GET",
        "/v1/admin/dead-letters/<queue>/<id>",
        admin=True,
        response=deadletters.ParkedMessageSchema,
        summary="One parked event: its error, attempts, headers and body (it stays parked)",
        tags=["admin"],
    )
    def dead_letter(self, request, caller, queue, id):
        return deadletters.show(self.config, queue, id)

    @route(
        "POST",
        "/v1/admin/dead-letters/<queue>/<id>/replay",
        admin=True,
        response=deadletters.ReplayedSchema,
        summary="Put one parked event back into its handler's queue, attempts reset",
        tags=["admin"],
    )
    def replay_dead_letter(self, request, caller, queue, id):
        return deadletters.replay_one(self.config, queue, id)

    @route(
        "POST",
        # not …/dead-letters/<queue>/replay: that is also the address of a message "replay"
        "/v1/admin/dead-letter-queues/<queue>/replay",
        admin=True,
        response=deadletters.ReplayedSchema,
        summary="Put every parked event of a handler's queue back to work",
        tags=["admin"],
    )
    def replay_dead_letters(self, request, caller, queue):
        return deadletters.replay_queue(self.config, queue)

    @route(
        "DELETE",
        "/v1/admin/dead-letters/<queue>/<id>",
        admin=True,
        query=deadletters.DiscardQuerySchema,
        response=deadletters.DiscardedSchema,
        summary="Discard one parked event for good (logged with who and why)",
        tags=["admin"],
    )
    def discard_dead_letter(self, request, caller, queue, id, query):
        reason = load(deadletters.DiscardQuerySchema(), query)["reason"]
        who = f"{caller['username']} ({caller['id']})"
        return deadletters.discard(self.config, queue, id, who, reason)
