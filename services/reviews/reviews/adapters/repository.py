"""Reading and writing reviews."""
from reviews.domain.reviews import Review


class Reviews:
    def __init__(self, session):
        self.session = session

    def add(self, review):
        self.session.add(review)

    def get(self, review_id):
        return self.session.get(Review, review_id)
