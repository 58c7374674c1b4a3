"""The catalog's unit of work: one transaction, with the catalog's repository on it."""

from microtache.database import UnitOfWork

from catalog.adapters.repository import Catalog


class CatalogUnitOfWork(UnitOfWork):
    """`uow.catalog`: accounts, gigs, search, levels, favourites, reports, suggestions."""

    def __init__(self, session, tables, clock, service_name, events=None):
        super().__init__(session, tables, clock, service_name, events)
        self.catalog = Catalog(session)
