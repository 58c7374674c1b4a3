"""Conversations and messages as the contract replies them (inbox.contract's
ConversationSchema, MessageSchema), seen by one side of the pair."""

from microtache.errors import RuleViolation
from microtache.pagination import decode_cursor, encode_cursor, position_cursor, position_of


def message(message, names):
    """A message; one moderation removed shows neither its text nor its files (M3)."""
    removed = message.removed_at is not None
    return {
        "id": message.id,
        "conversation_id": message.conversation_id,
        "sender_id": message.sender_id,
        "sender": names.get(message.sender_id),
        "kind": message.kind,
        "text": "" if removed else message.text,
        "files": [] if removed else list(message.files),
        "reference_id": message.reference_id,
        "gig_id": message.gig_id,
        "created_at": message.created_at,
        "removed": removed,
    }


def conversation(conversation, me, names, last_message=None):
    """The conversation as `me` sees it: the other side, my unread count (M2), who
    blocked whom and whether I may still write (M3)."""
    other = conversation.other(me)
    return {
        "id": conversation.id,
        "with": names.get(other),
        "with_id": other,
        "unread_count": conversation.unread_of(me),
        "last_message": None if last_message is None else message(last_message, names),
        "blocked_by": [names.get(user, user) for user in conversation.blockers()],
        "can_write": conversation.can_write(me),
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
    }


def conversation_of(uow, found, me):
    """`conversation`, its names and last message read from the unit of work."""
    names = uow.conversations.usernames([found.user_a, found.user_b])
    last = uow.conversations.messages_by_id([found.last_message_id]).get(found.last_message_id)
    return conversation(found, me, names, last)


def conversation_page(uow, me, query):
    """M2: `me`'s conversations, newest first."""
    found = uow.conversations.of_user(me, query["limit"] + 1, position_of(query["cursor"]))
    shown, more = found[: query["limit"]], len(found) > query["limit"]
    names = uow.conversations.usernames(
        [user for item in shown for user in (item.user_a, item.user_b)]
    )
    last = uow.conversations.messages_by_id([item.last_message_id for item in shown])
    return {
        "results": [
            conversation(item, me, names, last.get(item.last_message_id)) for item in shown
        ],
        "next_cursor": position_cursor(shown[-1].updated_at, shown[-1].id) if more else None,
    }


def _before(cursor):
    """The place (`seq`) a page of messages goes back from; None for the newest."""
    if not cursor:
        return None
    before = decode_cursor(cursor, "before")["before"]
    if not isinstance(before, int) or isinstance(before, bool) or before < 1:
        raise RuleViolation(
            "The request is not valid.", {"cursor": ["Not a cursor this API gave."]}
        )
    return before


def message_page(uow, found, me, query):
    """M2: a conversation's messages, newest first; `next_cursor` goes further back."""
    rows = uow.conversations.messages(found.id, query["limit"] + 1, _before(query["cursor"]))
    shown, more = rows[: query["limit"]], len(rows) > query["limit"]
    names = uow.conversations.usernames([found.user_a, found.user_b])
    last = uow.conversations.messages_by_id([found.last_message_id]).get(found.last_message_id)
    return {
        "conversation": conversation(found, me, names, last),
        "results": [message(item, names) for item in shown],
        "next_cursor": encode_cursor({"before": shown[-1].seq}) if more else None,
    }
