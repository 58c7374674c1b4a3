"""Other services' events, as conversations need them: who is who (catalog's
`user_signed_up`), who ordered from whom (orders' `order_placed`, `offer_ordered`, M1),
and the quote requests and custom offers that appear in the pair's conversation (M2:
requests' `quote_requested`, `custom_offer_sent`, `custom_offer_declined`). Each runs
in `Store.handle_once`: once per event, whatever the broker redelivers.

Requests decided those facts (Q1-Q3): they are shown, not judged again here, so a
quote request reaches the seller's conversation even when the pair had not written."""

from inbox.contract.conversations import (
    KIND_CUSTOM_OFFER,
    KIND_CUSTOM_OFFER_DECLINED,
    KIND_QUOTE_REQUEST,
)
from inbox.domain.conversations import Conversation
from inbox.service_layer.conversations import post_in


def user_signed_up(uow, event):
    uow.conversations.remember_user(event["user_id"], event["username"])


def order_placed(uow, event):
    """M1: the buyer ordered from the seller: the seller may write to them."""
    uow.conversations.record_order(event["buyer_id"], event["seller_id"], event["order_id"])


def _fact(uow, sender_id, recipient_id, kind, reference_id, text):
    conversation = uow.conversations.between(sender_id, recipient_id, lock=True)
    if conversation is None:
        conversation = Conversation.between(sender_id, recipient_id, uow.now())
    return post_in(uow, conversation, sender_id, text, kind=kind, reference_id=reference_id)


def _money(money):
    return f"{money.amount / 100:,.2f} {money.currency}"


def quote_requested(uow, event):
    """Q1 in M2: the buyer's quote request, from the buyer to the seller."""
    return _fact(
        uow,
        event["buyer_id"],
        event["seller_id"],
        KIND_QUOTE_REQUEST,
        event["quote_request_id"],
        f"Quote request: {event['category']} / {event['subcategory']}",
    )


def custom_offer_sent(uow, event):
    """Q2 in M2: the seller's custom offer answering it, from the seller to the buyer."""
    return _fact(
        uow,
        event["seller_id"],
        event["buyer_id"],
        KIND_CUSTOM_OFFER,
        event["custom_offer_id"],
        f"Custom offer: {_money(event['price'])}, delivered in {event['delivery_days']} days",
    )


def custom_offer_declined(uow, event):
    """Q2 in M2: the buyer declined the custom offer."""
    return _fact(
        uow,
        event["buyer_id"],
        event["seller_id"],
        KIND_CUSTOM_OFFER_DECLINED,
        event["custom_offer_id"],
        "Custom offer declined",
    )
