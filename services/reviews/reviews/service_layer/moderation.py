"""Reports on reviews and their resolution (V7): anyone signed in reports a review they
can see; only an admin resolves a report, by dismissing it or removing the review. A
removed review leaves the seller's rating and public page."""

from microtache.errors import Forbidden, NotFound
from microtache.pagination import position_of

from reviews.domain.moderation import (
    DISMISS,
    DISMISSED,
    REMOVE_REVIEW,
    REMOVED_BY_REPORT,
    ReviewReport,
    check_report,
)
from reviews.domain.orders import ADMIN
from reviews.service_layer import messages, views
from reviews.service_layer.common import page
from reviews.service_layer.windows import remove_review

RESOLUTIONS = {DISMISS: DISMISSED, REMOVE_REVIEW: REMOVED_BY_REPORT}


def _admin(caller):
    if caller.get("role") != ADMIN:
        raise Forbidden("Only an admin moderates reviews (V7).")


def report_review(uow, caller, review_id, data):
    review = uow.reviews.get(review_id)
    if review is None or not (review.published_at or review.author_id == caller["id"]):
        raise NotFound("No such review.", {"review_id": review_id})  # a hidden one is not shown
    mine = uow.reports.open_of(review.id, caller["id"])
    check_report(review, mine[0] if mine else None)
    report = ReviewReport(
        review_id=review.id,
        reporter_id=caller["id"],
        reason=data["reason"],
        details=data["details"],
        created_at=uow.now(),
    )
    uow.reports.add(report)
    uow.publish("review_reported", messages.review_reported(report))
    return report


def report_queue(uow, caller, query):
    """V7: reports by status, oldest first, each with the review it is about."""
    _admin(caller)
    found = uow.reports.queue(query["status"], query["limit"] + 1, position_of(query["cursor"]))
    shown, cursor = page(found, query["limit"], lambda report: report.created_at)
    return {
        "results": [
            views.report_with_review(report, uow.reviews.get(report.review_id)) for report in shown
        ],
        "next_cursor": cursor,
    }


def resolve_report(uow, caller, report_id, data):
    """V7: `dismiss`, or `remove_review`, which resolves every open report on that review
    and takes a counted review out of the seller's rating."""
    _admin(caller)
    now = uow.now()
    report = uow.reports.get(report_id, lock=True)
    if report is None:
        raise NotFound("No such report.", {"report_id": report_id})
    if data["action"] == DISMISS:
        report.resolve(RESOLUTIONS[DISMISS], caller["id"], now, data["note"])
        return views.report_with_review(report, uow.reviews.get(report.review_id))
    review = uow.reviews.get(report.review_id, lock=True)
    report.resolve(RESOLUTIONS[REMOVE_REVIEW], caller["id"], now, data["note"])
    for other in uow.reports.open_of(review.id):
        other.resolve(RESOLUTIONS[REMOVE_REVIEW], caller["id"], now, data["note"])
    remove_review(uow, review, caller["id"], report.id)
    return views.report_with_review(report, review)
