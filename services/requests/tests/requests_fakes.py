"""In-memory fakes of the requests service's unit of work and repositories
(cosmicpython's FakeUnitOfWork): service-layer tests run in milliseconds, no database."""

from microtache.clock import Clock
from microtache.envelopes import envelope

from buyer_requests import contract
from buyer_requests.domain.requests import ACTIVE, DELETED, MAX_OFFERS
from buyer_requests.domain.sellers import Seller


def _page(items, limit, offset):
    return items[offset : offset + limit], len(items) > offset + limit


class FakeRequests:
    def __init__(self):
        self.requests, self.offers, self.declined = {}, {}, set()

    def add(self, request):
        self.requests[request.id] = request

    def get(self, request_id, lock=False):
        request = self.requests.get(request_id)
        return request if request is not None and request.status != DELETED else None

    def _counted(self, requests):
        return [(r, self.count_offers(r.id)) for r in requests]

    def of_buyer(self, buyer_id, status, limit, offset):
        mine = [
            r
            for r in self.requests.values()
            if r.buyer_id == buyer_id and r.status != DELETED and (not status or r.status == status)
        ]
        mine.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return _page(self._counted(mine), limit, offset)

    def with_status(self, status, limit, offset):
        found = sorted(
            (r for r in self.requests.values() if r.status == status),
            key=lambda r: (r.created_at, r.id),
        )
        return _page(self._counted(found), limit, offset)

    def open_for(self, seller, limit, offset):
        found = [
            r
            for r in self.requests.values()
            if r.status == ACTIVE
            and r.subcategory in seller.subcategories
            and r.buyer_id != seller.user_id
            and not self.declined_by(r.id, seller.user_id)
            and self.offer_by(r.id, seller.user_id) is None
            and self.count_offers(r.id) < MAX_OFFERS
        ]
        found.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return _page(self._counted(found), limit, offset)

    def add_offer(self, offer):
        self.offers[offer.id] = offer

    def offer(self, offer_id):
        return self.offers.get(offer_id)

    def offers_of(self, request_id):
        return [o for o in self.offers.values() if o.request_id == request_id]

    def offer_by(self, request_id, seller_id):
        return next((o for o in self.offers_of(request_id) if o.seller_id == seller_id), None)

    def count_offers(self, request_id):
        return len(self.offers_of(request_id))

    def declined_by(self, request_id, seller_id):
        return (request_id, seller_id) in self.declined

    def decline(self, request_id, seller_id, now):
        self.declined.add((request_id, seller_id))


class FakeQuotes:
    def __init__(self):
        self.quotes = {}

    def add(self, quote):
        self.quotes[quote.id] = quote

    def get(self, quote_request_id):
        return self.quotes.get(quote_request_id)

    def custom_offer(self, offer_id):
        return next(
            (o for q in self.quotes.values() for o in q.custom_offers if o.id == offer_id), None
        )

    def of_user(self, user_id, role, limit, offset):
        found = [
            q
            for q in self.quotes.values()
            if (role != "seller" and q.buyer_id == user_id)
            or (role != "buyer" and q.seller_id == user_id)
        ]
        found.sort(key=lambda q: (q.created_at, q.id), reverse=True)
        return _page(found, limit, offset)


class FakeSellers:
    def __init__(self):
        self.sellers = {}

    def get(self, user_id):
        return self.sellers.get(user_id)

    def get_or_add(self, user_id):
        return self.sellers.setdefault(user_id, Seller(user_id=user_id))

    def by_username(self, username):
        return next((s for s in self.sellers.values() if s.username == username), None)

    def of(self, user_ids):
        return {i: self.sellers[i] for i in user_ids if i in self.sellers}

    def usernames(self, user_ids):
        return {i: s.username for i, s in self.of(user_ids).items()}

    def gig(self, gig_id):
        return next((g for s in self.sellers.values() for g in s.gigs if g.gig_id == gig_id), None)


class FakeUnitOfWork:
    """What the service layer uses of `RequestsUnitOfWork`: the repositories, the clock,
    and `publish`, which dumps through the contract as the real one does."""

    def __init__(self, clock=None):
        self.clock = clock or Clock()
        self.requests, self.quotes, self.sellers = FakeRequests(), FakeQuotes(), FakeSellers()
        self.published = []

    def now(self):
        return self.clock.now()

    def publish(self, event_type, payload):
        message = envelope(event_type, contract.EVENTS.dump(event_type, payload), self.now())
        self.published.append(message)
        return message

    def events(self, event_type):
        return [m for m in self.published if m["event_type"] == event_type]
