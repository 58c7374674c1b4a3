"""The reviews service's unit of work: one transaction, its repositories as attributes."""

from microtache.database import UnitOfWork

from reviews.adapters.repository import Invitations, Reports, Reviews, Tips


class ReviewsUnitOfWork(UnitOfWork):
    """`uow.reviews` (reviews, windows, private feedback, ratings), `uow.reports`,
    `uow.invitations`, `uow.tips`, all on this transaction's session."""

    def __init__(self, session, *args, **kwargs):
        super().__init__(session, *args, **kwargs)
        self.reviews = Reviews(session)
        self.reports = Reports(session)
        self.invitations = Invitations(session)
        self.tips = Tips(session)
