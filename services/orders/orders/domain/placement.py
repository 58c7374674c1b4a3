"""Placing an order (O1): the terms come from the catalog's gig or from an offer,
never from the buyer; a placement remembers an `Idempotency-Key` so that a
retried POST answers the same order and pays once."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from microtache.errors import Conflict, InvalidInput, RuleViolation
from microtache.money import Money

from orders.contract.policies import POLICIES
from orders.domain.orders import BUYER, Order, new_id


@dataclass(frozen=True)
class Terms:
    seller_id: str
    seller_username: str
    title: str
    price: Money
    delivery_days: int
    revisions: int
    source_kind: str  # gig, custom_offer, request_offer
    source_id: str
    gig_id: str | None = None
    package: str | None = None
    extras: tuple[dict[str, Any], ...] = ()
    ships_physical_item: bool = False


def as_money(value: Money | dict[str, Any]) -> Money:
    """A price as another service's contract loaded it (Money) or sent it (a dict)."""
    return value if isinstance(value, Money) else Money.from_dict(value)


def terms_from_gig(gig: dict[str, Any], tier: str, extra_names: Sequence[str] = ()) -> Terms:
    """A package of an active gig, with extras chosen by name (their prices and days add)."""
    if gig["status"] != "active":
        raise Conflict(
            f"This gig is {gig['status']}: it takes no order.",
            {"gig_id": gig["id"], "status": gig["status"]},
        )
    package = next((p for p in gig["packages"] if p["tier"] == tier), None)
    if package is None:
        raise InvalidInput(
            "This gig has no such package.",
            {"package": [f"One of {[p['tier'] for p in gig['packages']]}."]},
        )
    offered = {extra["name"]: extra for extra in gig.get("extras", [])}
    unknown = [name for name in extra_names if name not in offered]
    if unknown or len(set(extra_names)) != len(extra_names):
        raise InvalidInput(
            "Extras are named once each, among the gig's extras.",
            {
                "extras": [
                    f"Unknown or repeated: {unknown or list(extra_names)}; "
                    f"offered: {sorted(offered)}."
                ]
            },
        )
    extras = tuple(
        {
            "name": name,
            "price": as_money(offered[name]["price"]).to_dict(),
            "delivery_days": offered[name].get("delivery_days", 0),
        }
        for name in extra_names
    )
    price = as_money(package["price"])
    for extra in extras:
        price = price + as_money(extra["price"])
    return Terms(
        seller_id=gig["seller_id"],
        seller_username=gig["seller"],
        title=gig["title"],
        price=price,
        delivery_days=package["delivery_days"] + sum(e["delivery_days"] for e in extras),
        revisions=package["revisions"],
        source_kind="gig",
        source_id=gig["id"],
        gig_id=gig["id"],
        package=tier,
        extras=extras,
        ships_physical_item=bool(gig.get("ships_physical_item")),
    )


def terms_from_offer(offer: dict[str, Any]) -> Terms:
    """A custom offer (Q2) or a request's offer (R7), at the offer's terms."""
    return Terms(
        seller_id=offer["seller_id"],
        seller_username=offer["seller_username"],
        title=offer.get("title") or offer.get("description", "")[:80],
        price=as_money(offer["price"]),
        delivery_days=offer["delivery_days"],
        revisions=offer.get("revisions", 0),
        source_kind=offer["kind"],
        source_id=offer["offer_id"],
    )


def check_buyer(terms: Terms, buyer_id: str) -> None:
    if terms.seller_id == buyer_id:
        raise RuleViolation("A seller cannot order their own service.")


def check_price(terms: Terms) -> None:
    """O1 (product): an order's price, extras included, is at most $20,000, whatever the
    gig or the offer said (payments refuses above it too)."""
    if not 0 < terms.price.amount <= POLICIES.max_order_price:
        raise RuleViolation(
            "An order's price, its extras included, is at most $20,000.",
            {"price": terms.price.to_dict(), "maximum": POLICIES.max_order_price},
        )


@dataclass(eq=False)
class Placement:
    """One `POST /v1/orders` by a buyer, under its idempotency key."""

    buyer_id: str
    idempotency_key: str
    request: dict[str, Any]  # what the buyer asked, to spot a key reused for another
    terms: dict[str, Any]  # the terms as taken when first asked
    created_at: datetime
    offer_key: str | None = None  # "<kind>:<offer id>": an offer is ordered once
    buyer_username: str | None = None
    order_id: str = field(default_factory=new_id)


def terms_to_dict(terms: Terms) -> dict[str, Any]:
    return {**terms.__dict__, "price": terms.price.to_dict(), "extras": list(terms.extras)}


def terms_from_dict(data: dict[str, Any]) -> Terms:
    return Terms(
        **{**data, "price": Money.from_dict(data["price"]), "extras": tuple(data.get("extras", ()))}
    )


def place(placement: Placement, buyer_username: str, now: datetime) -> Order:
    """The order, once its payment is in escrow (P2): it awaits requirements (O1)."""
    terms = terms_from_dict(placement.terms)
    order = Order(
        id=placement.order_id,
        buyer_id=placement.buyer_id,
        seller_id=terms.seller_id,
        buyer_username=buyer_username,
        seller_username=terms.seller_username,
        title=terms.title,
        price=terms.price,
        delivery_days=terms.delivery_days,
        revisions_included=terms.revisions,
        created_at=now,
        source_kind=terms.source_kind,
        source_id=terms.source_id,
        gig_id=terms.gig_id,
        package=terms.package,
        extras=list(terms.extras),
        ships_physical_item=terms.ships_physical_item,
        updated_at=now,
    )
    order.record(
        now, BUYER, "place_order", note=f"paid {terms.price.amount} {terms.price.currency}"
    )
    return order
