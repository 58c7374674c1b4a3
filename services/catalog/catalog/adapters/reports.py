"""Reports of gigs (C9) and the moderation queue."""

from sqlalchemy import select

from catalog.domain.reports import OPEN, Report


class Reports:
    """`uow.reports`."""

    def __init__(self, session):
        self.session = session

    def add(self, report):
        self.session.add(report)

    def get(self, report_id):
        return self.session.get(Report, report_id)

    def open_report_by(self, reporter_id, gig_id):
        return self.session.scalars(
            select(Report).where(
                Report.reporter_id == reporter_id, Report.gig_id == gig_id, Report.status == OPEN
            )
        ).first()

    def queue(self, status, limit, offset):
        """The moderation queue: oldest first, so that none waits forever."""
        query = (
            select(Report)
            .where(Report.status == status)
            .order_by(Report.created_at, Report.id)
            .limit(limit + 1)
            .offset(offset)
        )
        rows = self.session.scalars(query).all()
        return rows[:limit], len(rows) > limit
