"""Gigs: the services sellers publish (C1, C2)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from microtache.errors import Conflict, Forbidden, RuleViolation
from microtache.money import Money

from catalog.contract.gigs import (  # noqa: F401  (the contract states them)
    ACTIVE,
    ARCHIVED,
    DELIVERY_DAYS,
    EXTRA_DAYS,
    EXTRA_PRICE_BOUNDS,
    MAX_DESCRIPTION,
    MAX_EXTRAS,
    MAX_PACKAGES,
    MAX_REVISIONS,
    PAUSED,
    PRICE_BOUNDS,
    TIERS,
    TITLE_LENGTH,
)
from catalog.domain.gallery import GalleryFile

MAX_ACTIVE_GIGS = 10  # C2


class Tree(Protocol):
    """The category tree as the gig rules read it (`domain.categories.CategoryTree`)."""

    def subcategory(
        self, category: str | None, subcategory: str | None
    ) -> dict[str, Any] | None: ...


@dataclass(eq=False)
class Package:
    tier: str
    price: Money
    delivery_days: int
    revisions: int
    description: str = ""


@dataclass(eq=False)
class Extra:
    name: str
    price: Money
    delivery_days: int = 0


@dataclass(eq=False)
class Gig:
    seller_id: str
    title: str
    description: str
    category: str
    subcategory: str
    packages: list[Package]
    created_at: datetime
    extras: list[Extra] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    ships_physical_item: bool = False
    accepts_remote_work: bool = True
    shows_reviews: bool = True
    gallery: list[GalleryFile] = field(default_factory=list)  # C1: images and a PDF
    status: str = ACTIVE
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def starting_price(self) -> Money:
        return min(p.price for p in self.packages)

    def package(self, tier: str) -> Package | None:
        return next((p for p in self.packages if p.tier == tier), None)

    def owned_by(self, user_id: str) -> None:
        if self.seller_id != user_id:
            raise Forbidden("Only the seller of this gig may change it.")


def listing(gig: Gig) -> tuple[str, str] | None:
    """What a gig gives autocomplete (C4): its title and category while it is active."""
    return (gig.title, gig.category) if gig.status == ACTIVE else None


def check_gig(gig: Gig, tree: Tree, active_gigs_of_seller: int) -> None:
    """Every rule a gig must meet to be published (C1, C2, C3)."""
    problems: dict[str, list[str]] = {}
    if not TITLE_LENGTH[0] <= len(gig.title.strip()) <= TITLE_LENGTH[1]:
        problems["title"] = [f"Between {TITLE_LENGTH[0]} and {TITLE_LENGTH[1]} characters."]
    if not gig.description.strip():
        problems["description"] = ["Describe the service."]
    elif len(gig.description) > MAX_DESCRIPTION:
        problems["description"] = [f"At most {MAX_DESCRIPTION} characters (C2)."]
    subcategory = tree.subcategory(gig.category, gig.subcategory)
    if subcategory is None:
        problems["subcategory"] = [
            f"No subcategory {gig.subcategory!r} in category {gig.category!r}."
        ]
    else:
        allowed = {a["slug"]: a["values"] for a in subcategory["attributes"]}
        for name, value in gig.attributes.items():
            if name not in allowed:
                problems.setdefault("attributes", []).append(
                    f"{name!r} is not an attribute of {gig.subcategory}."
                )
            elif value not in allowed[name]:
                problems.setdefault("attributes", []).append(
                    f"{name!r} must be one of {allowed[name]}."
                )
    tiers = [p.tier for p in gig.packages]
    if not 1 <= len(tiers) <= MAX_PACKAGES or len(set(tiers)) != len(tiers):
        problems["packages"] = ["One to three packages, each tier at most once (C1)."]
    for p in gig.packages:
        if not PRICE_BOUNDS[0] <= p.price.amount <= PRICE_BOUNDS[1]:
            problems.setdefault("packages", []).append(
                f"{p.tier}: price between {PRICE_BOUNDS[0]} and {PRICE_BOUNDS[1]} cents."
            )
        if not DELIVERY_DAYS[0] <= p.delivery_days <= DELIVERY_DAYS[1]:
            problems.setdefault("packages", []).append(
                f"{p.tier}: delivery between {DELIVERY_DAYS[0]} and {DELIVERY_DAYS[1]} days."
            )
        if not 0 <= p.revisions <= MAX_REVISIONS:
            problems.setdefault("packages", []).append(f"{p.tier}: 0 to {MAX_REVISIONS} revisions.")
    for e in gig.extras:
        if not EXTRA_PRICE_BOUNDS[0] <= e.price.amount <= EXTRA_PRICE_BOUNDS[1]:
            problems.setdefault("extras", []).append(
                f"{e.name}: price between {EXTRA_PRICE_BOUNDS[0]} "
                f"and {EXTRA_PRICE_BOUNDS[1]} cents."
            )
    names = [e.name for e in gig.extras]
    if len(names) > MAX_EXTRAS or len(set(names)) != len(names):
        problems.setdefault("extras", []).append(f"At most {MAX_EXTRAS} extras, each name once.")
    if problems:
        # what the schema (and OpenAPI) states is refused before, as 400; what is left
        # depends on the category tree or compares items (a tier twice): 422
        raise RuleViolation("The gig is not valid.", problems)
    if gig.status == ACTIVE and active_gigs_of_seller >= MAX_ACTIVE_GIGS:
        raise RuleViolation(
            f"A seller offers at most {MAX_ACTIVE_GIGS} active services (C2).",
            {"active_gigs": active_gigs_of_seller},
        )


def change_status(gig: Gig, status: str, active_gigs_of_seller: int) -> None:
    if gig.status == ARCHIVED:
        raise Conflict("An archived gig cannot change.", {"status": gig.status})
    if status == ACTIVE and gig.status != ACTIVE and active_gigs_of_seller >= MAX_ACTIVE_GIGS:
        raise RuleViolation(f"A seller offers at most {MAX_ACTIVE_GIGS} active services (C2).")
    gig.status = status


def archive(gig: Gig) -> None:
    """Archiving is final: the gig leaves search and never comes back."""
    if gig.status == ARCHIVED:
        raise Conflict("This gig is already archived.", {"status": gig.status})
    gig.status = ARCHIVED
