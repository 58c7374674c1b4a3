"""Calling the catalog's entrypoints as a signed-in user, without a broker: the caller
rides in the worker's context data, as the gateway sets it (A2)."""

from types import SimpleNamespace

from microtache.caller import CallerOf, caller_context

from catalog.service_layer.search import write_searches


def as_caller(service, caller):
    """`as_caller(service, seller).create_gig(...)`: the worker_factory service, whose
    calls now carry `caller` (an account or {"id", "role"}) as the gateway would."""
    service.caller = CallerOf(SimpleNamespace(data=caller_context(caller)))
    return service


def searches_written(service):
    """What the service's green thread does every second: the searches noted for
    autocomplete (C4) written (worker_factory runs no thread)."""
    return write_searches(service.db, service.answers)


def seller(service, username, **profile):
    """A signed-up account, as the gateway's caller: {"id", "username", "role"}."""
    account = service.sign_up(
        {
            "username": username,
            "email": f"{username}@example.com",
            "password": "correct-horse",
            **profile,
        }
    )
    return {"id": account["id"], "username": username, "role": "user"}


def gig(title="I will design a minimalist logo for your brand", **overrides):
    """A gig's body as sellers send it: basic and premium packages."""
    return {
        "title": title,
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [
            {"tier": "basic", "price": {"amount": 2000}, "delivery_days": 3, "revisions": 1},
            {"tier": "premium", "price": {"amount": 8000}, "delivery_days": 7, "revisions": 3},
        ],
        **overrides,
    }
