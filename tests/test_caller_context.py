"""The caller travels in Nameko's context data, not as an argument (A2).

On the real broker, with small services: the caller a standalone proxy (or the
gateway) sets is what a service reads, a nested call carries it on, a call that
carries none is a 401, and a malformed one a 400.
"""

import uuid

import pytest
from nameko.rpc import rpc
from nameko.standalone.rpc import ServiceRpcProxy

from microtache.caller import Caller, caller_context
from microtache.errors import EXPECTED, InvalidInput, Unauthenticated
from microtache.rpc import RpcProxy

from tests.test_messaging import config  # noqa: F401

BUYER = {"id": "u-1", "username": "bea", "role": "user"}


def services():
    inner_name, outer_name = f"inner_{uuid.uuid4().hex[:6]}", f"outer_{uuid.uuid4().hex[:6]}"

    class Inner:
        name = inner_name
        caller = Caller()

        @rpc(expected_exceptions=EXPECTED)
        def whoami(self):
            return self.caller()

        @rpc(expected_exceptions=EXPECTED)
        def maybe(self):
            return self.caller.optional()

    class Outer:
        name = outer_name
        caller = Caller()
        inner = RpcProxy(inner_name)

        @rpc(expected_exceptions=EXPECTED)
        def relay(self):
            return self.inner.whoami()

        @rpc(expected_exceptions=EXPECTED)
        def relay_as(self, other):
            self.caller.become(other)
            return self.inner.whoami()

    return Inner, Outer


@pytest.fixture
def pair(container_factory, config):  # noqa: F811
    inner, outer = services()
    for cls in (inner, outer):
        container_factory(cls, config).start()
    return inner.name, outer.name


def test_A2_a_service_reads_the_caller_the_call_carries(pair, config):  # noqa: F811
    inner, _ = pair
    with ServiceRpcProxy(inner, config, context_data=caller_context(BUYER)) as proxy:
        assert proxy.whoami() == BUYER
        assert proxy.maybe() == BUYER


def test_A2_a_nested_call_carries_the_caller_on(pair, config):  # noqa: F811
    _, outer = pair
    with ServiceRpcProxy(outer, config, context_data=caller_context(BUYER)) as proxy:
        assert proxy.relay() == BUYER
        admin = {"id": "a-1", "username": "root", "role": "admin"}
        assert proxy.relay_as(admin) == admin


def test_A2_a_call_without_a_caller_is_unauthenticated(pair, config):  # noqa: F811
    inner, _ = pair
    with ServiceRpcProxy(inner, config) as proxy:
        assert proxy.maybe() is None
        with pytest.raises(Unauthenticated):
            proxy.whoami()


def test_A2_a_malformed_caller_is_invalid_input(pair, config):  # noqa: F811
    inner, _ = pair
    with ServiceRpcProxy(inner, config, context_data={"caller": {"id": ""}}) as proxy:
        with pytest.raises(InvalidInput):
            proxy.whoami()
