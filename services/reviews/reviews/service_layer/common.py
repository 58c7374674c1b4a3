"""What the handlers share: the order as orders shows it to the caller, keyset cursors,
and a unit of work tried again when a concurrent insert won a race."""
import logging

from sqlalchemy.exc import IntegrityError

from microtache.pagination import position_cursor

from reviews.domain.orders import OrderFacts

log = logging.getLogger(__name__)


def fetch_order(orders, caller, order_id):
    """The order page orders answers this caller (NotFound for someone who is neither
    party nor an admin, A2), as OrderFacts."""
    return OrderFacts.from_page(orders.get_order(caller, order_id))


def in_unit_of_work(store, work, attempts=3):
    """`work(uow)` in a unit of work; again if the commit lost a race on a unique key
    (a window or rating row two workers created at once): the retry sees the winner's."""
    for attempt in range(1, attempts + 1):
        try:
            with store.unit_of_work() as uow:
                return work(uow)
        except IntegrityError:
            if attempt == attempts:
                raise
            log.info("unique key race, attempt %d of %d", attempt, attempts)


def page(found, limit, at):
    """`found` holds up to limit + 1 items: the page and the cursor of what follows."""
    shown = found[:limit]
    more = len(found) > limit
    return shown, (position_cursor(at(shown[-1]), shown[-1].id)
                   if more else None)
