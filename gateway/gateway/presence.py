"""Who is online (C5's "online now", C6's "last seen"), from the gateway's traffic.

Each signed-in request marks its user as seen; at most once a minute per user
and process (`PRESENCE_EVERY_SECONDS`), the gateway publishes `user_seen` on
`gateway.events`, which the catalog turns into `last_seen_at`. Presence is a hint,
not a fact worth an outbox: an event lost with a broker hiccup is made good by the next request.
"""

import logging
import time

from nameko.amqp.publish import Publisher
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider

from microtache.clock import utcnow
from microtache.config import setting
from microtache.envelopes import envelope
from microtache.errors import Unauthenticated

log = logging.getLogger(__name__)

EVENT = "user_seen"


class Presence(DependencyProvider):
    """Publishes `user_seen` for the caller of each request (throttled)."""

    def setup(self):
        config = self.container.config
        self.exchange = get_event_exchange(self.container.service_name, config)
        # one attempt, no retries: a request never waits on a hint while the broker is away
        self.publisher = Publisher(
            config["AMQP_URI"], use_confirms=False, retry=False, declare=[self.exchange]
        )
        self.every = float(setting(config, "PRESENCE_EVERY_SECONDS"))
        self.last_sent = {}  # user id -> monotonic time of the last event

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        """After the request: a token refused (no such account) marks nobody online."""
        caller = worker_ctx.kwargs.get("caller")
        if not caller or (exc_info is not None and isinstance(exc_info[1], Unauthenticated)):
            return
        now = time.monotonic()
        if now - self.last_sent.get(caller["id"], -self.every) < self.every:
            return
        self.last_sent[caller["id"]] = now
        if len(self.last_sent) > 100_000:  # a bounded memory of who was seen
            self.last_sent.clear()
        # beside the request, not in its way: a broker that is away never delays it
        self.container.spawn_managed_thread(
            lambda: self._publish(caller["id"]), identifier="presence"
        )

    def _publish(self, user_id):
        try:  # the catalog stamps the time itself, on the platform clock
            self.publisher.publish(
                envelope(EVENT, {"user_id": user_id}, utcnow()),
                exchange=self.exchange,
                routing_key=EVENT,
            )
        except Exception as exc:  # presence never fails a request
            log.warning("could not publish user_seen: %s", exc)
