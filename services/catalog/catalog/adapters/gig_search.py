"""Search (C5): active gigs by text, filters and sorts, on the `gigs` rows alone."""

from sqlalchemy import and_, case, func, null, select

from catalog.adapters.gigs import language_key
from catalog.adapters.orm import gigs
from catalog.adapters.search import criteria_facets, search_engine, token, words
from catalog.domain.gigs import ACTIVE, ARCHIVED, PAUSED, TIERS

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


class GigSearch:
    """`uow.search`."""

    def __init__(self, session):
        self.session = session
        self.search = search_engine(session.get_bind().dialect.name)

    def gigs(self, criteria, limit, offset):
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
            gigs.c.cover_thumbnail_id,
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
