"""In-memory stand-ins for orders' unit of work (cosmicpython's FakeUnitOfWork): the
service layer runs against them in milliseconds, publishing through the contract."""

from orders.contract import EVENTS


class FakeOrders:
    """`uow.orders` over dicts: orders and messages by id."""

    def __init__(self):
        self.orders, self.messages_by_id = {}, {}

    def add(self, item):
        store = self.orders if hasattr(item, "timeline") else self.messages_by_id
        store[item.id] = item

    def get(self, order_id, lock=False):
        return self.orders.get(order_id)

    def message(self, order_id, message_id):
        found = self.messages_by_id.get(message_id)
        return found if found is not None and found.order_id == order_id else None

    def messages(self, order_id, limit=50, after=None):
        found = sorted(
            (m for m in self.messages_by_id.values() if m.order_id == order_id),
            key=lambda m: (m.created_at, m.id),
        )
        return found[:limit]


class FakeUnitOfWork:
    def __init__(self, now):
        self.orders = FakeOrders()
        self.published = []
        self.clock_now = now
        self.undo = []

    def now(self):
        return self.clock_now

    def on_rollback(self, undo):
        self.undo.append(undo)

    def publish(self, event_type, payload):
        message = {"event_type": event_type, **EVENTS.dump(event_type, payload)}
        self.published.append(message)
        return message

    def types(self):
        return [message["event_type"] for message in self.published]
