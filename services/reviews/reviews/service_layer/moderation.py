"""Reports on reviews and their resolution (V7): anyone signed in reports a review they
can see; only an admin resolves a report, by dismissing it or removing the review. A
removed review leaves the seller's rating and public page."""
from microtache.errors import Forbidden, NotFound
from microtache.pagination import position_of

from reviews import schemas
from reviews.adapters.repository import Reports, Reviews
from reviews.domain.moderation import DISMISS, REMOVE_REVIEW, ReviewReport, check_report
from reviews.domain.orders import ADMIN
from reviews.service_layer.common import page
from reviews.service_layer.handlers import remove_review

RESOLUTIONS = {DISMISS: "dismissed", REMOVE_REVIEW: "removed"}


def _admin(caller):
    if caller.get("role") != ADMIN:
        raise Forbidden("Only an admin moderates reviews (V7).")


def report_review(uow, caller, review_id, data):
    review = Reviews(uow.session).get(review_id)
    if review is None or not (review.published_at or review.author_id == caller["id"]):
        raise NotFound("No such review.", {"review_id": review_id})   # a hidden one is not shown
    reports = Reports(uow.session)
    mine = reports.open_of(review.id, caller["id"])
    check_report(review, mine[0] if mine else None)
    report = ReviewReport(review_id=review.id, reporter_id=caller["id"], reason=data["reason"],
                          details=data["details"], created_at=uow.now())
    reports.add(report)
    uow.publish("review_reported", schemas.ReviewReportedSchema().dump(report))
    return report


def report_queue(uow, caller, query):
    """V7: reports by status, oldest first, each with the review it is about."""
    _admin(caller)
    found = Reports(uow.session).queue(query["status"], query["limit"] + 1,
                                       position_of(query["cursor"]))
    shown, cursor = page(found, query["limit"], lambda report: report.created_at)
    reviews = Reviews(uow.session)
    return {"results": [_with_review(reviews, report) for report in shown], "next_cursor": cursor}


def _with_review(reviews, report):
    report.review = reviews.get(report.review_id)
    return report


def resolve_report(uow, caller, report_id, data):
    """V7: `dismiss`, or `remove_review`, which resolves every open report on that review
    and takes a counted review out of the seller's rating."""
    _admin(caller)
    reports, reviews, now = Reports(uow.session), Reviews(uow.session), uow.now()
    report = reports.get(report_id, lock=True)
    if report is None:
        raise NotFound("No such report.", {"report_id": report_id})
    if data["action"] == DISMISS:
        report.resolve(RESOLUTIONS[DISMISS], caller["id"], now, data["note"])
        return _with_review(reviews, report)
    review = reviews.get(report.review_id, lock=True)
    report.resolve(RESOLUTIONS[REMOVE_REVIEW], caller["id"], now, data["note"])
    for other in reports.open_of(review.id):
        other.resolve(RESOLUTIONS[REMOVE_REVIEW], caller["id"], now, data["note"])
    remove_review(uow, review, caller["id"], report.id)
    report.review = review
    return report
