"""Messages between the buyer and the seller on the order page (O14)."""

from microtache.errors import Forbidden, NotFound
from microtache.pagination import position_cursor, position_of

from orders.contract.uploads import MESSAGE_ATTACHMENT
from orders.domain.messages import Message
from orders.domain.orders import BUYER, SELLER
from orders.service_layer.changes import actor_of, load_order


def post_message(uow, uploads, caller, order_id, data):
    """O14: the buyer or the seller writes; the files they uploaded are checked, then
    taken for the message (given back if it is not kept)."""
    order = load_order(uow, order_id)
    actor = actor_of(order, caller)
    if actor not in (BUYER, SELLER):
        raise Forbidden("Only the buyer and the seller write on the order (O14).")
    checked = uploads.check_all(data["files"], caller["id"], MESSAGE_ATTACHMENT)
    message = Message(
        order_id=order.id,
        sender_id=caller["id"],
        sender_role=actor,
        text=data["text"],
        created_at=uow.now(),
    )
    message.files = uploads.claim_all(
        [upload.id for upload in checked],
        caller["id"],
        MESSAGE_ATTACHMENT,
        f"orders/messages/{message.id}",
        uow.on_rollback,
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


def message_file(uow, caller, order_id, message_id, upload_id):
    """A file of a message, as kept (its storage key: the gateway sends its bytes), for
    the buyer, the seller or an admin (O14, A2)."""
    order = load_order(uow, order_id)
    actor_of(order, caller)
    message = uow.orders.message(order.id, message_id)
    kept = next(
        (f for f in (message.files if message else []) if f["upload_id"] == upload_id), None
    )
    if kept is None:
        raise NotFound("No such file on this message.", {"message_id": message_id})
    return kept
