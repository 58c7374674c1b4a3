"""RPC replies published without waiting for the broker's confirm.

Nameko 2.14 publishes every RPC reply with a publisher confirm: one more broker
round trip, and about 15% of each service's CPU on the order path
(docs/performance.md). The confirm buys nothing for a reply: it goes to the
caller's own exclusive, non-durable reply queue, which a broker failure loses
anyway, and the caller then gives up after `RPC_TIMEOUT` (`microtache.rpc`). So
replies go unconfirmed; requests keep theirs (with `mandatory`, a confirm is how
a caller learns at once that no service consumes the queue).

Imported with `microtache.shutdown` and `microtache.broker_faults` by every service
and the gateway.
"""

from nameko import rpc as nameko_rpc
from nameko.amqp.publish import Publisher


class UnconfirmedPublisher(Publisher):
    use_confirms = False


nameko_rpc.Responder.publisher_cls = UnconfirmedPublisher
