"""The catalog's repositories, one module per aggregate, gathered here as in every
service's `adapters.repository`; `CatalogUnitOfWork` puts one of each on the unit of work."""

from catalog.adapters.accounts import Accounts
from catalog.adapters.favourites import Favourites
from catalog.adapters.gig_search import GigSearch
from catalog.adapters.gigs import Gigs
from catalog.adapters.reports import Reports
from catalog.adapters.seller_figures import SellerFigures
from catalog.adapters.suggestions import Suggestions

__all__ = [
    "Accounts",
    "Favourites",
    "GigSearch",
    "Gigs",
    "Reports",
    "SellerFigures",
    "Suggestions",
]
