"""Reading and writing buyer requests."""
from buyer_requests.domain.requests import BuyerRequest


class Requests:
    def __init__(self, session):
        self.session = session

    def add(self, request):
        self.session.add(request)

    def get(self, request_id):
        return self.session.get(BuyerRequest, request_id)
