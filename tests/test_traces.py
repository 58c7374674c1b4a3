"""One trace per request across the gateway, the RPCs and the events (issue 20;
microtache.tracing), seen through an in-memory exporter."""

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.support import eventually, gig_body


@pytest.fixture(scope="module")
def spans():
    """This process's spans (the system runs in it): a provider of the test's own, on
    which the kit's tracer starts recording (off until then, as without an endpoint)."""
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()


def test_an_order_placement_is_one_trace_from_the_gateway_to_payments(api, unique, spans):
    seller, buyer = api.sign_up(unique("seller")), api.sign_up(unique("buyer"))
    gig = api.post("/v1/gigs", as_=seller, json=gig_body()).json()
    card = api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"})
    spans.clear()

    placed = api.post(
        "/v1/orders",
        as_=buyer,
        json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card.json()["id"]},
    )
    assert placed.status_code == 201, placed.text

    # a span ends once its worker is done, a moment after the answer left
    route = eventually(lambda: finished(spans, "http gateway.place_order"))
    placing = eventually(lambda: finished(spans, "rpc orders.place_order"))
    paying = eventually(lambda: finished(spans, "rpc payments.pay_for_order"))
    trace_id = route.context.trace_id
    assert placing.context.trace_id == paying.context.trace_id == trace_id
    assert placing.parent.span_id == route.context.span_id  # the gateway called orders
    assert paying.parent.span_id == placing.context.span_id  # orders called payments
    assert route.kind == trace.SpanKind.SERVER
    assert route.attributes["microtache.request_id"] == placed.headers["X-Request-Id"]

    # the events the placement caused continue the same trace, through the outbox
    notified = eventually(lambda: finished(spans, "event inbox.notify_orders_order_placed"))
    assert notified.context.trace_id == trace_id
    assert notified.kind == trace.SpanKind.CONSUMER


def test_a_refusal_is_an_outcome_not_an_error_span(api, unique, spans):
    spans.clear()
    refused = api.post("/v1/orders", as_=api.sign_up(unique("buyer")), json={"gig_id": "x"})
    assert refused.status_code == 400
    route = eventually(lambda: finished(spans, "http gateway.place_order"))
    assert route.status.status_code != trace.StatusCode.ERROR
    assert route.attributes["microtache.error"] == "InvalidInput"


def finished(spans, name):
    """The last finished span of that name."""
    found = [s for s in spans.get_finished_spans() if s.name == name]
    assert found, f"no span {name}: {[s.name for s in spans.get_finished_spans()]}"
    return found[-1]
