"""What the reviews service's unit tests share: the service on a real database, orders and
payments as small fakes that keep the rules they own, uploads on a temporary disk, and
deadlines fired by hand as the scheduler would."""

import json
import uuid
from datetime import datetime, timedelta

from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.clock import Clock
from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthenticated
from microtache.files import LocalBlobs, Uploads

from reviews.adapters.orm import metadata
from reviews.adapters.unit_of_work import ReviewsUnitOfWork
from reviews.contract import EVENTS, UPLOAD_USES, WORK_SAMPLE
from reviews.service import ReviewsService

DAY = 86400
BUYER = {"id": "buyer-1", "username": "bea", "role": "user"}
SELLER = {"id": "seller-1", "username": "sam", "role": "user"}
STRANGER = {"id": "someone", "username": "eve", "role": "user"}
ADMIN = {"id": "admin-1", "username": "admin", "role": "admin"}


def usd(amount):
    return {"amount": amount, "currency": "USD"}


class FakeCaller:
    """`microtache.caller.Caller` as a worker sees it: the caller the call carries, which
    `as_(service, user)` sets, shared with the fakes of the services reviews calls (a
    nested call carries the caller on)."""

    def __init__(self):
        self.current = None

    def __call__(self):
        if self.current is None:
            raise Unauthenticated("Sign in.")
        return self.current

    def optional(self):
        return self.current

    def become(self, caller):
        self.current = caller


def as_(service, caller):
    """The service, called by `caller`: `as_(service, BUYER).post_review(order_id, data)`."""
    service.caller.become(caller)
    return service


class FakeOrders:
    """orders' `order_facts`, `accept_delivery` (O10) and `post_message` (O14), each for
    the caller the call carries."""

    def __init__(self, clock, caller):
        self.clock, self.caller, self.pages, self.messages = clock, caller, {}, []
        self.refuse_acceptance = None

    def add(self, status="delivered", price=2500, buyer=BUYER, seller=SELLER, completed=True):
        order_id = str(uuid.uuid4())
        now = self.clock.now()
        self.pages[order_id] = {
            "id": order_id,
            "status": status,
            "price": usd(price),
            "buyer": {"id": buyer["id"], "username": buyer["username"]},
            "seller": {"id": seller["id"], "username": seller["username"]},
            "completed_at": now.isoformat() if status == "completed" and completed else None,
        }
        return order_id

    def _page(self, order_id):
        caller = self.caller()
        page = self.pages.get(order_id)
        if page is None or (
            caller["id"] not in (page["buyer"]["id"], page["seller"]["id"])
            and caller.get("role") != "admin"
        ):
            raise NotFound("No such order.")
        return page

    def order_facts(self, order_id):
        return dict(self._page(order_id))

    def accept_delivery(self, order_id):
        page = self._page(order_id)
        caller = self.caller()
        if self.refuse_acceptance:
            raise self.refuse_acceptance
        if caller["id"] != page["buyer"]["id"]:
            raise Forbidden("Only the buyer accepts.")
        if page["status"] != "delivered":
            raise Conflict("Not delivered.", {"status": page["status"]})
        page.update(status="completed", completed_at=self.clock.now().isoformat())
        return {**page, "title": "the order page has more than its facts"}

    def post_message(self, order_id, data):
        self._page(order_id)
        self.messages.append((self.caller()["id"], order_id, data["text"]))


class FakePayments:
    """payments' `pay_tip`: T2 again, idempotent on the tip id."""

    def __init__(self, clock):
        self.clock, self.paid, self.calls = clock, {}, []
        self.refuse = None

    def pay_tip(self, tip):
        self.calls.append(tip)
        if self.refuse:
            raise self.refuse
        if tip["tip_id"] in self.paid:
            return self.paid[tip["tip_id"]]
        amount = tip["amount"]["amount"]
        if amount < 500:
            raise RuleViolation("T2")
        fee = (amount * 550 + 5000) // 10000 + (300 if amount < 10000 else 0)
        receipt = {
            "tip_id": tip["tip_id"],
            "order_id": tip["order_id"],
            "amount": usd(amount),
            "fee": usd(fee),
            "total": usd(amount + fee),
            "from_balance": usd(0),
            "from_card": usd(amount + fee),
            "seller_earnings": usd(amount * 8 // 10),
            "clears_at": (self.clock.now() + timedelta(days=14)).isoformat(),
        }
        self.paid[tip["tip_id"]] = receipt
        return receipt


def make_service(store_factory, files_dir, clock=None):
    clock = clock or Clock()
    store = store_factory(metadata, "reviews.migrations", clock)
    # as ReviewsService.db builds it: payloads through the contract, repositories on the uow
    store.events, store.unit_of_work_class = EVENTS, ReviewsUnitOfWork
    caller = FakeCaller()
    return worker_factory(
        ReviewsService,
        db=store,
        files=Uploads(LocalBlobs(str(files_dir)), UPLOAD_USES),
        caller=caller,
        orders=FakeOrders(clock, caller),
        payments=FakePayments(clock),
    )


def event(clock, **fields):
    return {
        "event_id": str(uuid.uuid4()),
        "occurred_at": clock.now().isoformat(),
        "version": 1,
        **fields,
    }


def published(service, event_type):
    """The payloads the service wrote to its outbox, oldest first."""
    outbox = metadata.tables["outbox_messages"]
    with service.db.engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == event_type).order_by(outbox.c.id)
        ).all()
    return [json.loads(row.payload) for row in rows]


def fire(service, key, handler):
    """The deadline `key` as the scheduler fires it: its latest request's payload, the key
    and the due time; the clock first moved to the due time."""
    requested = [e for e in published(service, "deadline_requested") if e["key"] == key][-1]
    due = requested["due"]
    clock = service.db.clock
    ahead = (datetime.fromisoformat(due) - clock.now()).total_seconds()
    if ahead > 0:
        clock.move_to_offset(clock.offset_seconds + ahead + 1)
    return handler(
        {
            **requested["payload"],
            "event_id": str(uuid.uuid4()),
            "event_type": requested["fires"],
            "occurred_at": due,
            "version": 1,
            "key": key,
            "due_at": due,
        }
    )


def advance(service, days):
    clock = service.db.clock
    clock.move_to_offset(clock.offset_seconds + days * DAY)


def buyer_review(**overrides):
    return {
        "communication": 5,
        "service_as_described": 4,
        "recommend": 5,
        "text": "Clean work, fast answers.",
        **overrides,
    }


def a_file(service, data=b"\x89PNG sample", name="sample.png", owner=None):
    """The id of the buyer's ready upload of a work sample (as the gateway and storage
    make it)."""
    owner = owner or BUYER
    upload = service.files.declare(owner["id"], WORK_SAMPLE, name, "image/png", len(data))
    return service.files.receive(upload.id, [data]).id


def order_event(clock, page, event_type, **fields):
    """orders' `order_completed` or `order_cancelled` of the order `page`, every field its
    contract (orders.contract.OrderCompleted, OrderCancelled) requires."""
    status, action = {
        "order_completed": ("completed", "complete"),
        "order_cancelled": ("cancelled", "cancel"),
    }[event_type]
    return event(
        clock,
        event_type=event_type,
        order_id=page["id"],
        buyer_id=page["buyer"]["id"],
        seller_id=page["seller"]["id"],
        status=status,
        previous_status="delivered",
        action=action,
        actor="buyer",
        gig_id=None,
        price=page["price"],
        **fields,
    )


def order_completed(clock, page):
    return order_event(
        clock, page, "order_completed", completed_at=page["completed_at"], delivered_on_time=True
    )


def order_cancelled(clock, page, reason="support"):
    return order_event(
        clock,
        page,
        "order_cancelled",
        cancelled_at=clock.now().isoformat(),
        reason=reason,
        by="admin",
    )


def completed_order(service, **terms):
    """A completed order whose completion reviews heard of (orders' `order_completed`)."""
    orders = service.orders
    order_id = orders.add(status="completed", **terms)
    service.on_order_completed(order_completed(service.db.clock, orders.pages[order_id]))
    return order_id
