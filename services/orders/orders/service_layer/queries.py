"""Reading orders: a page, a list, the facts another service needs, a delivered file
(O3, O13-O15). Only the buyer, the seller or an admin sees an order (A2)."""

from datetime import UTC

from microtache.errors import NotFound, RuleViolation
from microtache.pagination import position_cursor, position_of

from orders.contract.statuses import BUYER_LISTS, UPDATES
from orders.domain.orders import BUYER, SELLER
from orders.service_layer.changes import actor_of, load_order
from orders.service_layer.views import facts, present, summary


def get_order(uow, caller, order_id):
    order = load_order(uow, order_id)
    return present(order, actor_of(order, caller), uow.now())


def order_facts(uow, caller, order_id):
    """`OrderFacts` for the buyer, the seller or an admin; 404 for anyone else."""
    order = load_order(uow, order_id)
    actor_of(order, caller)
    return facts(order)


def check_list(query):
    """O13: which lists there are depends on `role`: OpenAPI lists every name, so 422
    for a seller's list asked as a buyer (N2's `updates` included: the seller's)."""
    role, name = query["role"], query["filter"]
    if role == BUYER and name and name not in BUYER_LISTS:
        raise RuleViolation(
            "The request is not valid.", {"filter": [f"A buyer's lists: {', '.join(BUYER_LISTS)}."]}
        )


def asks_updates(query):
    """N2, O13: the seller's `updates` list, whose orders the inbox names."""
    return query["role"] == SELLER and query["filter"] == UPDATES


def list_orders(uow, caller, query, updated=()):
    """A party's orders of a list (O13), newest first, a page of `limit` after `cursor`.
    For `updates` (N2), `updated` holds the ids of the orders the caller has unread
    notifications about (the inbox's `orders_with_updates`): the seller's among them."""
    check_list(query)
    role, name, limit = query["role"], query["filter"], query["limit"]
    after = position_of(query["cursor"])
    if asks_updates(query):
        found = _updated(uow, caller["id"], updated, limit + 1, after)
    else:
        found = uow.orders.list(caller["id"], role, name, limit + 1, after)
    page = found[:limit]
    return {
        "results": [summary(order, role) for order in page],
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id)
        if len(found) > limit
        else None,
    }


def _updated(uow, seller_id, order_ids, limit, after):
    """The seller's orders of `order_ids` (others' and unknown ids are left out), newest
    first like every list, `limit` of them after `after` = (created_at, id)."""
    found = [uow.orders.get(order_id) for order_id in dict.fromkeys(order_ids)]
    mine = [order for order in found if order is not None and order.seller_id == seller_id]
    if after is not None:  # a cursor is ours, but its time may come without a zone
        at = after[0] if after[0].tzinfo else after[0].replace(tzinfo=UTC)
        mine = [order for order in mine if (order.created_at, order.id) < (at, str(after[1]))]
    return sorted(mine, key=lambda order: (order.created_at, order.id), reverse=True)[:limit]


def delivered_file(uow, caller, order_id, delivery_id, name):
    """A delivered file as kept (its storage key included: the gateway sends its bytes),
    for the buyer, the seller or an admin; a draft's only for its seller (O3, A2)."""
    order = load_order(uow, order_id)
    actor = actor_of(order, caller)
    delivery = next(
        (d for d in order.deliveries if d.id == delivery_id and (not d.draft or actor == SELLER)),
        None,
    )
    stored = next((f for f in (delivery.files if delivery else []) if f["name"] == name), None)
    if stored is None:
        raise NotFound("No such file in this delivery.", {"delivery_id": delivery_id, "name": name})
    return stored
