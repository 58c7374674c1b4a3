"""Seller levels (C7): each seller's figures, and what they keep of each order."""

from catalog.domain.levels import SellerOrder, SellerStats


class SellerFigures:
    """`uow.sellers`."""

    def __init__(self, session):
        self.session = session

    def stats(self, seller_id):
        """The seller's totals, None before the first order or earnings."""
        return self.session.get(SellerStats, seller_id)

    def stats_for_update(self, seller_id):
        stats = self.session.get(SellerStats, seller_id)
        if stats is None:
            stats = SellerStats(seller_id=seller_id)
            self.session.add(stats)
        return stats

    def order(self, order_id, seller_id):
        """What the seller's figures keep of an order, new if unknown."""
        order = self.session.get(SellerOrder, order_id)
        if order is None:
            order = SellerOrder(order_id=order_id, seller_id=seller_id)
            self.session.add(order)
        return order
