"""Placing an order (O1, P2): terms from the catalog or the offer, payment into escrow,
then the order; and the placements whose order never came, settled by a timer."""

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from microtache import metrics
from microtache.errors import Conflict, PaymentFailed

from buyer_requests.contract import OfferTerms
from catalog.contract import GigTerms
from orders.domain import placement as placing
from orders.domain.orders import BUYER
from orders.service_layer.views import present

STALE_PLACEMENT = timedelta(minutes=10)


def place_order(store, catalog, requests, payments, caller, data, key):
    """Terms from the catalog or the offer, payment into escrow, then the order.

    The placement (buyer, key) is written first: a retry with the same key, or a
    crash after paying, finds it and finishes the same order; the payment is
    idempotent on the order id, so the buyer pays once (P7). A refused payment
    forgets the placement and changes nothing.
    """
    request = {k: data.get(k) for k in ("gig_id", "package", "extras", "offer")}
    found, new = _placement(store, catalog, requests, caller, data, request, key)
    terms = placing.terms_from_dict(found.terms)
    try:
        payments.pay_for_order(
            {
                "order_id": found.order_id,
                "buyer_id": caller["id"],
                "seller_id": terms.seller_id,
                "price": terms.price.to_dict(),
                "payment_method_id": data.get("payment_method_id"),
            }
        )
    except PaymentFailed:
        with store.unit_of_work() as uow:
            stale = uow.orders.placement(caller["id"], key)
            if stale is not None and uow.orders.get(stale.order_id) is None:
                uow.orders.forget(stale)
        raise
    if new:  # this request wrote the placement: its order is not there yet, unless...
        try:
            with store.unit_of_work() as uow:
                order = create_order(uow, found, caller.get("username") or "", new=True)
                return present(order, BUYER, uow.now())
        except IntegrityError:  # ...a retry with the same key created it meanwhile
            pass
    with store.unit_of_work() as uow:
        order = create_order(uow, found, caller.get("username") or "")
        return present(order, BUYER, uow.now())


def create_order(uow, found, buyer_username, new=False):
    """The order of a paid placement (once: a second call finds it). `new`: the order is
    known not to exist (its INSERT would fail on the order's id if it did), so it is not
    looked up, and is written in a few INSERTs."""
    order = None if new else uow.orders.get(found.order_id, lock=True)
    if order is None:
        order = placing.place(found, buyer_username, uow.now())
        if new:
            uow.orders.insert_new(order)
        else:
            uow.orders.add(order)
        placed = {
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "seller_id": order.seller_id,
            "gig_id": order.gig_id,
            "source": {"kind": order.source_kind, "id": order.source_id},
            "price": order.price,
            "delivery_days": order.delivery_days,
            "placed_at": order.created_at,
        }
        uow.publish("order_placed", placed)
        metrics.on_commit(uow, metrics.ORDERS_PLACED.inc)
        if order.source_kind != "gig":  # only requests cares, and only for offers
            uow.publish("offer_ordered", placed)
    return order


def settle_stale_placements(store, payments, limit=50):
    """A placement whose order never came (the process died after paying, and the
    buyer did not retry): if payments holds its payment, the order is created, since
    the buyer paid for it; if not, the placement is forgotten. No money is left in
    escrow without an order (P2, P7). Returns (created, forgotten)."""
    with store.read_only() as uow:
        stale = uow.orders.stale_placements(uow.now() - STALE_PLACEMENT, limit)
        for placement in stale:
            uow.session.expunge(placement)
    created = forgotten = 0
    for placement in stale:
        paid = payments.order_payment(placement.order_id)
        with store.unit_of_work() as uow:
            if paid is not None:
                create_order(uow, placement, placement.buyer_username or "")
                created += 1
            else:
                found = uow.orders.placement(placement.buyer_id, placement.idempotency_key)
                if found is not None and uow.orders.get(found.order_id) is None:
                    uow.orders.forget(found)
                    forgotten += 1
    return created, forgotten


def _terms(catalog, requests, caller, data, gig=None):
    """The order's terms: the offer's (read through requests' contract), or the gig's
    (from the local copy, else the catalog's `get_gig`, read through its contract's
    `GigTerms`: fields a newer catalog adds are ignored)."""
    if data.get("offer"):
        offer = data["offer"]
        terms = placing.terms_from_offer(
            OfferTerms().load(requests.offer_terms(offer["kind"], offer["id"]))
        )
    else:
        if gig is None:
            gig = GigTerms().load(catalog.get_gig(data["gig_id"]))
        terms = placing.terms_from_gig(gig, data["package"], data.get("extras") or [])
    placing.check_buyer(terms, caller["id"])
    placing.check_price(terms)
    return terms


def _placement(store, catalog, requests, caller, data, request, key):
    """(the placement under this key, whether this call wrote it). A key seen before
    answers its placement (or a conflict, if it asked for another order); else the
    terms are taken, from the local copy of the gig when orders has one (one
    transaction: the key looked up, the gig read, the placement written), else from
    the catalog or the offer (asked outside any transaction)."""
    gig_id = None if data.get("offer") else data.get("gig_id")
    try:
        with store.unit_of_work() as uow:
            found = uow.orders.placement(caller["id"], key)
            if found is not None:
                return _same_request(found, request, key), False
            gig = uow.orders.gig_terms(gig_id) if gig_id else None
            if gig is not None:
                found = _new_placement(
                    uow, caller, request, key, _terms(None, None, caller, data, gig)
                )
                uow.orders.insert_new(found)
                return found, True
    except IntegrityError:
        return _written_meanwhile(store, caller, request, key), False
    terms = _terms(catalog, requests, caller, data)
    try:
        with store.unit_of_work() as uow:
            found = _new_placement(uow, caller, request, key, terms)
            uow.orders.insert_new(found)
        return found, True
    except IntegrityError:
        return _written_meanwhile(store, caller, request, key), False


def _same_request(found, request, key):
    if found.request != request:
        raise Conflict("This Idempotency-Key was used for another order.", {"idempotency_key": key})
    return found


def _written_meanwhile(store, caller, request, key):
    """The placement a concurrent request with the same key wrote first; or, when the
    unique key that refused this one was the offer's, the offer is already ordered."""
    with store.unit_of_work() as uow:
        found = uow.orders.placement(caller["id"], key)
        if found is None:  # the offer's own key: ordered under another key
            raise Conflict("This offer was already ordered.", {"offer": request["offer"]}) from None
    return _same_request(found, request, key)


def _new_placement(uow, caller, request, key, terms):
    offer_key = f"{terms.source_kind}:{terms.source_id}" if terms.source_kind != "gig" else None
    return placing.Placement(
        buyer_id=caller["id"],
        idempotency_key=key,
        request=request,
        terms=placing.terms_to_dict(terms),
        created_at=uow.now(),
        offer_key=offer_key,
        buyer_username=caller.get("username") or "",
    )
