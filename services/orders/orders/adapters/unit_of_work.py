"""Orders' unit of work: one transaction, with the repository as an attribute."""

from microtache.database import UnitOfWork

from orders.adapters.repository import Orders


class OrdersUnitOfWork(UnitOfWork):
    """`uow.orders`: orders, their placements, gig copies and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = Orders(self.session)
