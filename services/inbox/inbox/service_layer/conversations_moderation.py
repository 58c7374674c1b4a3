"""Reports on messages and their resolution (M3): a side of a conversation reports a
message the other side wrote; only an admin resolves a report, by dismissing it or
removing the message (its text and files are no longer shown), as catalog's C9 and
reviews' V7 queues do."""

from microtache.errors import Forbidden, NotFound
from microtache.pagination import position_cursor, position_of

from inbox.contract.conversations import (
    REPORT_DISMISS,
    REPORT_DISMISSED,
    REPORT_REMOVED,
)
from inbox.domain.conversation_reports import MessageReport, check_report
from inbox.service_layer import conversations_views as views
from inbox.service_layer.conversations import member_of

ADMIN = "admin"


def _admin(caller):
    if caller.get("role") != ADMIN:
        raise Forbidden("Only an admin moderates messages (M3).")


def report(uow, caller, conversation_id, message_id, data):
    conversation = member_of(uow, caller, conversation_id)
    message = uow.conversations.message(str(message_id))
    if message is None or message.conversation_id != conversation.id:
        raise NotFound("No such message.", {"message_id": str(message_id)})
    mine = uow.conversations.open_reports_of(message.id, caller["id"])
    check_report(message, caller["id"], mine[0] if mine else None)
    made = MessageReport(
        message_id=message.id,
        conversation_id=conversation.id,
        reporter_id=caller["id"],
        reason=data["reason"],
        details=data["details"],
        created_at=uow.now(),
    )
    uow.conversations.add(made)
    return made


def _with_message(uow, found, message=None):
    message = message or uow.conversations.message(found.message_id)
    names = uow.conversations.usernames([message.sender_id, message.recipient_id])
    return {**vars_of(found), "message": views.message(message, names)}


def vars_of(found):
    return {
        name: getattr(found, name)
        for name in (
            "id",
            "message_id",
            "conversation_id",
            "reporter_id",
            "reason",
            "details",
            "status",
            "resolution",
            "note",
            "created_at",
            "resolved_at",
            "resolved_by",
        )
    }


def queue(uow, caller, query):
    """M3: reports by status, oldest first, each with the message it is about."""
    _admin(caller)
    found = uow.conversations.report_queue(
        query["status"], query["limit"] + 1, position_of(query["cursor"])
    )
    shown, more = found[: query["limit"]], len(found) > query["limit"]
    return {
        "results": [_with_message(uow, item) for item in shown],
        "next_cursor": position_cursor(shown[-1].created_at, shown[-1].id) if more else None,
    }


def resolve(uow, caller, report_id, data):
    """M3: `dismiss`, or `remove_message`, which resolves every open report on it."""
    _admin(caller)
    now = uow.now()
    found = uow.conversations.report(str(report_id), lock=True)
    if found is None:
        raise NotFound("No such report.", {"report_id": str(report_id)})
    if data["action"] == REPORT_DISMISS:
        found.resolve(REPORT_DISMISSED, caller["id"], now, data["note"])
        return _with_message(uow, found)
    message = uow.conversations.message(found.message_id, lock=True)
    found.resolve(REPORT_REMOVED, caller["id"], now, data["note"])
    for other in uow.conversations.open_reports_of(message.id):
        if other is not found:
            other.resolve(REPORT_REMOVED, caller["id"], now, data["note"])
    message.remove(now)
    return _with_message(uow, found, message)
