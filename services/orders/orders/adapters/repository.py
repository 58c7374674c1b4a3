"""Reading and writing orders."""
from orders.domain.orders import Order


class Orders:
    def __init__(self, session):
        self.session = session

    def add(self, order):
        self.session.add(order)

    def get(self, order_id):
        return self.session.get(Order, order_id)
