"""Reading orders: a page, a list, the facts another service needs, a delivered file
(O3, O13-O15). Only the buyer, the seller or an admin sees an order (A2)."""

from microtache.errors import NotFound, RuleViolation
from microtache.pagination import position_cursor, position_of

from orders.contract.statuses import BUYER_LISTS
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


def list_orders(uow, caller, query):
    role, name = query["role"], query["filter"]
    if role == BUYER and name and name not in BUYER_LISTS:
        # which lists there are depends on `role`: OpenAPI lists every name, so 422
        raise RuleViolation(
            "The request is not valid.", {"filter": [f"A buyer's lists: {', '.join(BUYER_LISTS)}."]}
        )
    limit = query["limit"]
    found = uow.orders.list(caller["id"], role, name, limit + 1, position_of(query["cursor"]))
    page = found[:limit]
    return {
        "results": [summary(order, role) for order in page],
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id)
        if len(found) > limit
        else None,
    }


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
