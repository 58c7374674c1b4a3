"""In-memory fakes of reviews' unit of work and store (cosmicpython's FakeUnitOfWork):
the service layer's handlers run on them in milliseconds, with no database. Each
repository keeps what `adapters.repository` keeps, in lists and dicts; `publish` dumps
through the contract as the real one does."""

from contextlib import contextmanager

from microtache.clock import Clock

from reviews.contract import EVENTS
from reviews.domain.invitations import Invitation, InvitationCredits, PastClient
from reviews.domain.moderation import OPEN
from reviews.domain.orders import BUYER, SELLER
from reviews.domain.ratings import SellerRating
from reviews.domain.reviews import PrivateFeedback, Review
from reviews.domain.tips import Tip
from reviews.domain.windows import ReviewWindow


def _first(items, **where):
    return next(
        (
            item
            for item in items
            if all(getattr(item, name) == value for name, value in where.items())
        ),
        None,
    )


class FakeReviews:
    def __init__(self):
        self.reviews, self.windows, self.feedback, self.ratings = [], {}, {}, {}

    def add(self, item):
        if isinstance(item, Review):
            self.reviews.append(item)
        elif isinstance(item, ReviewWindow):
            self.windows[item.order_id] = item
        elif isinstance(item, PrivateFeedback):
            self.feedback[item.order_id] = item
        elif isinstance(item, SellerRating):
            self.ratings[item.seller_id] = item
        else:
            raise TypeError(item)

    def get(self, review_id, lock=False):
        return _first(self.reviews, id=review_id)

    def of_order(self, order_id, author_role, lock=False):
        return _first(self.reviews, order_id=order_id, author_role=author_role)

    def buyer_review(self, order_id, lock=False):
        return self.of_order(order_id, BUYER)

    def seller_review(self, order_id, lock=False):
        return self.of_order(order_id, SELLER)

    def public_of_seller(self, seller_id, limit, after=None):
        found = sorted(
            (r for r in self.reviews if r.seller_id == seller_id and r.counts),
            key=lambda r: (r.published_at, r.id),
            reverse=True,
        )
        if after is not None:
            found = [r for r in found if (r.published_at, r.id) < tuple(after)]
        return found[:limit]

    def window(self, order_id, lock=False):
        return self.windows.get(order_id)

    def private_feedback(self, order_id):
        return self.feedback.get(order_id)

    def rating(self, seller_id, lock=False):
        return self.ratings.get(seller_id)

    def rating_for_update(self, seller_id):
        return self.ratings.setdefault(seller_id, SellerRating(seller_id=seller_id))


class FakeReports:
    def __init__(self):
        self.reports = []

    def add(self, report):
        self.reports.append(report)

    def get(self, report_id, lock=False):
        return _first(self.reports, id=report_id)

    def open_of(self, review_id, reporter_id=None):
        return [
            r
            for r in self.reports
            if r.review_id == review_id
            and r.status == OPEN
            and reporter_id in (None, r.reporter_id)
        ]

    def queue(self, status, limit, after=None):
        found = sorted(
            (r for r in self.reports if r.status == status), key=lambda r: (r.created_at, r.id)
        )
        if after is not None:
            found = [r for r in found if (r.created_at, r.id) > tuple(after)]
        return found[:limit]


class FakeInvitations:
    def __init__(self):
        self.invitations, self.past_clients, self.all_credits = [], {}, {}

    def add(self, item):
        if isinstance(item, Invitation):
            self.invitations.append(item)
        elif isinstance(item, PastClient):
            self.past_clients[(item.seller_id, item.client_id)] = item
        elif isinstance(item, InvitationCredits):
            self.all_credits[item.seller_id] = item
        else:
            raise TypeError(item)

    def get(self, invitation_id, lock=False):
        return _first(self.invitations, id=invitation_id)

    def with_client(self, seller_id, client_id):
        return [i for i in self.invitations if (i.seller_id, i.client_id) == (seller_id, client_id)]

    def of_seller(self, seller_id, limit, after=None):
        found = sorted(
            (i for i in self.invitations if i.seller_id == seller_id),
            key=lambda i: (i.created_at, i.id),
            reverse=True,
        )
        if after is not None:
            found = [i for i in found if (i.created_at, i.id) < tuple(after)]
        return found[:limit]

    def past_client(self, seller_id, client_id):
        return self.past_clients.get((seller_id, client_id))

    def credits(self, seller_id, lock=False):
        found = self.all_credits.get(seller_id)
        if found is None:
            found = InvitationCredits(seller_id=seller_id)
            if lock:
                self.all_credits[seller_id] = found
        return found


class FakeTips:
    def __init__(self):
        self.tips = []

    def add(self, tip):
        assert isinstance(tip, Tip)
        self.tips.append(tip)

    def forget(self, tip):
        self.tips.remove(tip)

    def get(self, tip_id, lock=False):
        return _first(self.tips, tip_id=tip_id)

    def of_order(self, order_id, lock=False):
        return _first(self.tips, order_id=order_id)


class FakeUnitOfWork:
    """`ReviewsUnitOfWork` in memory: the same repositories by name; what it publishes
    (dumped through reviews.contract's EVENTS) in `published`, committed or not."""

    def __init__(self, clock):
        self.clock = clock
        self.reviews, self.reports = FakeReviews(), FakeReports()
        self.invitations, self.tips = FakeInvitations(), FakeTips()
        self.published, self.handled = [], set()

    def now(self):
        return self.clock.now()

    def publish(self, event_type, payload):
        message = {"event_type": event_type, **EVENTS.dump(event_type, payload)}
        self.published.append(message)
        return message

    def handled_before(self, event_id, consumer):
        return (event_id, consumer) in self.handled

    def mark_handled(self, event_id, consumer):
        self.handled.add((event_id, consumer))

    def of_type(self, event_type):
        return [m for m in self.published if m["event_type"] == event_type]


class FakeStore:
    """`microtache.database.Store` for the service layer: one in-memory unit of work,
    the same in every transaction (nothing is rolled back: the handlers check before
    they change)."""

    def __init__(self, clock=None):
        self.clock = clock or Clock()
        self.uow = FakeUnitOfWork(self.clock)

    @contextmanager
    def unit_of_work(self):
        yield self.uow

    read_only = unit_of_work

    def handle_once(self, event, handler, consumer):
        if self.uow.handled_before(event["event_id"], consumer):
            return None
        result = handler(self.uow, event)
        self.uow.mark_handled(event["event_id"], consumer)
        return result
