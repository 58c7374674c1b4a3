"""The catalog's versions (`catalog.domain.search_cache`): one counter per kind of
answer, a row each, increased once per transaction that touched it, at commit, so
the row is locked (PostgreSQL) only from then to the commit."""

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from microtache.outages import database_outage

from catalog.adapters.orm import catalog_versions
from catalog.domain.gallery import GalleryFile
from catalog.domain.gigs import Extra, Gig, Package
from catalog.domain.search_cache import LISTINGS

SHOWN_BY_SEARCH = (Gig, Package, Extra, GalleryFile)  # the rows of a gig, as the ORM writes them
CURRENT = f"SELECT name, version FROM {catalog_versions.name}"
KEY = "catalog_versions"  # in Session.info: the unit of work's CatalogVersions


def current_versions(store):
    """`{name: number}`, as committed now: every search and suggestion asks first, so
    it is plain SQL on a connection of the pool (60 us on SQLite; through a session
    and the ORM it took 220)."""
    with database_outage(store.service_name), store.engine.connect() as conn:
        return dict(conn.exec_driver_sql(CURRENT).all())


class CatalogVersions:
    """`uow.versions`: `touch(name)` says this transaction changes what answers that
    depend on `name` would say (the repositories that write those rows call it); the
    counters touched are increased just before the commit. As a net under the
    repositories, any gig (or its packages, extras, gallery) the ORM flushes touches
    LISTINGS too."""

    def __init__(self, session):
        self.session = session
        self.touched = set()
        session.info[KEY] = self

    def touch(self, *names):
        self.touched.update(names)

    def flushing(self, session):
        changed = (*session.new, *session.deleted)
        changed += tuple(i for i in session.dirty if session.is_modified(i))
        if any(isinstance(instance, SHOWN_BY_SEARCH) for instance in changed):
            self.touched.add(LISTINGS)

    def committing(self, session):
        session.flush()  # what is still pending may touch
        if self.touched:
            session.execute(
                update(catalog_versions)
                .where(catalog_versions.c.name.in_(sorted(self.touched)))
                .values(version=catalog_versions.c.version + 1)
            )
            self.touched.clear()


# listened to once for every session (a listener per session costs ~15 us each, on
# every search); sessions that are not a catalog unit of work's are left alone
@event.listens_for(Session, "before_flush")
def _flushing(session, _context, _instances):
    versions = session.info.get(KEY)
    if versions is not None:
        versions.flushing(session)


@event.listens_for(Session, "before_commit")
def _committing(session):
    versions = session.info.get(KEY)
    if versions is not None:
        versions.committing(session)
