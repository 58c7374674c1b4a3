"""What the handlers share: the order's facts as orders answers them to the caller,
keyset cursors, and a unit of work tried again when a concurrent insert won a race."""

import logging

from sqlalchemy.exc import IntegrityError

from microtache.pagination import position_cursor

from orders.contract import OrderFacts as OrderFactsReply
from reviews.domain.orders import OrderFacts

log = logging.getLogger(__name__)


def facts_of(reply):
    """An order as orders replies it (`order_facts`, or the order page `accept_delivery`
    answers), read through orders' contract: the fields reviews needs, the rest ignored."""
    return OrderFacts.from_contract(OrderFactsReply().load(reply))


def fetch_order(orders, order_id):
    """The order's facts as orders answers them to the caller the call carries (NotFound
    for someone who is neither party nor an admin, A2)."""
    return facts_of(orders.order_facts(order_id))


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
    return shown, (position_cursor(at(shown[-1]), shown[-1].id) if more else None)
