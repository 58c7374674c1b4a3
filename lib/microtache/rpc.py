"""RPC between services, always with a timeout.

Nameko 2.14's `RpcProxy` waits for a reply forever; `RpcProxy` here gives up
after `RPC_TIMEOUT` seconds (or the `timeout` given) and raises
`ServiceUnavailable`, which the gateway answers with 503.
"""
import eventlet
from nameko import rpc as nameko_rpc
from nameko.exceptions import UnknownService

from microtache.config import setting
from microtache.errors import ServiceUnavailable
from microtache import replies, shutdown  # noqa: F401  (patch Nameko: see each)


class _TimedMethodProxy(nameko_rpc.MethodProxy):
    timeout = None

    def __call__(self, *args, **kwargs):
        try:
            reply = self._call(*args, **kwargs)
        except UnknownService:
            raise ServiceUnavailable(f"The {self.service_name} service is not running.")
        try:
            with eventlet.Timeout(self.timeout):
                return reply.result()
        except eventlet.Timeout:
            self._forget(reply)
            raise ServiceUnavailable(
                f"The {self.service_name} service did not answer in time.",
                {"service": self.service_name, "method": self.method_name,
                 "timeout_seconds": self.timeout})


    def _forget(self, reply):
        """Drop the slot kept for a reply that will never be read (Nameko keeps it)."""
        pending = self.reply_listener._reply_events
        for correlation_id, event in list(pending.items()):
            if event is reply.reply_event:
                pending.pop(correlation_id, None)


class _TimedServiceProxy(nameko_rpc.ServiceProxy):
    def __init__(self, worker_ctx, service_name, reply_listener, timeout, **options):
        super().__init__(worker_ctx, service_name, reply_listener, **options)
        self.timeout = timeout

    def __getattr__(self, name):
        proxy = _TimedMethodProxy(self.worker_ctx, self.service_name, name,
                                  self.reply_listener, **self.options)
        proxy.timeout = self.timeout
        return proxy


class RpcProxy(nameko_rpc.RpcProxy):
    def __init__(self, target_service, timeout=None, **options):
        super().__init__(target_service, **options)
        self.timeout = timeout

    def get_dependency(self, worker_ctx):
        timeout = self.timeout or float(setting(self.container.config, "RPC_TIMEOUT"))
        return _TimedServiceProxy(worker_ctx, self.target_service, self.rpc_reply_listener,
                                  timeout, **self.options)
