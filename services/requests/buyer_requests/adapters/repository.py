"""Reading and writing buyer requests, offers, quote requests and what we know of sellers."""

from sqlalchemy import and_, exists, func, or_, select

from buyer_requests.adapters.orm import declined_requests, request_offers
from buyer_requests.domain.offers import Offer
from buyer_requests.domain.quotes import CustomOffer, QuoteRequest
from buyer_requests.domain.requests import ACTIVE, DELETED, MAX_OFFERS, BuyerRequest
from buyer_requests.domain.sellers import Seller, SellerGig


def _page(session, query, limit, offset):
    rows = session.execute(query.limit(limit + 1).offset(offset)).all()
    return rows[:limit], len(rows) > limit


def offers_received():
    """R6, R7: how many offers each request received (one the buyer removed from the
    list still arrived, and still counts towards the five)."""
    return (
        select(func.count())
        .select_from(request_offers)
        .where(request_offers.c.request_id == BuyerRequest.id)
        .correlate(BuyerRequest)
        .scalar_subquery()
    )


class Requests:
    def __init__(self, session):
        self.session = session

    def add(self, request):
        self.session.add(request)

    def get(self, request_id, lock=False):
        """A request, unless deleted. `lock` holds its row until commit (PostgreSQL), so
        that two sellers' offers never both take the fifth place (R6)."""
        query = select(BuyerRequest).where(
            BuyerRequest.id == request_id, BuyerRequest.status != DELETED
        )
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def of_buyer(self, buyer_id, status, limit, offset):
        """The buyer's requests with their offer counts, newest first."""
        query = (
            select(BuyerRequest, offers_received())
            .where(BuyerRequest.buyer_id == buyer_id, BuyerRequest.status != DELETED)
            .order_by(BuyerRequest.created_at.desc(), BuyerRequest.id.desc())
        )
        if status:
            query = query.where(BuyerRequest.status == status)
        return _page(self.session, query, limit, offset)

    def with_status(self, status, limit, offset):
        """The admin's queue (R2): oldest first, so that none waits forever."""
        query = (
            select(BuyerRequest, offers_received())
            .where(BuyerRequest.status == status)
            .order_by(BuyerRequest.created_at, BuyerRequest.id)
        )
        return _page(self.session, query, limit, offset)

    def open_for(self, seller, limit, offset):
        """R6: active requests of the seller's subcategories that still take offers,
        newest (and freshly boosted) first; not the seller's own, not those they declined
        or already answered."""
        count = offers_received()
        declined = exists().where(
            declined_requests.c.request_id == BuyerRequest.id,
            declined_requests.c.seller_id == seller.user_id,
        )
        answered = exists().where(
            request_offers.c.request_id == BuyerRequest.id,
            request_offers.c.seller_id == seller.user_id,
        )
        query = (
            select(BuyerRequest, count)
            .where(
                BuyerRequest.status == ACTIVE,
                BuyerRequest.subcategory.in_(seller.subcategories),
                BuyerRequest.buyer_id != seller.user_id,
                ~declined,
                ~answered,
                count < MAX_OFFERS,
            )
            .order_by(BuyerRequest.created_at.desc(), BuyerRequest.id.desc())
        )
        return _page(self.session, query, limit, offset)

    # offers (R6, R7)
    def add_offer(self, offer):
        self.session.add(offer)

    def offer(self, offer_id):
        return self.session.get(Offer, offer_id)

    def offers_of(self, request_id):
        return self.session.scalars(select(Offer).where(Offer.request_id == request_id)).all()

    def offer_by(self, request_id, seller_id):
        return self.session.scalars(
            select(Offer).where(Offer.request_id == request_id, Offer.seller_id == seller_id)
        ).first()

    def count_offers(self, request_id):
        """R6: offers received, removed ones included."""
        return self.session.scalar(
            select(func.count())
            .select_from(request_offers)
            .where(request_offers.c.request_id == request_id)
        )

    def declined_by(self, request_id, seller_id):
        return (
            self.session.execute(
                select(declined_requests.c.request_id).where(
                    declined_requests.c.request_id == request_id,
                    declined_requests.c.seller_id == seller_id,
                )
            ).first()
            is not None
        )

    def decline(self, request_id, seller_id, now):
        """R6: idempotent; a second decline changes nothing."""
        if not self.declined_by(request_id, seller_id):
            self.session.execute(
                declined_requests.insert().values(
                    request_id=request_id, seller_id=seller_id, declined_at=now
                )
            )


class Quotes:
    def __init__(self, session):
        self.session = session

    def add(self, quote_request):
        self.session.add(quote_request)

    def get(self, quote_request_id):
        return self.session.get(QuoteRequest, quote_request_id)

    def custom_offer(self, offer_id):
        return self.session.get(CustomOffer, offer_id)

    def of_user(self, user_id, role, limit, offset):
        """Quote requests the user sent (buyer), received (seller), or both; newest first."""
        sides = {
            "buyer": [QuoteRequest.buyer_id == user_id],
            "seller": [QuoteRequest.seller_id == user_id],
        }
        where = sides.get(role) or [or_(*sides["buyer"], *sides["seller"])]
        query = (
            select(QuoteRequest)
            .where(and_(*where))
            .order_by(QuoteRequest.created_at.desc(), QuoteRequest.id.desc())
        )
        rows, more = _page(self.session, query, limit, offset)
        return [row[0] for row in rows], more


class Sellers:
    def __init__(self, session):
        self.session = session

    def get(self, user_id):
        return self.session.get(Seller, user_id)

    def get_or_add(self, user_id):
        seller = self.get(user_id)
        if seller is None:
            seller = Seller(user_id=user_id)
            self.session.add(seller)
        return seller

    def by_username(self, username):
        return self.session.scalars(select(Seller).where(Seller.username == username)).first()

    def of(self, user_ids):
        return {
            seller.user_id: seller
            for seller in self.session.scalars(
                select(Seller).where(Seller.user_id.in_(list(user_ids)))
            )
        }

    def usernames(self, user_ids):
        return {user_id: seller.username for user_id, seller in self.of(user_ids).items()}

    def gig(self, gig_id):
        return self.session.get(SellerGig, gig_id)
