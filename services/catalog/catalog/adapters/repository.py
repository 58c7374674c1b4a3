"""Reading and writing the catalog's aggregates."""
import json

from sqlalchemy import String, and_, cast, exists, func, or_, select

from sqlalchemy.dialects import postgresql, sqlite

from catalog.adapters.orm import favourites, gig_packages, gigs, search_terms, users
from catalog.adapters.search import search_engine, words
from catalog.domain.accounts import User
from catalog.domain.favourites import Favourite
from catalog.domain.gigs import ACTIVE, Gig
from catalog.domain.reports import OPEN, Report

SORTS = ("relevance", "price", "rating", "reviews", "newest")


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
        return self.session.scalars(select(User.username).where(
            or_(User.username == username, User.email == email))).first() is not None

    # gigs
    def add_gig(self, gig):
        self.session.add(gig)
        self.session.flush()
        self.search.index(self.session, gig)

    def reindex(self, gig):
        self.session.flush()
        self.search.index(self.session, gig)

    def gig(self, gig_id):
        return self.session.get(Gig, gig_id)

    def gigs_of(self, seller_id):
        return self.session.scalars(select(Gig).where(Gig.seller_id == seller_id)
                                    .order_by(Gig.created_at)).all()

    def active_gigs_of(self, seller_id):
        return self.session.scalars(select(Gig).where(Gig.seller_id == seller_id,
                                                      Gig.status == ACTIVE)
                                    .order_by(Gig.created_at.desc(), Gig.id)).all()

    def active_gig_count(self, seller_id):
        return self.session.scalar(select(func.count()).select_from(gigs).where(
            gigs.c.seller_id == seller_id, gigs.c.status == ACTIVE))

    def search_gigs(self, criteria, limit, offset):
        """Active gigs matching the criteria, each with the price of the cheapest
        package that meets the price and delivery filters (the one the buyer would buy)."""
        package_filter = [gig_packages.c.gig_id == gigs.c.id]
        if criteria.get("max_delivery_days") is not None:
            package_filter.append(gig_packages.c.delivery_days <= criteria["max_delivery_days"])
        if criteria.get("min_price") is not None:
            package_filter.append(gig_packages.c.price_amount >= criteria["min_price"])
        if criteria.get("max_price") is not None:
            package_filter.append(gig_packages.c.price_amount <= criteria["max_price"])
        price = (select(func.min(gig_packages.c.price_amount)).where(*package_filter)
                 .correlate(gigs).scalar_subquery())

        query = (select(gigs.c.id, gigs.c.title, gigs.c.category, gigs.c.subcategory,
                        gigs.c.created_at, price.label("price"), users.c.username,
                        users.c.level, users.c.rating, users.c.review_count, users.c.country)
                 .join(users, users.c.id == gigs.c.seller_id)
                 .where(gigs.c.status == ACTIVE, exists().where(and_(*package_filter))))
        rank = None
        if words(criteria.get("q")):
            matches = self.search.matches(criteria["q"])
            query = query.join(matches, matches.c.gig_id == gigs.c.id)
            rank = matches.c.rank
        for name in ("category", "subcategory"):
            if criteria.get(name):
                query = query.where(gigs.c[name] == criteria[name])
        for name, value in (criteria.get("attributes") or {}).items():
            query = query.where(gigs.c.attributes[name].as_string() == value)
        if criteria.get("seller_level"):
            query = query.where(users.c.level == criteria["seller_level"])
        if criteria.get("country"):
            query = query.where(users.c.country == criteria["country"])
        if criteria.get("online_since") is not None:
            query = query.where(users.c.last_seen_at >= criteria["online_since"])
        if criteria.get("language"):
            # JSON list of languages: match the quoted code inside the stored list
            query = query.where(func.lower(cast(users.c.languages, String))
                                .contains(json.dumps(criteria["language"].lower())))

        sort = criteria.get("sort") or ("relevance" if rank is not None else "newest")
        order = {
            "relevance": [rank.desc()] if rank is not None else [],
            "price": [price.asc()],
            "rating": [users.c.rating.desc().nulls_last(), users.c.review_count.desc()],
            "reviews": [users.c.review_count.desc()],
            "newest": [],
        }[sort]
        query = query.order_by(*order, gigs.c.created_at.desc(), gigs.c.id)
        rows = self.session.execute(query.limit(limit + 1).offset(offset)).mappings().all()
        return rows[:limit], len(rows) > limit


    # favourites (C8)
    def favourite(self, user_id, gig_id):
        return self.session.scalars(select(Favourite).where(
            Favourite.user_id == user_id, Favourite.gig_id == gig_id)).first()

    def add_favourite(self, favourite):
        self.session.add(favourite)

    def remove_favourite(self, favourite):
        self.session.delete(favourite)

    def favourite_gigs(self, user_id, limit, offset):
        """The user's favourite gigs with their sellers' usernames, newest heart first."""
        query = (select(Gig, users.c.username)
                 .join(favourites, favourites.c.gig_id == gigs.c.id)
                 .join(users, users.c.id == gigs.c.seller_id)
                 .where(favourites.c.user_id == user_id)
                 .order_by(favourites.c.created_at.desc(), favourites.c.id.desc())
                 .limit(limit + 1).offset(offset))
        rows = self.session.execute(query).all()
        return rows[:limit], len(rows) > limit

    # reports (C9)
    def add_report(self, report):
        self.session.add(report)

    def report(self, report_id):
        return self.session.get(Report, report_id)

    def open_report_by(self, reporter_id, gig_id):
        return self.session.scalars(select(Report).where(
            Report.reporter_id == reporter_id, Report.gig_id == gig_id,
            Report.status == OPEN)).first()

    def reports(self, status, limit, offset):
        """The moderation queue: oldest first, so that none waits forever."""
        query = (select(Report).where(Report.status == status)
                 .order_by(Report.created_at, Report.id).limit(limit + 1).offset(offset))
        rows = self.session.scalars(query).all()
        return rows[:limit], len(rows) > limit

    # autocomplete (C4)
    def record_search_term(self, term, category):
        """Count one more search for the term (an upsert, safe under concurrent searches)."""
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        statement = dialect.insert(search_terms).values(term=term, count=1, last_category=category)
        statement = statement.on_conflict_do_update(
            index_elements=[search_terms.c.term],
            set_={"count": search_terms.c.count + 1,
                  "last_category": func.coalesce(statement.excluded.last_category,
                                                 search_terms.c.last_category)})
        self.session.execute(statement)

    def search_terms_starting(self, prefix, limit):
        rows = self.session.execute(
            select(search_terms.c.term, search_terms.c.last_category)
            .where(search_terms.c.term.startswith(prefix, autoescape=True))
            .order_by(search_terms.c.count.desc(), search_terms.c.term).limit(limit)).all()
        return [(row.term, row.last_category) for row in rows]

    def offered_subcategories(self):
        return {(row.category, row.subcategory) for row in self.session.execute(
            select(gigs.c.category, gigs.c.subcategory).where(gigs.c.status == ACTIVE).distinct())}

    def active_titles_containing(self, text, limit=500):
        return [(row.title, row.category) for row in self.session.execute(
            select(gigs.c.title, gigs.c.category)
            .where(gigs.c.status == ACTIVE,
                   func.lower(gigs.c.title).contains(text, autoescape=True))
            .order_by(gigs.c.created_at.desc()).limit(limit))]
