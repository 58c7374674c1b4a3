"""docs/messaging.md lists every RPC method, event and subscription of the code."""

import pathlib
import re

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc

from microtache.cli import service_class
from microtache.events import event_subscriptions

from tests.support import SERVICES

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUE = (ROOT / "docs" / "messaging.md").read_text()


def section(service):
    match = re.search(rf"^## [^\n]*\b{service}\b.*?(?=^## |\Z)", CATALOGUE, re.S | re.M)
    assert match, f"docs/messaging.md has no section for {service}"
    return match.group(0)


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_rpc_method_is_in_the_catalogue(service):
    cls = service_class(SERVICES[service])
    methods = [
        name
        for name in dir(cls)
        if any(
            isinstance(e, Rpc) for e in getattr(getattr(cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ())
        )
    ]
    documented = section(service) + section("every service")
    missing = [m for m in methods if f"`{m}`" not in documented]
    assert not missing, f"{service}: document {missing} in docs/messaging.md"


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_published_event_and_subscription_is_in_the_catalogue(service):
    package = SERVICES[service].split(".")[0]
    source = "\n".join(p.read_text() for p in (ROOT / "services").glob(f"*/{package}/**/*.py"))
    published = set(re.findall(r"""\.publish\(\s*["']([a-z_]+)["']""", source))
    missing = [e for e in published if f"`{e}`" not in section(service)]
    assert not missing, f"{service} publishes {missing}: document them in docs/messaging.md"
    for sources, event_type, _method in event_subscriptions(service_class(SERVICES[service])):
        for source in sources:
            documented = section(source) + section("every service")
            assert f"`{event_type}`" in documented, f"{source} {event_type}: not documented"
