"""What orders does with the events it hears: its deadlines falling due (scheduler),
the catalog's gigs, the earnings payments booked (O1, O4, O6, O8, O9, O15)."""

import logging
from datetime import datetime

from microtache.events import payload_of
from microtache.money import Money

from catalog.contract import GigArchived, GigExtra, GigPackage, GigPublished, GigUpdated
from orders.contract.events import OrderDeadline
from orders.domain.deadlines import DEADLINES, deadlines_of
from orders.domain.gigs import GigCopy
from orders.domain.orders import SYSTEM
from orders.service_layer.changes import act
from payments.contract import EarningsPending

log = logging.getLogger(__name__)

GIG_EVENTS = {"gig_published": GigPublished, "gig_updated": GigUpdated, "gig_archived": GigArchived}


def deadline_reached(uow, event):
    """scheduler `order_deadline_reached` (the payload orders asked for): the system acts
    only if the order still needs this deadline at this time; otherwise it no longer
    applies (S3)."""
    asked = payload_of(OrderDeadline(), event)
    order = uow.orders.get(asked["order_id"], lock=True)
    name = asked["name"]
    if order is None or name not in DEADLINES:
        log.warning("deadline %s for unknown order %s", name, asked["order_id"])
        return None
    due = deadlines_of(order).get(name)
    if due is None or due != datetime.fromisoformat(asked["due"]):
        log.info("deadline %s of order %s no longer applies", name, order.id)
        return None
    deadline = DEADLINES[name]
    act(uow, order, SYSTEM, deadline.action, **deadline.facts(order))
    return order.status


def gig_changed(uow, event):
    """catalog `gig_published`, `gig_updated`, `gig_archived`: keep the gig's terms."""
    facts = payload_of(GIG_EVENTS[event["event_type"]](), event)
    occurred_at = datetime.fromisoformat(event["occurred_at"])
    for name, schema in (("packages", GigPackage), ("extras", GigExtra)):
        if name in facts:  # kept as the JSON it came as
            facts[name] = schema(many=True).dump(facts[name])
    if event["event_type"] == "gig_archived":
        facts["status"] = "archived"
    copy = uow.orders.gig(facts["gig_id"], lock=True)
    if copy is None:
        if "packages" not in facts:  # archived before we heard of it: nothing to keep
            return None
        copy = GigCopy(
            id=facts["gig_id"],
            seller_id=facts["seller_id"],
            seller_username=facts["seller_username"],
            title=facts["title"],
            status=facts["status"],
            ships_physical_item=facts["ships_physical_item"],
            packages=facts["packages"],
            extras=facts["extras"],
            updated_at=occurred_at,
        )
        uow.orders.add(copy)
        return copy
    copy.apply(facts, occurred_at)
    return copy


def earnings_booked(uow, event):
    """payments `earnings_pending` for an order: the seller's earnings to show (O15)."""
    facts = payload_of(EarningsPending(), event)
    if not facts.get("order_id") or facts.get("tip_id"):
        return None
    order = uow.orders.get(facts["order_id"], lock=True)
    if order is not None:
        earnings = facts["earnings"]
        order.earnings = earnings if isinstance(earnings, Money) else Money.from_dict(earnings)
    return order
