"""Gigs (C1, C2): the gigs, the copies each row keeps of its seller's public facts and
of its packages' bounds (what search filters and sorts on, see orm.gigs), their
full-text index, and their titles' phrases in autocomplete."""

from sqlalchemy import func, or_, select, update

from catalog.adapters.orm import gigs
from catalog.adapters.search import search_engine
from catalog.domain.gallery import cover_thumbnail
from catalog.domain.gigs import ACTIVE, TIERS, Gig, listing
from catalog.domain.search_cache import LISTINGS, SEEN

FACETED = ("seller_level", "seller_country", "seller_languages")  # in the full-text index too
LAST_SEEN = "seller_last_seen_at"  # only the "online now" filter reads it (SEEN)


def language_key(languages):
    """A seller's languages as stored on their gigs: `|en|fr|`, matched with LIKE."""
    return "|" + "|".join(sorted({language.lower() for language in languages})) + "|"


def seller_facts(user):
    """The seller's public facts that search filters and sorts on (see orm.gigs)."""
    return {
        "seller_username": user.username,
        "seller_level": user.level,
        "seller_rating": user.rating if user.rating is not None else 0.0,
        "seller_review_count": user.review_count,
        "seller_country": user.country,
        "seller_languages": language_key(user.languages or []),
        "seller_last_seen_at": user.last_seen_at,
    }


def copy_seller(gig, user):
    for name, value in seller_facts(user).items():
        setattr(gig, name, value)


def copy_packages(gig):
    prices = [p.price.amount for p in gig.packages]
    gig.starting_price_amount, gig.highest_price = min(prices), max(prices)
    gig.min_delivery_days = min(p.delivery_days for p in gig.packages)
    for tier in TIERS:
        package = gig.package(tier)
        setattr(gig, f"{tier}_price", package.price.amount if package else None)
        setattr(gig, f"{tier}_days", package.delivery_days if package else None)
    gig.cover_thumbnail_id = cover_thumbnail(gig.gallery)  # what search results show


class Gigs:
    """`uow.gigs`; `suggestions` is the unit of work's `uow.suggestions`, whose title
    phrases follow the active gigs; `versions` its `uow.versions`, touched by every
    change of what search and autocomplete answer (C4, C5)."""

    def __init__(self, session, suggestions, versions=None):
        self.session = session
        self.suggestions = suggestions
        self.versions = versions
        self.search = search_engine(session.get_bind().dialect.name)

    def _touch(self, *names):
        if self.versions is not None:
            self.versions.touch(*names)

    def add(self, gig, seller):
        self._touch(LISTINGS)
        copy_seller(gig, seller)
        copy_packages(gig)
        self.session.add(gig)
        self.session.flush()
        self.search.index(self.session, gig)
        self.relist(None, listing(gig))

    def reindex(self, gig, before):
        """The gig changed: its package bounds, its text index and, when its title,
        category or status changed, the title phrases of autocomplete (`before` is
        `listing(gig)` as it was)."""
        self._touch(LISTINGS)
        copy_packages(gig)
        self.session.flush()
        self.search.index(self.session, gig)
        self.relist(before, listing(gig))

    def gallery_changed(self, gig):
        """A thumbnail was made: the cover search results show may change (C1)."""
        self._touch(LISTINGS)
        gig.cover_thumbnail_id = cover_thumbnail(gig.gallery)
        self.session.flush()

    def relist(self, before, after):
        """The gig's listing (`domain.gigs.listing`: whether and how it is offered)
        changed, or not: title phrases follow; search answers change either way
        (an archive is a status search filters on)."""
        self._touch(LISTINGS)
        if before != after:
            for entry, delta in ((before, -1), (after, 1)):
                if entry is not None:
                    self.suggestions.count_title_phrases(*entry, delta)

    def seller_changed(self, user):
        """A seller's public facts changed (level, rating, country, languages, last
        seen): every gig of theirs shows them in search, and the full-text index
        has the new facets (level, country, languages) of those whose facets moved.
        Nothing is written when no gig's copy differs (a sign of life within
        SEEN_REFRESH, a profile saved unchanged); a change of last seen alone touches
        only SEEN, which only the "online now" filter reads."""
        facts = seller_facts(user)
        differs = {name: gigs.c[name].is_distinct_from(facts[name]) for name in facts}
        shown = [column for name, column in differs.items() if name != LAST_SEEN]
        found = self.session.execute(
            select(or_(*shown), differs[LAST_SEEN]).where(gigs.c.seller_id == user.id)
        ).all()
        if any(row[0] for row in found):
            self._touch(LISTINGS)
        if any(row[1] for row in found):
            self._touch(SEEN)
        if not any(row[0] or row[1] for row in found):
            return
        moved = self.session.scalars(
            select(gigs.c.id).where(
                gigs.c.seller_id == user.id,
                or_(*(gigs.c[name].is_distinct_from(facts[name]) for name in FACETED)),
            )
        ).all()
        self.session.execute(update(gigs).where(gigs.c.seller_id == user.id).values(**facts))
        if moved:
            for gig in self.session.scalars(
                select(Gig).where(Gig.id.in_(moved)).execution_options(populate_existing=True)
            ):
                self.search.index(self.session, gig)

    def get(self, gig_id):
        return self.session.get(Gig, gig_id)

    def active_of_seller(self, seller_id):
        return self.session.scalars(
            select(Gig)
            .where(Gig.seller_id == seller_id, Gig.status == ACTIVE)
            .order_by(Gig.created_at.desc(), Gig.id)
        ).all()

    def of_seller(self, seller_id, statuses, limit, offset):
        """The seller's gigs of these statuses, newest first: a page and whether more follow."""
        rows = self.session.scalars(
            select(Gig)
            .where(Gig.seller_id == seller_id, Gig.status.in_(statuses))
            .order_by(Gig.created_at.desc(), Gig.id.desc())
            .limit(limit + 1)
            .offset(offset)
        ).all()
        return rows[:limit], len(rows) > limit

    def active_count(self, seller_id):
        return self.session.scalar(
            select(func.count())
            .select_from(gigs)
            .where(gigs.c.seller_id == seller_id, gigs.c.status == ACTIVE)
        )
