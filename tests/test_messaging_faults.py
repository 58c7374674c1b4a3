"""Messaging through faults (issue 14), on the real broker, with small services.

* An RPC command whose caller gave up is never executed: the broker drops it
  when it expires in the queue, and a nested call expires with its caller.
* An event body that is not JSON is parked with its reason, and the consumer
  goes on with the next event.
* An event whose handler fails for an outage is retried for as long as the
  outage lasts, past the retry schedule, and never parked.
"""

import time
import uuid

import pytest
from kombu import Connection
from nameko.rpc import rpc
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.errors import ServiceUnavailable
from microtache.events import ERROR_HEADER, dead_letter_queue
from microtache.rpc import RpcProxy

from tests.support import eventually
from tests.test_messaging import (  # noqa: F401
    _assert,
    config,
    consumer_service,
    count_effects,
    dead_count,
    publish,
    queue_name,
    store_of,
)

executed = []


def target_service(name):
    class Target:
        @rpc
        def record(self, call_id):
            executed.append(call_id)
            return call_id

    Target.name = name
    return Target


def caller_service(name, target, timeout, method="record"):
    class Caller:
        proxy = RpcProxy(target, timeout=timeout)

        @rpc
        def ask(self, call_id):
            return getattr(self.proxy, method)(call_id)

    Caller.name = name
    return Caller


def down_but_declared(container_factory, config, service):
    """The service's queue exists (it ran once) but nothing consumes it: a crashed pod."""
    container = container_factory(service, config)
    container.start()
    container.stop()


def test_an_rpc_command_that_outlived_its_caller_is_never_executed(container_factory, config):
    target = f"target_{uuid.uuid4().hex[:6]}"
    down_but_declared(container_factory, config, target_service(target))
    caller = caller_service(f"caller_{uuid.uuid4().hex[:6]}", target, timeout=0.5)
    container_factory(caller, config).start()

    expired, waited = uuid.uuid4().hex, uuid.uuid4().hex
    with ClusterRpcProxy(config, timeout=10) as cluster:
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable):
            cluster[caller.name].ask(expired)  # told 503 after 0.5 s...
        assert time.monotonic() - started < 2
        time.sleep(0.3)
        container_factory(target_service(target), config).start()  # ...then the service is back
        assert cluster[caller.name].ask(waited) == waited
    time.sleep(0.5)
    assert waited in executed
    assert expired not in executed, "a command ran after its caller had been told 503"


def test_a_nested_call_expires_with_its_callers_caller(container_factory, config):
    """The gateway waits 1 s for orders, which waits up to 10 s for payments: the
    charge must not happen after the gateway answered 503."""
    target = f"target_{uuid.uuid4().hex[:6]}"
    down_but_declared(container_factory, config, target_service(target))
    middle = caller_service(f"middle_{uuid.uuid4().hex[:6]}", target, timeout=10)
    outer = caller_service(f"outer_{uuid.uuid4().hex[:6]}", middle.name, timeout=1.0, method="ask")
    for service in (middle, outer):
        container_factory(service, config).start()

    call_id = uuid.uuid4().hex
    with ClusterRpcProxy(config, timeout=15) as cluster:
        reply = cluster[outer.name].ask.call_async(call_id)
        with pytest.raises(ServiceUnavailable):
            reply.result()
    time.sleep(0.5)  # past the outer deadline
    container_factory(target_service(target), config).start()
    time.sleep(1.0)
    assert call_id not in executed, "the nested command outlived the first caller's deadline"


def publish_raw(config, source, body):
    with Connection(config["AMQP_URI"]) as connection:
        producer = connection.Producer()
        producer.publish(
            body,
            exchange=get_event_exchange(source, config),
            routing_key="thing_happened",
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
        )


def parked_messages(config, queue):
    with Connection(config["AMQP_URI"]) as connection:
        dead = dead_letter_queue(queue)(connection.default_channel)
        messages = []
        while (message := dead.get(no_ack=False)) is not None:
            body = message.body
            messages.append(
                (body.decode() if isinstance(body, bytes) else body, dict(message.headers))
            )
            message.requeue()
            break
        return messages


def test_an_undecodable_event_is_parked_with_its_reason(container_factory, config, publish):
    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, lambda event: None)
    container = container_factory(service, config)
    container.start()
    name = queue_name(service, source)

    publish_raw(config, source, b'{"event_id": "not json at all')
    eventually(lambda: _assert(dead_count(config, name) == 1))
    [(body, headers)] = parked_messages(config, name)
    assert body == '{"event_id": "not json at all'  # kept as it came
    assert "undecodable" in headers[ERROR_HEADER]

    publish(source, "after")  # the consumer goes on
    eventually(lambda: _assert(count_effects(store_of(container)) == 1))


def test_an_event_failing_for_an_outage_is_retried_until_the_outage_ends(
    container_factory, config, publish
):
    """The test schedule is two retries (0.2 s, 0.5 s); the outage lasts six attempts."""
    attempts = []

    def fails_while_down(event):
        attempts.append(time.monotonic())
        if len(attempts) <= 6:
            raise ServiceUnavailable("The payments database is not answering.")

    source = f"src{uuid.uuid4().hex[:6]}"
    service = consumer_service(source, fails_while_down)
    container = container_factory(service, config)
    container.start()
    publish(source, "during an outage")
    eventually(lambda: _assert(count_effects(store_of(container)) == 1), timeout=20)
    assert len(attempts) == 7
    assert dead_count(config, queue_name(service, source)) == 0
