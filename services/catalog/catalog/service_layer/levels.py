"""Seller levels (C7): the seller's figures, fed by orders, payments and reviews, and
the level recomputed from them (the policy is `domain.levels`)."""

import logging

from microtache.deadlines import request_deadline

from catalog.contract import LEVEL_REVIEW_DUE
from catalog.domain import levels

log = logging.getLogger(__name__)


def record_order_completed(uow, event):
    """C7: a completed order counts for its seller, on time or not."""
    return _record_order(
        uow, event, lambda order: order.complete(event["completed_at"], event["delivered_on_time"])
    )


def record_order_cancelled(uow, event):
    """C7: a cancelled order counts against the seller's completion rate, and a
    completed order cancelled by support (O11) no longer counts as completed."""
    return _record_order(uow, event, lambda order: order.cancel(event["cancelled_at"]))


def _record_order(uow, event, change):
    seller = _seller(uow, event)
    if seller is None:
        return None
    stats = uow.sellers.stats_for_update(seller.id)
    order = uow.sellers.order(event["order_id"], seller.id)
    before = order.contribution()
    change(order)
    stats.count(before, order.contribution())
    return review_level(uow, seller, stats)


def record_earnings(uow, event):
    """C7: the seller's earnings from an order or a tip entered clearance (P3)."""
    seller = _seller(uow, event)
    if seller is None:
        return None
    stats = uow.sellers.stats_for_update(seller.id)
    stats.add_earnings(event["earnings"])
    return review_level(uow, seller, stats)


def record_earnings_reversed(uow, event):
    """C7: earnings taken back from the seller (P5) no longer count."""
    seller = _seller(uow, event)
    if seller is None:
        return None
    stats = uow.sellers.stats_for_update(seller.id)
    stats.take_earnings(event["amount"])
    return review_level(uow, seller, stats)


def record_rating(uow, event):
    """V6, C7: the seller's rating and review count, from reviews: search sorts by
    them (C5) and the level needs the rating. A rating older than the one kept
    (events may cross) changes nothing."""
    seller = _seller(uow, event)
    if seller is None:
        return None
    stats = uow.sellers.stats_for_update(seller.id)
    if stats.rating_changed_at is not None and event["occurred_at"] < stats.rating_changed_at:
        log.info("seller_rating_changed for %s older than the rating kept", seller.id)
        return seller.level
    stats.rating_changed_at = event["occurred_at"]
    seller.rating, seller.review_count = event["rating"], event["review_count"]
    uow.gigs.seller_changed(seller)
    return review_level(uow, seller, stats)


def review_level_when_due(uow, event):
    """C7: the account reached the age the next level asks (a deadline this service
    asked for); the level is computed again, and nothing changes if the figures
    no longer qualify (S3)."""
    seller = uow.accounts.user(event["user_id"])
    if seller is None:
        return None
    stats = uow.sellers.stats_for_update(seller.id)
    # the scheduler's clock reached the due time: ours may lag it by a hair
    return review_level(uow, seller, stats, now=max(uow.now(), event["due_at"]))


def review_level(uow, seller, stats, now=None):
    """Recompute the seller's level (the policy is `levels.seller_level`); publish
    `seller_level_changed` when it changes, and ask the scheduler to look again
    when the account's age alone will lift it."""
    now = now or uow.now()
    previous = seller.level
    level = levels.seller_level(previous, stats, seller.rating, seller.created_at, now)
    if level != previous:
        seller.level = level
        uow.gigs.seller_changed(seller)
        uow.publish(
            "seller_level_changed",
            {"user_id": seller.id, "level": level, "previous_level": previous},
        )
    review_at = levels.next_review_at(level, stats, seller.rating, seller.created_at, now)
    if review_at is not None and review_at != stats.level_review_at:
        request_deadline(
            uow, level_review_key(seller.id), review_at, LEVEL_REVIEW_DUE, {"user_id": seller.id}
        )
        stats.level_review_at = review_at
    return level


def level_review_key(user_id):
    return f"catalog:seller:{user_id}:level_review"


def _seller(uow, event):
    seller = uow.accounts.user(event["seller_id"])
    if seller is None:
        log.warning(
            "%s %s names an unknown seller %s: ignored",
            event.get("event_type"),
            event["event_id"],
            event["seller_id"],
        )
    return seller
