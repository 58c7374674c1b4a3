"""Favourites (C8): the gigs a user keeps."""

from sqlalchemy import select

from catalog.adapters.orm import favourites, gigs, users
from catalog.domain.favourites import Favourite
from catalog.domain.gigs import Gig


class Favourites:
    """`uow.favourites`."""

    def __init__(self, session):
        self.session = session

    def get(self, user_id, gig_id):
        return self.session.scalars(
            select(Favourite).where(Favourite.user_id == user_id, Favourite.gig_id == gig_id)
        ).first()

    def add(self, favourite):
        self.session.add(favourite)

    def remove(self, favourite):
        self.session.delete(favourite)

    def gigs_of(self, user_id, limit, offset):
        """The user's favourite gigs with their sellers' usernames, newest heart first."""
        query = (
            select(Gig, users.c.username)
            .join(favourites, favourites.c.gig_id == gigs.c.id)
            .join(users, users.c.id == gigs.c.seller_id)
            .where(favourites.c.user_id == user_id)
            .order_by(favourites.c.created_at.desc(), favourites.c.id.desc())
            .limit(limit + 1)
            .offset(offset)
        )
        rows = self.session.execute(query).all()
        return rows[:limit], len(rows) > limit
