"""Reading and writing reviews, windows, ratings, reports, invitations and tips.

`lock=True` holds a row until commit (PostgreSQL's FOR UPDATE), so that two workers
never both change a seller's rating or credits from the same starting point.
"""

from sqlalchemy import and_, or_, select

from reviews.adapters.orm import review_invitations, review_reports, reviews
from reviews.domain.invitations import Invitation, InvitationCredits, PastClient
from reviews.domain.moderation import OPEN, ReviewReport
from reviews.domain.orders import BUYER, SELLER
from reviews.domain.ratings import SellerRating
from reviews.domain.reviews import PrivateFeedback, Review
from reviews.domain.tips import Tip
from reviews.domain.windows import ReviewWindow


def _one(session, statement, lock):
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


class Reviews:
    def __init__(self, session):
        self.session = session

    def add(self, item):
        self.session.add(item)

    def get(self, review_id, lock=False):
        return _one(self.session, select(Review).where(reviews.c.id == review_id), lock)

    def of_order(self, order_id, author_role, lock=False):
        return _one(
            self.session,
            select(Review).where(
                reviews.c.order_id == order_id, reviews.c.author_role == author_role
            ),
            lock,
        )

    def buyer_review(self, order_id, lock=False):
        return self.of_order(order_id, BUYER, lock)

    def seller_review(self, order_id, lock=False):
        return self.of_order(order_id, SELLER, lock)

    def public_of_seller(self, seller_id, limit, after=None):
        """V6: the seller's counted reviews, newest published first; `after` =
        (published_at, id) of the last one seen."""
        c = reviews.c
        condition = and_(
            c.seller_id == seller_id,
            c.author_role == BUYER,
            c.published_at.is_not(None),
            c.removed_at.is_(None),
        )
        if after is not None:
            condition = and_(
                condition,
                or_(c.published_at < after[0], and_(c.published_at == after[0], c.id < after[1])),
            )
        return list(
            self.session.scalars(
                select(Review)
                .where(condition)
                .order_by(c.published_at.desc(), c.id.desc())
                .limit(limit)
            )
        )

    # the window of each completed order (V2, V4)
    def window(self, order_id, lock=False):
        return _one(
            self.session, select(ReviewWindow).where(ReviewWindow.order_id == order_id), lock
        )

    # private feedback (V5)
    def private_feedback(self, order_id):
        return self.session.get(PrivateFeedback, order_id)

    # ratings (V6)
    def rating(self, seller_id, lock=False):
        return _one(
            self.session, select(SellerRating).where(SellerRating.seller_id == seller_id), lock
        )

    def rating_for_update(self, seller_id):
        found = self.rating(seller_id, lock=True)
        if found is None:
            found = SellerRating(seller_id=seller_id)
            self.session.add(found)
        return found


class Reports:
    def __init__(self, session):
        self.session = session

    def add(self, report):
        self.session.add(report)

    def get(self, report_id, lock=False):
        return _one(
            self.session, select(ReviewReport).where(review_reports.c.id == report_id), lock
        )

    def open_of(self, review_id, reporter_id=None):
        c = review_reports.c
        statement = select(ReviewReport).where(c.review_id == review_id, c.status == OPEN)
        if reporter_id is not None:
            statement = statement.where(c.reporter_id == reporter_id)
        return list(self.session.scalars(statement))

    def queue(self, status, limit, after=None):
        """The moderation queue, oldest first (V7)."""
        c = review_reports.c
        condition = c.status == status
        if after is not None:
            condition = and_(
                condition,
                or_(c.created_at > after[0], and_(c.created_at == after[0], c.id > after[1])),
            )
        return list(
            self.session.scalars(
                select(ReviewReport).where(condition).order_by(c.created_at, c.id).limit(limit)
            )
        )


class Invitations:
    def __init__(self, session):
        self.session = session

    def add(self, item):
        self.session.add(item)

    def get(self, invitation_id, lock=False):
        return _one(
            self.session, select(Invitation).where(review_invitations.c.id == invitation_id), lock
        )

    def with_client(self, seller_id, client_id):
        c = review_invitations.c
        return list(
            self.session.scalars(
                select(Invitation).where(c.seller_id == seller_id, c.client_id == client_id)
            )
        )

    def of_seller(self, seller_id, limit, after=None):
        c = review_invitations.c
        condition = c.seller_id == seller_id
        if after is not None:
            condition = and_(
                condition,
                or_(c.created_at < after[0], and_(c.created_at == after[0], c.id < after[1])),
            )
        return list(
            self.session.scalars(
                select(Invitation)
                .where(condition)
                .order_by(c.created_at.desc(), c.id.desc())
                .limit(limit)
            )
        )

    def past_client(self, seller_id, client_id):
        return self.session.get(PastClient, (seller_id, client_id))

    def credits(self, seller_id, lock=False):
        found = _one(
            self.session,
            select(InvitationCredits).where(InvitationCredits.seller_id == seller_id),
            lock,
        )
        if found is None:
            found = InvitationCredits(seller_id=seller_id)
            if lock:
                self.session.add(found)
        return found


class Tips:
    def __init__(self, session):
        self.session = session

    def add(self, tip):
        self.session.add(tip)

    def forget(self, tip):
        self.session.delete(tip)

    def get(self, tip_id, lock=False):
        return _one(self.session, select(Tip).where(Tip.tip_id == tip_id), lock)

    def of_order(self, order_id, lock=False):
        return _one(self.session, select(Tip).where(Tip.order_id == order_id), lock)
