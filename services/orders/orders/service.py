"""The orders service: orders from placement to completion or cancellation (O1-O15)."""
from microtache.database import Database
from microtache.service import ServiceProbes

from orders.adapters.orm import metadata


class OrdersService(ServiceProbes):
    name = "orders"

    db = Database(metadata, "orders.migrations")
