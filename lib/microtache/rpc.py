"""RPC between services, always with a deadline.

Nameko 2.14's `RpcProxy` waits for a reply forever; `RpcProxy` here gives up
after `RPC_TIMEOUT` seconds (or the `timeout` given) and raises
`ServiceUnavailable`, which the gateway answers with 503. Sending the request
counts against the same time: a broker that does not answer is a 503 too,
never a 500 and never later than the timeout.

And a command does not outlive its caller. Each request carries its deadline:
as an AMQP expiration (the broker drops it, unexecuted, if it is still queued
then, e.g. while the service is down), and in the `rpc_deadline` header, which
Nameko passes on to the calls the service makes in turn, so that a nested call
(orders asking payments to charge) expires with the caller's caller, not
later. The header holds seconds since the epoch (the pods' clocks agree to
NTP's precision); the expiration is relative, so the broker needs no clock.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import eventlet
from nameko import rpc as nameko_rpc
from nameko.exceptions import UnknownService

from microtache import broker_faults, replies, shutdown  # noqa: F401  (patch Nameko: see each)
from microtache.config import setting
from microtache.errors import ServiceUnavailable
from microtache.outages import is_broker_outage

if TYPE_CHECKING:
    from nameko.containers import WorkerContext

DEADLINE = "rpc_deadline"


class _TimedMethodProxy(nameko_rpc.MethodProxy):
    timeout: float  # seconds; set by the service proxy that makes it
    deadline: float | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.deadline = self._deadline()
        remaining = self.deadline - time.time()
        if remaining <= 0:
            raise self._unavailable("no time was left to ask it")
        self.publisher.expiration = remaining  # seconds; kombu sends milliseconds
        reply = None
        try:
            with eventlet.Timeout(remaining):
                reply = self._call(*args, **kwargs)
                return reply.result()
        except UnknownService:
            raise self._unavailable("it is not running") from None
        except eventlet.Timeout:
            if reply is not None:
                self._forget(reply)
            raise self._unavailable("it did not answer in time") from None
        except Exception as exc:
            if reply is None and is_broker_outage(exc):
                raise self._unavailable("the broker is not answering") from exc
            raise

    def _deadline(self) -> float:
        """Now plus this proxy's timeout, or sooner if the caller's own caller waits
        less (only an RPC worker has a caller waiting: an event handler has none)."""
        deadline = time.time() + self.timeout
        if isinstance(self.worker_ctx.entrypoint, nameko_rpc.Rpc):
            inherited = self.worker_ctx.context_data.get(DEADLINE)
            if isinstance(inherited, (int, float)):
                deadline = min(deadline, inherited)
        return deadline

    def get_message_headers(self, worker_ctx: WorkerContext) -> dict[str, Any]:
        headers = super().get_message_headers(worker_ctx)
        headers[self._get_header_name(DEADLINE)] = self.deadline
        return headers

    def _unavailable(self, why: str) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"The {self.service_name} service is unavailable: {why}.",
            {
                "service": self.service_name,
                "method": self.method_name,
                "timeout_seconds": self.timeout,
            },
        )

    def _forget(self, reply: nameko_rpc.RpcReply) -> None:
        """Drop the slot kept for a reply that will never be read (Nameko keeps it)."""
        pending = self.reply_listener._reply_events
        for correlation_id, event in list(pending.items()):
            if event is reply.reply_event:
                pending.pop(correlation_id, None)


class _TimedServiceProxy(nameko_rpc.ServiceProxy):
    def __init__(
        self,
        worker_ctx: WorkerContext,
        service_name: str,
        reply_listener: nameko_rpc.ReplyListener,
        timeout: float,
        **options: Any,
    ) -> None:
        super().__init__(worker_ctx, service_name, reply_listener, **options)
        self.timeout = timeout

    def __getattr__(self, name: str) -> _TimedMethodProxy:
        proxy = _TimedMethodProxy(
            self.worker_ctx, self.service_name, name, self.reply_listener, **self.options
        )
        proxy.timeout = self.timeout
        return proxy


class RpcProxy(nameko_rpc.RpcProxy):
    def __init__(self, target_service: str, timeout: float | None = None, **options: Any) -> None:
        super().__init__(target_service, **options)
        self.timeout = timeout

    def get_dependency(self, worker_ctx: WorkerContext) -> _TimedServiceProxy:
        timeout = self.timeout or float(setting(self.container.config, "RPC_TIMEOUT"))
        return _TimedServiceProxy(
            worker_ctx, self.target_service, self.rpc_reply_listener, timeout, **self.options
        )
