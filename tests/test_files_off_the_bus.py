"""No RPC or event carries file bytes (issue 17): a delivery's file goes to storage, and
what crosses RabbitMQ while it is uploaded, delivered and downloaded is small and holds
none of its bytes. A tap queue bound to the RPC exchange and to every service's event
exchange sees each message of the system meanwhile."""

import base64
import os

from kombu import Connection, Queue, binding
from nameko.rpc import get_rpc_exchange
from nameko.standalone.events import get_event_exchange

from tests.support import SERVICES
from tests.test_orders import Market

MB = 1024**2
MESSAGE_BOUND = 64 * 1024  # the largest message a file's journey may cause


def tap(system):
    bindings = [binding(get_rpc_exchange(system), routing_key="#")]
    bindings += [binding(get_event_exchange(name, system), routing_key="#") for name in SERVICES]
    return Queue(f"tap-{os.urandom(6).hex()}", bindings=bindings, auto_delete=True)


def test_o3_a_delivered_file_never_travels_in_a_message(api, unique, system):
    market = Market(api, unique, system)
    order = market.started()
    data = os.urandom(3 * MB)  # random: any 64-byte slice of it in a message is its bytes
    bodies = []
    with Connection(system["AMQP_URI"]) as connection:
        queue = tap(system)(connection.default_channel)
        queue.declare()
        try:
            upload = market.file("report.pdf", data)
            delivered = market.post(
                order, "/deliveries", market.seller, 201, message="Here", files=[upload]
            )
            delivery = delivered["delivery"]
            url = f"/v1/orders/{order['id']}/deliveries/{delivery['id']}/files/report.pdf"
            assert api.get(url, as_=market.buyer).content == data
            while (message := queue.get(no_ack=True)) is not None:
                body = message.body
                bodies.append(body if isinstance(body, bytes) else body.encode())
        finally:
            queue.delete()
    assert len(bodies) > 5, "the tap saw the RPCs and events of the delivery"
    assert max(len(body) for body in bodies) < MESSAGE_BOUND
    offsets = range(0, len(data) - 48, 48 * 4099)  # multiples of 3: base64 aligns there
    samples = [data[i : i + 48] for i in offsets]
    samples += [base64.b64encode(sample) for sample in samples]
    assert not any(sample in body for body in bodies for sample in samples)
