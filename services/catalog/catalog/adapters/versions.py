"""The catalog's versions (`catalog.domain.search_cache`): one counter per kind of
answer, a row each, increased once per transaction that touched it, at commit, so
the row is locked (PostgreSQL) only from then to the commit."""

from sqlalchemy import event, select, update

from catalog.adapters.orm import catalog_versions
from catalog.domain.gallery import GalleryFile
from catalog.domain.gigs import Extra, Gig, Package
from catalog.domain.search_cache import LISTINGS

SHOWN_BY_SEARCH = (Gig, Package, Extra, GalleryFile)  # the rows of a gig, as the ORM writes them


class CatalogVersions:
    """`uow.versions`: `touch(name)` says this transaction changes what answers that
    depend on `name` would say (the repositories that write those rows call it); the
    counters touched are increased just before the commit. As a net under the
    repositories, any gig (or its packages, extras, gallery) the ORM flushes touches
    LISTINGS too."""

    def __init__(self, session):
        self.session = session
        self.touched = set()
        event.listen(session, "before_flush", self._flushing)
        event.listen(session, "before_commit", self._committing)

    def touch(self, *names):
        self.touched.update(names)

    def current(self):
        """`{name: number}`, one indexed read of three rows."""
        return dict(self.session.execute(select(catalog_versions)).tuples().all())

    def _flushing(self, session, _context, _instances):
        changed = (*session.new, *session.deleted)
        changed += tuple(i for i in session.dirty if session.is_modified(i))
        if any(isinstance(instance, SHOWN_BY_SEARCH) for instance in changed):
            self.touched.add(LISTINGS)

    def _committing(self, session):
        session.flush()  # what is still pending may touch
        if self.touched:
            session.execute(
                update(catalog_versions)
                .where(catalog_versions.c.name.in_(sorted(self.touched)))
                .values(version=catalog_versions.c.version + 1)
            )
            self.touched.clear()
