"""Messages between the buyer and the seller on the order page (O14)."""

from microtache.errors import Forbidden
from microtache.pagination import position_cursor, position_of

from orders.domain.messages import Message
from orders.domain.orders import BUYER, SELLER
from orders.service_layer.changes import actor_of, load_order


def post_message(uow, caller, order_id, text):
    order = load_order(uow, order_id)
    actor = actor_of(order, caller)
    if actor not in (BUYER, SELLER):
        raise Forbidden("Only the buyer and the seller write on the order (O14).")
    message = Message(
        order_id=order.id,
        sender_id=caller["id"],
        sender_role=actor,
        text=text,
        created_at=uow.now(),
    )
    uow.orders.add(message)
    uow.publish(
        "order_message_posted",
        {
            "order_id": order.id,
            "message_id": message.id,
            "sender_id": caller["id"],
            "recipient_id": order.seller_id if actor == BUYER else order.buyer_id,
        },
    )
    return message


def list_messages(uow, caller, order_id, query):
    order = load_order(uow, order_id)
    actor_of(order, caller)
    after = position_of(query["cursor"])
    found = uow.orders.messages(order.id, query["limit"] + 1, after)
    page = found[: query["limit"]]
    return {
        "results": page,
        "next_cursor": position_cursor(page[-1].created_at, page[-1].id)
        if len(found) > len(page)
        else None,
    }
