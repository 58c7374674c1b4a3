"""docs/messaging.md is checked against the contracts (issue 16): each service's section
lists exactly the events its contract declares, and every RPC its class exposes."""

import re
from pathlib import Path

import pytest
from nameko.rpc import Rpc

from microtache.cli import service_class
from microtache.contract import SHARED_EVENTS

from gateway import asyncapi

from tests.support import REGISTRY, SERVICES

DOC = Path(__file__).resolve().parent.parent / "docs" / "messaging.md"
SHARED = {event.name for event in SHARED_EVENTS}
# the scheduler's rows for deadlines other services asked for: their types are the owners'
FIRED_DEADLINE = re.compile(r"\(a deadline \w+ asked for|the `event_type` of a deadline")


def sections():
    """{service: [(table header's first cell, first cells of its rows)]}."""
    found, service, header = {}, None, None
    for line in DOC.read_text().splitlines():
        heading = re.match(r"^## (\w+)", line)
        if heading:
            service, header = heading.group(1), None
            continue
        if service is None or not line.startswith("|"):
            header = None if not line.startswith("|") else header
            continue
        first = line.split("|")[1].strip()
        if header is None:
            header = first
            found.setdefault(service, []).append((header, []))
        elif not set(first) <= {"-", " "} and not FIRED_DEADLINE.search(line):
            found[service][-1][1].append(first)
    return found


def names(cells):
    return {name for cell in cells for name in re.findall(r"`([a-z_]+)`", cell)}


def listed(service, kind):
    return names(
        cell for header, cells in sections().get(service, []) if header == kind for cell in cells
    )


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_event_a_contract_declares_is_listed_under_its_service(service):
    events = asyncapi.contracts(REGISTRY)[service]
    declared = set(events.own) - SHARED
    documented = listed(service, "event") - SHARED
    assert declared - documented == set(), "declared, not in docs/messaging.md"
    assert documented - declared == set(), "in docs/messaging.md, declared by no contract"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_rpc_of_a_service_is_listed_under_it(service):
    cls = service_class(SERVICES[service])
    exposed = {
        name
        for name in dir(cls)
        if any(isinstance(e, Rpc) for e in getattr(getattr(cls, name), "nameko_entrypoints", ()))
    }
    documented = listed(service, "method") | listed("every", "method")
    assert exposed - documented == set(), "RPCs not in docs/messaging.md"
    assert listed(service, "method") - exposed == set(), "documented RPCs that do not exist"
