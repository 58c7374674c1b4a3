"""Autocomplete (C4): the terms people searched and found gigs for, the phrases of
active gigs' titles, the subcategories on offer, and the suggestions admins removed."""

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from catalog.adapters.orm import (
    blocked_suggestions,
    gigs,
    search_term_searchers,
    search_terms,
    title_phrases,
)
from catalog.domain import suggestions as autocomplete
from catalog.domain.gigs import ACTIVE
from catalog.domain.search_cache import LISTINGS, TERMS


def starting(column, prefix):
    """`column` starts with `prefix`: a range an index answers, checked again exactly."""
    exact = [column >= prefix, column.startswith(prefix, autoescape=True)]
    if ord(prefix[-1]) < 0x10FFFF:
        exact.append(column < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return exact


class Suggestions:
    """`uow.suggestions`; `versions` the unit of work's `uow.versions`, touched by
    every change of what autocomplete answers (C4)."""

    def __init__(self, session, versions=None):
        self.session = session
        self.versions = versions

    def _touch(self, name):
        if self.versions is not None:
            self.versions.touch(name)

    def record_search_term(self, term, category, searcher, now, prune=True):
        """One more distinct searcher (a hashed id) for a term that found gigs: the
        term's count is how many distinct people searched it in the last
        TERM_WINDOW (upserts, safe under concurrent searches and replicas).
        Autocomplete shows a term from MIN_SEARCHERS on, ordered by its count, with
        its last category: TERMS is touched only when one of those changes.
        A new term prunes the table, unless `prune` is False (the caller prunes
        once for a batch). True when the term was new."""
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        known = self.session.execute(
            select(search_terms.c.searchers, search_terms.c.last_category).where(
                search_terms.c.term == term
            )
        ).first()
        shown = known is not None and known.searchers >= autocomplete.MIN_SEARCHERS
        if shown and category is not None and category != known.last_category:
            self._touch(TERMS)
        if known is not None and known.searchers >= autocomplete.MAX_SEARCHERS_PER_TERM:
            self.session.execute(
                update(search_terms)
                .where(search_terms.c.term == term)
                .values(last_searched_at=now, last_category=category)
            )
            return False
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
        counted = self.session.scalar(
            select(search_terms.c.searchers).where(search_terms.c.term == term)
        )
        if counted >= autocomplete.MIN_SEARCHERS and (known is None or counted != known.searchers):
            self._touch(TERMS)
        if known is None and prune:  # a new term: keep the table within its bounds
            self.prune_search_terms(now)
        return known is None

    def prune_search_terms(self, now):
        """Terms nobody searched in TERM_WINDOW go, searchers older than it stop
        counting, and beyond MAX_TERMS the least searched, oldest terms go."""
        forget_before = now - autocomplete.TERM_WINDOW
        self.session.execute(
            delete(search_term_searchers).where(search_term_searchers.c.searched_at < forget_before)
        )
        forgotten = self.session.execute(
            delete(search_terms).where(search_terms.c.last_searched_at < forget_before)
        )
        if forgotten.rowcount:
            self._touch(TERMS)
        excess = (
            self.session.scalar(select(func.count()).select_from(search_terms))
            - autocomplete.MAX_TERMS
        )
        if excess > 0:
            self._touch(TERMS)
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
        self._touch(TERMS)
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
        self._touch(LISTINGS)
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
