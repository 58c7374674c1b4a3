"""The requests service: quote requests and custom offers (Q1-Q3), buyer requests and
sellers' offers (R1-R7). The package is `buyer_requests`; the service is `requests`."""
from microtache.database import Database
from microtache.service import ServiceProbes

from buyer_requests.adapters.orm import metadata


class RequestsService(ServiceProbes):
    name = "requests"

    db = Database(metadata, "buyer_requests.migrations")
