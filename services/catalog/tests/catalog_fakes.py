"""In-memory stand-ins for the catalog's unit of work (cosmicpython's FakeUnitOfWork):
the service layer runs against them in milliseconds, with no database and no broker.
Each repository keeps in dicts and lists what its `catalog.adapters` namesake keeps in
tables; `publish` dumps through the contract as the real one does. Search (C5) is
SQL and full-text through and through: it has no fake, and its tests use the database."""

from collections import Counter

from catalog.contract import EVENTS
from catalog.domain.gigs import ACTIVE, listing
from catalog.domain.levels import SellerOrder, SellerStats
from catalog.domain.reports import OPEN


class FakeAccounts:
    """`uow.accounts`: users by id, sign-in failures as (key, time) pairs."""

    def __init__(self):
        self.users, self.failures = {}, []

    def add_new(self, user):
        if self.username_or_email_taken(user.username, user.email):
            return False
        self.users[user.id] = user
        return True

    def user(self, user_id):
        return self.users.get(user_id)

    def user_by_username(self, username):
        return next((u for u in self.users.values() if u.username == username), None)

    def username_or_email_taken(self, username, email):
        return any(
            u.username == username or u.email.lower() == email.lower() for u in self.users.values()
        )

    def sign_in_failures(self, key, since):
        return [at for k, at in self.failures if k == key and at > since]

    def record_sign_in_failure(self, keys, now, forget_before):
        self.failures = [(k, at) for k, at in self.failures if at > forget_before]
        self.failures += [(key, now) for key in keys if key]

    def forget_sign_in_failures(self, key):
        self.failures = [(k, at) for k, at in self.failures if k != key]


class FakeGigs:
    """`uow.gigs`: gigs by id; `listed` counts the active (title, category) pairs that
    autocomplete's title phrases follow; `sellers_changed` the sellers whose facts the
    gigs' rows would copy again."""

    def __init__(self):
        self.gigs, self.listed, self.sellers_changed = {}, Counter(), []

    def add(self, gig, seller):
        self.gigs[gig.id] = gig
        self.relist(None, listing(gig))

    def reindex(self, gig, before):
        self.relist(before, listing(gig))

    def relist(self, before, after):
        if before != after:
            for entry, delta in ((before, -1), (after, 1)):
                if entry is not None:
                    self.listed[entry] += delta
        self.listed = +self.listed  # no zero counts, as title_phrases keeps none

    def seller_changed(self, user):
        self.sellers_changed.append(user.id)

    def get(self, gig_id):
        return self.gigs.get(gig_id)

    def active_of_seller(self, seller_id):
        found = [g for g in self.gigs.values() if g.seller_id == seller_id and g.status == ACTIVE]
        return sorted(found, key=lambda g: (g.created_at, g.id), reverse=True)

    def of_seller(self, seller_id, statuses, limit, offset):
        found = [g for g in self.gigs.values() if g.seller_id == seller_id and g.status in statuses]
        found.sort(key=lambda g: (g.created_at, g.id), reverse=True)
        return found[offset : offset + limit], len(found) > offset + limit

    def active_count(self, seller_id):
        return len(self.active_of_seller(seller_id))


class FakeSellerFigures:
    """`uow.sellers`: each seller's totals, and what they keep of each order."""

    def __init__(self):
        self.totals, self.orders = {}, {}

    def stats(self, seller_id):
        return self.totals.get(seller_id)

    def stats_for_update(self, seller_id):
        return self.totals.setdefault(seller_id, SellerStats(seller_id=seller_id))

    def order(self, order_id, seller_id):
        return self.orders.setdefault(order_id, SellerOrder(order_id=order_id, seller_id=seller_id))


class FakeFavourites:
    """`uow.favourites`: the hearts, in the order they were given."""

    def __init__(self, gigs, accounts):
        self.kept, self._gigs, self._accounts = [], gigs, accounts

    def get(self, user_id, gig_id):
        return next((f for f in self.kept if (f.user_id, f.gig_id) == (user_id, gig_id)), None)

    def add(self, favourite):
        self.kept.append(favourite)

    def remove(self, favourite):
        self.kept.remove(favourite)

    def gigs_of(self, user_id, limit, offset):
        mine = [f for f in reversed(self.kept) if f.user_id == user_id]
        rows = [
            (gig, self._accounts.user(gig.seller_id).username)
            for gig in (self._gigs.get(f.gig_id) for f in mine)
        ][offset : offset + limit + 1]
        return rows[:limit], len(rows) > limit


class FakeReports:
    """`uow.reports`: reports by id."""

    def __init__(self):
        self.reports = {}

    def add(self, report):
        self.reports[report.id] = report

    def get(self, report_id):
        return self.reports.get(report_id)

    def open_report_by(self, reporter_id, gig_id):
        return next(
            (
                r
                for r in self.reports.values()
                if (r.reporter_id, r.gig_id, r.status) == (reporter_id, gig_id, OPEN)
            ),
            None,
        )

    def queue(self, status, limit, offset):
        found = sorted(
            (r for r in self.reports.values() if r.status == status),
            key=lambda r: (r.created_at, r.id),
        )[offset : offset + limit + 1]
        return found[:limit], len(found) > limit


class FakeSuggestions:
    """`uow.suggestions`: only what an admin removed (C4); the rest is SQL, tested on
    the database."""

    def __init__(self):
        self.blocked = set()

    def blocked_terms(self, terms):
        return self.blocked & set(terms)

    def block_suggestion(self, term, admin_id, now):
        self.blocked.add(term)


class FakeUnitOfWork:
    def __init__(self, now):
        self.accounts = FakeAccounts()
        self.suggestions = FakeSuggestions()
        self.gigs = FakeGigs()
        self.sellers = FakeSellerFigures()
        self.favourites = FakeFavourites(self.gigs, self.accounts)
        self.reports = FakeReports()
        self.published = []
        self.clock_now = now

    def now(self):
        return self.clock_now

    def publish(self, event_type, payload):
        message = {"event_type": event_type, **EVENTS.dump(event_type, payload)}
        self.published.append(message)
        return message

    def types(self):
        return [message["event_type"] for message in self.published]
