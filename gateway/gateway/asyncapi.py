"""The AsyncAPI 3 document of the bus, generated from the services' contracts.

Each service of the registry (config.yaml `SERVICES`) publishes its events on its
own topic exchange (`<service>.events`, Nameko's), with the event type as the
routing key; the payload of each is its contract's schema (`EVENTS`) plus the
envelope every event carries (`microtache.outbox.envelope`). The gateway serves
the document at `/asyncapi.json`, next to `/openapi.json`.

The contracts are found through the registry: `<package>.contract` of each
service, importing nothing else of it (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from microtache.config import services
from microtache.contract import Events
from microtache.envelopes import EVENT_VERSION

from gateway.openapi import validator_properties

ENVELOPE = {
    "type": "object",
    "required": ["event_id", "event_type", "occurred_at", "version"],
    "properties": {
        "event_id": {
            "type": "string",
            "format": "uuid",
            "description": "Unique per event: consumers handle each once",
        },
        "event_type": {"type": "string", "description": "The routing key"},
        "occurred_at": {
            "type": "string",
            "format": "date-time",
            "description": "On the platform clock (S4)",
        },
        "version": {"type": "integer", "const": EVENT_VERSION},
        "traceparent": {
            "type": "string",
            "description": "The W3C trace context of the work that published it, when traced",
        },
        "correlation_id": {
            "type": "string",
            "description": "The HTTP request that caused it (X-Request-Id), when one did",
        },
    },
}


def contracts(config: Mapping[str, Any]) -> dict[str, Events]:
    """Each service's `EVENTS`, by service name, from its contract module."""
    found = {}
    for name, path in services(config).items():
        package = path.split(".")[0]
        found[name] = importlib.import_module(f"{package}.contract").EVENTS
    return found


def document(contracts: Mapping[str, Events], version: str = "1.0.0") -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    # 3.1: apispec then writes JSON Schema (`type: [string, "null"]`), as AsyncAPI reads it
    spec = APISpec(
        title="Microtache bus", version=version, openapi_version="3.1.0", plugins=[plugin]
    )
    names: dict[type, str] = {}  # a schema class shared by contracts is named once
    plugin.converter.add_attribute_function(validator_properties)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for service, events in contracts.items():
        for event in events.values():
            schema_name = names.get(event.schema)
            if schema_name is None:
                owner = "shared" if event.schema.__module__.startswith("microtache") else service
                schema_name = names[event.schema] = f"{owner}.{event.schema.__name__}"
                spec.components.schema(schema_name, schema=event.schema)
            key = f"{service}.{event.name}"
            messages[key] = {
                "name": event.name,
                "title": event.name,
                "summary": event.summary,
                "contentType": "application/json",
                "payload": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Envelope"},
                        {"$ref": f"#/components/schemas/{schema_name}"},
                    ]
                },
            }
            channels[key] = {
                "address": event.name,
                "title": f"{event.name} ({service})",
                "messages": {event.name: {"$ref": f"#/components/messages/{key}"}},
                "bindings": {
                    "amqp": {
                        "is": "routingKey",
                        "exchange": {
                            "name": f"{service}.events",
                            "type": "topic",
                            "durable": True,
                            "autoDelete": False,
                            "vhost": "/",
                        },
                    }
                },
            }
            operations[f"{service}.publishes.{event.name}"] = {
                "action": "send",
                "summary": event.summary,
                "channel": {"$ref": f"#/channels/{key}"},
                "messages": [{"$ref": f"#/channels/{key}/messages/{event.name}"}],
            }
    schemas = spec.to_dict().get("components", {}).get("schemas", {})
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Microtache bus",
            "version": version,
            "description": (
                "The facts each service publishes on RabbitMQ. Every message is JSON: the "
                "envelope, then the payload its service's contract states; consumers ignore "
                'fields they do not know. The rule IDs in summaries, e.g. "(O9)", are '
                "defined in docs/rules.md of the repository."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "rabbitmq:5672",
                "protocol": "amqp",
                "protocolVersion": "0-9-1",
                "description": "AMQP_URI of the configuration",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": {"Envelope": ENVELOPE, **schemas}, "messages": messages},
    }
