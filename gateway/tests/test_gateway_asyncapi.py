"""The AsyncAPI 3 document of the bus (issue 16): generated from the contracts, whole,
and consistent with what the services really publish."""

import re

import pytest

from microtache.contract import Contract

from gateway import asyncapi

from tests.support import REGISTRY


@pytest.fixture(scope="module")
def contracts():
    return asyncapi.contracts(REGISTRY)


@pytest.fixture(scope="module")
def document(contracts):
    return asyncapi.document(contracts)


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document, ref):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_service_of_the_registry_has_a_contract_with_events(contracts):
    assert set(contracts) == set(REGISTRY["SERVICES"])
    for service, events in contracts.items():
        assert events.own, f"{service} declares no event"
        for event in events.values():
            assert issubclass(event.schema, Contract), f"{service} {event.name}: tolerant?"
            assert event.summary, f"{service} {event.name} has no summary"


def test_every_event_of_every_contract_is_a_channel_on_its_services_exchange(contracts, document):
    assert document["asyncapi"] == "3.0.0"
    for service, events in contracts.items():
        for name in events:
            channel = document["channels"][f"{service}.{name}"]
            assert channel["address"] == name
            assert channel["bindings"]["amqp"]["exchange"]["name"] == f"{service}.events"
            operation = document["operations"][f"{service}.publishes.{name}"]
            assert operation["action"] == "send"


def test_every_reference_resolves(document):
    for ref in set(refs(document)):
        assert ref.startswith("#/"), ref
        resolve(document, ref)


def test_a_messages_payload_is_the_envelope_and_its_contracts_fields(contracts, document):
    for service, events in contracts.items():
        for name, event in events.items():
            message = document["components"]["messages"][f"{service}.{name}"]
            envelope, payload = (
                resolve(document, part["$ref"]) for part in message["payload"]["allOf"]
            )
            assert "event_id" in envelope["required"]
            declared = {
                field.data_key or key
                for key, field in event.schema().fields.items()
                if not field.load_only
            }
            assert set(payload.get("properties", {})) == declared, f"{service} {name}"


def test_the_document_names_no_schema_twice(document):
    names = list(document["components"]["schemas"])
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", name) for name in names)
