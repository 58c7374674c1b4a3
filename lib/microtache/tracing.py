"""Traces (OpenTelemetry): one trace per HTTP request, across the gateway, the RPCs it
makes and the events they cause (issue 20).

Each worker's work is a span: `http gateway.place_order` (server), `rpc
orders.place_order` (server), `event inbox.notify_orders_order_placed` (consumer). The
W3C `traceparent` of the running span rides where the request id does
(`microtache.logs`): in Nameko's context data, so every RPC carries it; in an event's
envelope, which the outbox relay turns back into a header. A worker whose call or event
carries one continues that trace; otherwise (a timer, an event from before) it starts
its own.

Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set (OpenTelemetry's own variable, with
`OTEL_EXPORTER_OTLP_HEADERS` and the rest): then each process exports its spans over
OTLP/HTTP, in batches, named after its service. Off, a span costs next to nothing (the
API's no-op tracer). Tests install a provider of their own (an in-memory exporter).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from opentelemetry import context, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from microtache.errors import MicrotacheError

CONTEXT_KEY = "traceparent"  # Nameko context data, and an event envelope's key
ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"

log = logging.getLogger(__name__)
propagator = TraceContextTextMapPropagator()
tracer = trace.get_tracer("microtache")  # follows whichever provider is installed, even later
_current = threading.local()  # green under eventlet: the worker's span and context token
_configured = False


def configure(service_name: str) -> bool:
    """Export this process's spans over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` says
    where; once per process. True when tracing is on."""
    global _configured
    if _configured or not os.environ.get(ENDPOINT):
        return _configured
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True
    log.info("traces go to %s", os.environ[ENDPOINT])
    return True


def current_traceparent() -> str | None:
    """The `traceparent` of the span under way here, if one is recording."""
    span = trace.get_current_span()
    if not span.get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    propagator.inject(carrier)
    return carrier.get(CONTEXT_KEY)


def start(worker_ctx: Any, kind_name: str) -> None:
    """The worker's span, child of the trace its call or event carries; its traceparent
    goes into the worker's context data, for the calls it makes."""
    parent = worker_ctx.data.get(CONTEXT_KEY)
    parent_context = propagator.extract({CONTEXT_KEY: parent}) if parent else None
    kind = {"event": SpanKind.CONSUMER, "timer": SpanKind.INTERNAL}.get(kind_name, SpanKind.SERVER)
    name = f"{kind_name} {worker_ctx.service_name}.{worker_ctx.entrypoint.method_name}"
    span = tracer.start_span(name, context=parent_context, kind=kind)
    span.set_attribute("microtache.service", worker_ctx.service_name)
    request_id = worker_ctx.data.get("request_id")
    if request_id:
        span.set_attribute("microtache.request_id", request_id)
    _current.span = span
    _current.token = context.attach(trace.set_span_in_context(span))
    traceparent = current_traceparent()
    if traceparent:
        worker_ctx.data[CONTEXT_KEY] = traceparent


def finish(exc_info: Any = None) -> None:
    """Ends the worker's span: an error when the worker failed unexpectedly (a refusal
    the caller is answered, a 4xx, is an outcome, noted as `microtache.error`)."""
    span = getattr(_current, "span", None)
    if span is None:
        return
    if exc_info is not None:
        error = exc_info[1]
        span.set_attribute("microtache.error", exc_info[0].__name__)
        if not (isinstance(error, MicrotacheError) and error.status < 500):
            span.set_status(Status(StatusCode.ERROR, exc_info[0].__name__))
            span.record_exception(error)
    span.end()
    context.detach(_current.token)
    _current.span = _current.token = None
