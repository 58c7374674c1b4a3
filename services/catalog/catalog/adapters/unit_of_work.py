"""The catalog's unit of work: one transaction, with a repository per aggregate on it."""

from microtache.database import UnitOfWork

from catalog.adapters.repository import (
    Accounts,
    Favourites,
    Gigs,
    GigSearch,
    Reports,
    SellerFigures,
    Suggestions,
)
from catalog.adapters.versions import CatalogVersions


class CatalogUnitOfWork(UnitOfWork):
    """`uow.accounts` (A1), `uow.gigs` (C1, C2), `uow.search` (C5), `uow.suggestions`
    (C4), `uow.sellers` (the figures of seller levels, C7), `uow.favourites` (C8),
    `uow.reports` (C9); `uow.versions`, the counters the search cache follows (C4, C5)."""

    def __init__(self, session, tables, clock, service_name, events=None):
        super().__init__(session, tables, clock, service_name, events)
        self.versions = CatalogVersions(session)
        self.accounts = Accounts(session)
        self.suggestions = Suggestions(session, self.versions)
        self.gigs = Gigs(session, self.suggestions, self.versions)
        self.search = GigSearch(session)
        self.sellers = SellerFigures(session)
        self.favourites = Favourites(session)
        self.reports = Reports(session)
