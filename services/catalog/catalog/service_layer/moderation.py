"""Reports of gigs and their moderation (C9)."""

from microtache.errors import Conflict, NotFound

from catalog.domain.gigs import ARCHIVED, archive, listing
from catalog.domain.reports import REMOVE_GIG, Report, require_admin
from catalog.service_layer.gigs import get_gig


def report_gig(uow, reporter_id, gig_id, data):
    get_gig(uow, gig_id)
    if uow.reports.open_report_by(reporter_id, gig_id) is not None:
        raise Conflict(
            "You already reported this gig; a moderator will look at it.", {"gig_id": gig_id}
        )
    report = Report(
        gig_id=gig_id,
        reporter_id=reporter_id,
        reason=data["reason"],
        details=data["details"],
        created_at=uow.now(),
    )
    uow.reports.add(report)
    uow.publish("gig_reported", {"report_id": report.id, "gig_id": gig_id, "reason": report.reason})
    return report


def resolve_report(uow, caller, report_id, data):
    require_admin(caller)
    report = uow.reports.get(report_id)
    if report is None:
        raise NotFound("No such report.", {"report_id": report_id})
    report.resolve(data["action"], data["note"], caller["id"], uow.now())
    if data["action"] == REMOVE_GIG:
        gig = uow.gigs.get(report.gig_id)
        if gig.status != ARCHIVED:
            before = listing(gig)
            archive(gig)
            uow.gigs.relist(before, listing(gig))
            uow.publish("gig_archived", {"gig_id": gig.id, "seller_id": gig.seller_id})
    return report
