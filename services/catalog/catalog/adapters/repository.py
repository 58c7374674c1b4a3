"""Reading and writing the catalog's aggregates."""

from sqlalchemy import and_, case, delete, func, insert, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from catalog.adapters.orm import (
    blocked_suggestions,
    favourites,
    gigs,
    search_term_searchers,
    search_terms,
    sign_in_failures,
    title_phrases,
    users,
)
from catalog.adapters.search import criteria_facets, search_engine, token, words
from catalog.domain import suggestions as autocomplete
from catalog.domain.accounts import User
from catalog.domain.favourites import Favourite
from catalog.domain.gigs import ACTIVE, ARCHIVED, PAUSED, TIERS, Gig
from catalog.domain.levels import SellerOrder, SellerStats
from catalog.domain.reports import OPEN, Report

SORTS = ("relevance", "price", "rating", "reviews", "newest")


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


FACETED = ("seller_level", "seller_country", "seller_languages")  # in the full-text index too


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


NO_PACKAGE = 2**31 - 1  # above any price: "no package meets the filters"


def cheapest_package(dialect_name, criteria):
    """The price of the cheapest package (tier columns of the row) that meets the
    delivery and price filters; NULL when none does."""
    prices = []
    for tier in TIERS:
        price, days = gigs.c[f"{tier}_price"], gigs.c[f"{tier}_days"]
        conditions = [price.is_not(None)]
        if criteria.get("max_delivery_days") is not None:
            conditions.append(days <= criteria["max_delivery_days"])
        if criteria.get("min_price") is not None:
            conditions.append(price >= criteria["min_price"])
        if criteria.get("max_price") is not None:
            conditions.append(price <= criteria["max_price"])
        prices.append(case((and_(*conditions), price), else_=null()))
    if dialect_name == "postgresql":
        return func.least(*prices)  # ignores NULLs
    return func.nullif(func.min(*[func.coalesce(p, NO_PACKAGE) for p in prices]), NO_PACKAGE)


def listing(gig):
    """What a gig gives autocomplete: its title and category while it is active."""
    return (gig.title, gig.category) if gig.status == ACTIVE else None


def starting(column, prefix):
    """`column` starts with `prefix`: a range an index answers, checked again exactly."""
    exact = [column >= prefix, column.startswith(prefix, autoescape=True)]
    if ord(prefix[-1]) < 0x10FFFF:
        exact.append(column < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return exact


class Catalog:
    def __init__(self, session):
        self.session = session
        self.search = search_engine(session.get_bind().dialect.name)

    # accounts
    def add_user(self, user):
        self.session.add(user)

    def user(self, user_id):
        return self.session.get(User, user_id)

    def user_by_username(self, username):
        return self.session.scalars(select(User).where(User.username == username)).first()

    def username_or_email_taken(self, username, email):
        return (
            self.session.scalars(
                select(User.username).where(
                    or_(User.username == username, func.lower(User.email) == email.lower())
                )
            ).first()
            is not None
        )

    # sign-in throttling (A1)
    def sign_in_failures(self, key, since):
        if key is None:
            return []
        return self.session.scalars(
            select(sign_in_failures.c.failed_at).where(
                sign_in_failures.c.key == key, sign_in_failures.c.failed_at > since
            )
        ).all()

    def record_sign_in_failure(self, keys, now, forget_before):
        """One more failure for each key; failures too old to count are deleted, so
        the table holds at most the last window's."""
        self.session.execute(
            delete(sign_in_failures).where(sign_in_failures.c.failed_at <= forget_before)
        )
        self.session.execute(
            insert(sign_in_failures), [{"key": key, "failed_at": now} for key in keys if key]
        )

    def forget_sign_in_failures(self, key):
        self.session.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))

    # gigs
    def add_gig(self, gig, seller):
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
        copy_packages(gig)
        self.session.flush()
        self.search.index(self.session, gig)
        self.relist(before, listing(gig))

    def relist(self, before, after):
        if before != after:
            for entry, delta in ((before, -1), (after, 1)):
                if entry is not None:
                    self.count_title_phrases(*entry, delta)

    def seller_changed(self, user):
        """A seller's public facts changed (level, rating, country, languages, last
        seen): every gig of theirs shows them in search, and the full-text index
        has the new facets (level, country, languages) of those whose facets moved."""
        facts = seller_facts(user)
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

    def gig(self, gig_id):
        return self.session.get(Gig, gig_id)

    def gigs_of(self, seller_id):
        return self.session.scalars(
            select(Gig).where(Gig.seller_id == seller_id).order_by(Gig.created_at)
        ).all()

    def active_gigs_of(self, seller_id):
        return self.session.scalars(
            select(Gig)
            .where(Gig.seller_id == seller_id, Gig.status == ACTIVE)
            .order_by(Gig.created_at.desc(), Gig.id)
        ).all()

    def active_gig_count(self, seller_id):
        return self.session.scalar(
            select(func.count())
            .select_from(gigs)
            .where(gigs.c.seller_id == seller_id, gigs.c.status == ACTIVE)
        )

    def search_gigs(self, criteria, limit, offset):
        """Active gigs matching the criteria, each with the price of the cheapest
        package that meets the price and delivery filters (the one the buyer would buy).

        Reads `gigs` alone: the seller's facts and the packages' bounds are copied
        onto each gig, so filters are conditions on the row and every sort but
        relevance and a filtered price walks an index and stops at the page."""
        package_filter = (
            criteria.get("max_delivery_days") is not None or criteria.get("min_price") is not None
        )
        if package_filter:
            price = cheapest_package(self.session.get_bind().dialect.name, criteria)
        else:  # no filter, or a budget alone: the cheapest package is the one bought
            price = gigs.c.starting_price

        query = select(
            gigs.c.id,
            gigs.c.title,
            gigs.c.category,
            gigs.c.subcategory,
            gigs.c.created_at,
            price.label("price"),
            gigs.c.seller_username.label("username"),
            gigs.c.seller_level.label("level"),
            case((gigs.c.seller_review_count > 0, gigs.c.seller_rating), else_=null()).label(
                "rating"
            ),
            gigs.c.seller_review_count.label("review_count"),
            gigs.c.seller_country.label("country"),
        ).where(gigs.c.status == ACTIVE)
        # the gig's bounds: necessary for a package to match, and read on the row
        if criteria.get("max_delivery_days") is not None:
            query = query.where(gigs.c.min_delivery_days <= criteria["max_delivery_days"])
        if criteria.get("max_price") is not None:
            query = query.where(gigs.c.starting_price <= criteria["max_price"])
        if criteria.get("min_price") is not None:
            query = query.where(gigs.c.highest_price >= criteria["min_price"])
        if package_filter:
            query = query.where(price.is_not(None))
        rank, tie = None, [gigs.c.created_at.desc(), gigs.c.id.desc()]
        sort = criteria.get("sort") or ("relevance" if words(criteria.get("q")) else "newest")
        if words(criteria.get("q")):
            # equality filters go to the full-text index as facets; with no other
            # filter, a relevance page is ranked by the index alone
            row_filters = package_filter or any(
                criteria.get(name) is not None
                for name in ("max_price", "min_price", "max_delivery_days", "online_since")
            )
            top = offset + limit + 1 if sort == "relevance" and not row_filters else None
            query, rank, text_tie = self.search.match(
                query,
                criteria["q"],
                gigs,
                criteria_facets(criteria),
                [token("st", status) for status in (PAUSED, ARCHIVED)],
                top,
            )
            if sort == "relevance":
                tie = text_tie
        for name in ("category", "subcategory"):
            if criteria.get(name):
                query = query.where(gigs.c[name] == criteria[name])
        for name, value in (criteria.get("attributes") or {}).items():
            query = query.where(gigs.c.attributes[name].as_string() == value)
        if criteria.get("seller_level"):
            query = query.where(gigs.c.seller_level == criteria["seller_level"])
        if criteria.get("country"):
            query = query.where(gigs.c.seller_country == criteria["country"])
        if criteria.get("online_since") is not None:
            query = query.where(gigs.c.seller_last_seen_at >= criteria["online_since"])
        if criteria.get("language"):
            query = query.where(
                gigs.c.seller_languages.contains(language_key([criteria["language"]]))
            )

        order = {
            "relevance": [rank.desc()] if rank is not None else [],
            "price": [price.asc()],
            "rating": [gigs.c.seller_rating.desc(), gigs.c.seller_review_count.desc()],
            "reviews": [gigs.c.seller_review_count.desc()],
            "newest": [],
        }[sort]
        query = query.order_by(*order, *tie)
        rows = self.session.execute(query.limit(limit + 1).offset(offset)).mappings().all()
        return rows[:limit], len(rows) > limit

    # seller levels (C7)
    def seller_stats(self, seller_id):
        """The seller's totals, None before the first order or earnings."""
        return self.session.get(SellerStats, seller_id)

    def seller_stats_for_update(self, seller_id):
        stats = self.session.get(SellerStats, seller_id)
        if stats is None:
            stats = SellerStats(seller_id=seller_id)
            self.session.add(stats)
        return stats

    def seller_order(self, order_id, seller_id):
        """What the seller's figures keep of an order, new if unknown."""
        order = self.session.get(SellerOrder, order_id)
        if order is None:
            order = SellerOrder(order_id=order_id, seller_id=seller_id)
            self.session.add(order)
        return order

    # favourites (C8)
    def favourite(self, user_id, gig_id):
        return self.session.scalars(
            select(Favourite).where(Favourite.user_id == user_id, Favourite.gig_id == gig_id)
        ).first()

    def add_favourite(self, favourite):
        self.session.add(favourite)

    def remove_favourite(self, favourite):
        self.session.delete(favourite)

    def favourite_gigs(self, user_id, limit, offset):
        """The user's favourite gigs with their sellers' usernames, newest heart first."""
        query = (
            select(Gig, users.c.username)
            .join(favourites, favourites.c.gig_id == gigs.c.id)
            .join(users, users.c.id == gigs.c.seller_id)
            .where(favourites.c.user_id == user_id)
            .order_by(favourites.c.created_at.desc(), favourites.c.id.desc())
            .limit(limit + 1)
            .offset(offset)
        )
        rows = self.session.execute(query).all()
        return rows[:limit], len(rows) > limit

    # reports (C9)
    def add_report(self, report):
        self.session.add(report)

    def report(self, report_id):
        return self.session.get(Report, report_id)

    def open_report_by(self, reporter_id, gig_id):
        return self.session.scalars(
            select(Report).where(
                Report.reporter_id == reporter_id, Report.gig_id == gig_id, Report.status == OPEN
            )
        ).first()

    def reports(self, status, limit, offset):
        """The moderation queue: oldest first, so that none waits forever."""
        query = (
            select(Report)
            .where(Report.status == status)
            .order_by(Report.created_at, Report.id)
            .limit(limit + 1)
            .offset(offset)
        )
        rows = self.session.scalars(query).all()
        return rows[:limit], len(rows) > limit

    # autocomplete (C4)
    def record_search_term(self, term, category, searcher, now):
        """One more distinct searcher (a hashed id) for a term that found gigs: the
        term's count is how many distinct people searched it in the last
        TERM_WINDOW (upserts, safe under concurrent searches and replicas)."""
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        known = self.session.execute(
            select(search_terms.c.searchers).where(search_terms.c.term == term)
        ).first()
        if known is not None and known.searchers >= autocomplete.MAX_SEARCHERS_PER_TERM:
            self.session.execute(
                update(search_terms)
                .where(search_terms.c.term == term)
                .values(last_searched_at=now, last_category=category)
            )
            return
        self.session.execute(
            dialect.insert(search_term_searchers)
            .values(term=term, searcher=searcher, searched_at=now)
            .on_conflict_do_update(
                index_elements=[search_term_searchers.c.term, search_term_searchers.c.searcher],
                set_={"searched_at": now},
            )
        )
        searchers = (
            select(func.count())
            .select_from(search_term_searchers)
            .where(search_term_searchers.c.term == term)
            .scalar_subquery()
        )
        statement = dialect.insert(search_terms).values(
            term=term, searchers=1, last_category=category, last_searched_at=now
        )
        self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[search_terms.c.term],
                set_={
                    "searchers": searchers,
                    "last_searched_at": now,
                    "last_category": func.coalesce(
                        statement.excluded.last_category, search_terms.c.last_category
                    ),
                },
            )
        )
        if known is None:  # a new term: keep the table within its bounds
            self.prune_search_terms(now)

    def prune_search_terms(self, now):
        """Terms nobody searched in TERM_WINDOW go, searchers older than it stop
        counting, and beyond MAX_TERMS the least searched, oldest terms go."""
        forget_before = now - autocomplete.TERM_WINDOW
        self.session.execute(
            delete(search_term_searchers).where(search_term_searchers.c.searched_at < forget_before)
        )
        self.session.execute(
            delete(search_terms).where(search_terms.c.last_searched_at < forget_before)
        )
        excess = (
            self.session.scalar(select(func.count()).select_from(search_terms))
            - autocomplete.MAX_TERMS
        )
        if excess > 0:
            doomed = (
                select(search_terms.c.term)
                .order_by(search_terms.c.searchers, search_terms.c.last_searched_at)
                .limit(excess)
                .scalar_subquery()
            )
            self.session.execute(
                delete(search_term_searchers).where(search_term_searchers.c.term.in_(doomed))
            )
            self.session.execute(
                delete(search_terms).where(
                    search_terms.c.term.in_(
                        select(search_terms.c.term)
                        .order_by(search_terms.c.searchers, search_terms.c.last_searched_at)
                        .limit(excess)
                        .scalar_subquery()
                    )
                )
            )

    def search_terms_starting(self, prefix, limit):
        """Terms that enough distinct people searched (and found gigs for)."""
        rows = self.session.execute(
            select(search_terms.c.term, search_terms.c.last_category)
            .where(
                *starting(search_terms.c.term, prefix),
                search_terms.c.searchers >= autocomplete.MIN_SEARCHERS,
            )
            .order_by(search_terms.c.searchers.desc(), search_terms.c.term)
            .limit(limit)
        ).all()
        return [(row.term, row.last_category) for row in rows]

    def blocked_terms(self, terms):
        terms = list(terms)
        if not terms:
            return set()
        return set(
            self.session.scalars(
                select(blocked_suggestions.c.term).where(blocked_suggestions.c.term.in_(terms))
            ).all()
        )

    def block_suggestion(self, term, admin_id, now):
        """An admin removed a suggestion: gone from searched terms, never suggested again."""
        self.session.execute(
            delete(search_term_searchers).where(search_term_searchers.c.term == term)
        )
        self.session.execute(delete(search_terms).where(search_terms.c.term == term))
        if not self.blocked_terms([term]):
            self.session.execute(
                insert(blocked_suggestions).values(term=term, blocked_by=admin_id, blocked_at=now)
            )

    def offered_subcategories(self, among):
        """Which of these (category, subcategory) pairs have an active gig."""
        return {
            (category, subcategory)
            for category, subcategory in among
            if self.session.execute(
                select(gigs.c.id)
                .where(
                    gigs.c.subcategory == subcategory,
                    gigs.c.category == category,
                    gigs.c.status == ACTIVE,
                )
                .limit(1)
            ).first()
            is not None
        }

    def count_title_phrases(self, title, category, delta):
        """Add `delta` active gigs to each phrase of the title, in its category."""
        found = autocomplete.phrases(title)
        if not found:
            return
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        statement = dialect.insert(title_phrases)
        statement = statement.on_conflict_do_update(
            index_elements=[title_phrases.c.term, title_phrases.c.category],
            set_={"count": title_phrases.c.count + statement.excluded.count},
        )
        self.session.execute(
            statement,
            [
                {"term": phrase, "category": category, "words": n, "count": delta}
                for phrase, n in found
            ],
        )
        if delta < 0:
            self.session.execute(
                delete(title_phrases).where(
                    title_phrases.c.category == category,
                    title_phrases.c.count <= 0,
                    title_phrases.c.term.in_([phrase for phrase, _ in found]),
                )
            )

    def title_phrases_starting(self, prefix, limit):
        """Phrases of active gigs' titles, as many words as the prefix, that start with
        it: the most common first, each with the category it is most common in."""
        wanted = len(prefix.split()) or 1
        if wanted > autocomplete.MAX_PHRASE_WORDS:
            return []
        rows = self.session.execute(
            select(title_phrases.c.term, title_phrases.c.category)
            .where(title_phrases.c.words == wanted, *starting(title_phrases.c.term, prefix))
            .order_by(title_phrases.c.count.desc(), title_phrases.c.term)
            .limit(limit * 4)
        ).all()
        return [(row.term, row.category) for row in rows]
