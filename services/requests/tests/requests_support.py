"""What the requests service's unit tests share: the service on a real database, a small
category tree in place of the catalog, uploads on a temporary disk, events as they arrive."""

import json
import uuid
from types import SimpleNamespace
from unittest.mock import Mock

from nameko.testing.services import worker_factory
from sqlalchemy import select

from microtache.caller import CallerOf
from microtache.clock import Clock
from microtache.files import LocalBlobs, Uploads

from buyer_requests import contract
from buyer_requests.adapters.categories import CategoryCache
from buyer_requests.adapters.orm import metadata
from buyer_requests.adapters.unit_of_work import RequestsUnitOfWork
from buyer_requests.service import RequestsService

DAY = 86400
TREE = [
    {
        "slug": "graphics-design",
        "name": "Graphics & Design",
        "subcategories": [
            {
                "slug": "logo-design",
                "name": "Logo Design",
                "attributes": [
                    {"slug": "style", "name": "Logo style", "values": ["minimalist", "vintage"]}
                ],
            },
            {"slug": "illustration", "name": "Illustration", "attributes": []},
        ],
    },
    {
        "slug": "writing",
        "name": "Writing",
        "subcategories": [{"slug": "articles", "name": "Articles", "attributes": []}],
    },
]
BUYER = {"id": "buyer-1", "username": "bob", "role": "user"}
OTHER_BUYER = {"id": "buyer-2", "username": "eve", "role": "user"}
ADMIN = {"id": "admin-1", "username": "admin", "role": "admin"}


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def make_service(store_factory, files_dir, clock=None):
    store = store_factory(
        metadata,
        "buyer_requests.migrations",
        clock or Clock(),
        events=contract.EVENTS,
        unit_of_work=RequestsUnitOfWork,
    )
    catalog = Mock()
    catalog.list_categories.return_value = TREE
    return worker_factory(
        RequestsService,
        db=store,
        files=Uploads(LocalBlobs(str(files_dir)), contract.UPLOAD_USES),
        categories=CategoryCache(),
        catalog=catalog,
        caller=CallerOf(SimpleNamespace(data={})),
    )


def as_(service, who):
    """The service, called from now on by `who` (as the gateway sets the caller, A2)."""
    service.caller.become(who)
    return service


def event(clock=None, **fields):
    now = (clock or Clock()).now()
    return {"event_id": str(uuid.uuid4()), "occurred_at": now.isoformat(), "version": 1, **fields}


def gig_facts(clock=None, **fields):
    """catalog's `gig_published` / `gig_updated` as its contract states them."""
    return event(
        clock,
        **{
            "title": "A gig",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "status": "active",
            "ships_physical_item": False,
            "extras": [],
            "packages": [{"tier": "basic", "price": usd(5000), "delivery_days": 3, "revisions": 1}],
            **fields,
        },
    )


def profile_updated(clock=None, **fields):
    """catalog's `seller_profile_updated` as its contract states it."""
    return event(
        clock,
        **{
            "accepts_quotes": True,
            "on_vacation": False,
            "country": None,
            "languages": [],
            **fields,
        },
    )


def offer_ordered(**fields):
    """orders' `offer_ordered` as its contract states it."""
    return event(
        **{
            "seller_id": "marie",
            "gig_id": None,
            "price": usd(4500),
            "delivery_days": 4,
            "placed_at": Clock().now().isoformat(),
            **fields,
        }
    )


def seller(service, user_id, subcategory="logo-design", category="graphics-design"):
    """A seller the service heard of: signed up, one active gig."""
    service.on_user_signed_up(event(user_id=user_id, username=user_id, country=None))
    service.on_gig_published(
        gig_facts(
            gig_id=f"gig-{user_id}-{subcategory}",
            seller_id=user_id,
            seller_username=user_id,
            category=category,
            subcategory=subcategory,
        )
    )
    return {"id": user_id, "username": user_id, "role": "user"}


def request_body(**overrides):
    return {
        "description": "A logo for my bakery, warm colours",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "criteria": {"style": "vintage"},
        "delivery_days": 3,
        "budget": usd(5000),
        **overrides,
    }


def offer_body(price=4000, delivery_days=3, **overrides):
    return {
        "price": usd(price),
        "delivery_days": delivery_days,
        "revisions": 2,
        "description": "I design bakery logos",
        **overrides,
    }


def approved_request(service, buyer=BUYER, **overrides):
    posted = as_(service, buyer).post_request(request_body(**overrides))
    return as_(service, ADMIN).approve_request(posted["id"])


def uploaded(service, data, use=contract.REQUEST_ATTACHMENT, owner=BUYER, name="brief.pdf"):
    """The id of `owner`'s ready upload of `data` (as the gateway and storage make it)."""
    upload = service.files.declare(owner["id"], use, name, "application/pdf", len(data))
    return service.files.receive(upload.id, [data]).id


def published(service, event_type):
    """The payloads the service wrote to its outbox, oldest first."""
    outbox = metadata.tables["outbox_messages"]
    with service.db.engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == event_type).order_by(outbox.c.id)
        ).all()
    return [json.loads(row.payload) for row in rows]


def ids(page):
    return [item["id"] for item in page["results"]]
