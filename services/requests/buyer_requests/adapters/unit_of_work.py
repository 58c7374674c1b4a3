"""The requests service's unit of work: one transaction, its repositories as attributes."""

from microtache.database import UnitOfWork

from buyer_requests.adapters.repository import Quotes, Requests, Sellers


class RequestsUnitOfWork(UnitOfWork):
    """`uow.requests` (buyer requests and their offers), `uow.quotes` (quote requests and
    custom offers), `uow.sellers` (what we know of sellers)."""

    def __init__(self, session, tables, clock, service_name, events=None):
        super().__init__(session, tables, clock, service_name, events)
        self.requests = Requests(session)
        self.quotes = Quotes(session)
        self.sellers = Sellers(session)
