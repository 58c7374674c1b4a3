"""Conversations' use cases (M1-M3): write first or again, read, mark read, block, a
message's file. Each takes the store (its units of work) and the caller; the rules are
the domain's (`inbox.domain.conversations`).

No RPC is made while a unit of work is open (SQLite's writer lock would be held through
it): what catalog knows (who a username is, whether they sell, a gig's seller) is asked
first, then the conversation is written in one transaction."""

import logging

from marshmallow import fields
from sqlalchemy.exc import IntegrityError

from microtache.contract import Contract
from microtache.errors import NotFound, RuleViolation

from catalog.contract import GigTerms
from inbox.contract.conversations import KIND_TEXT
from inbox.contract.uploads import MESSAGE_ATTACHMENT
from inbox.domain.conversations import (
    Conversation,
    check_may_write,
    knows_sender,
    new_id,
    pair,
    preview,
)
from inbox.service_layer import conversations_views as views

log = logging.getLogger(__name__)


class SellerProfile(Contract):
    """What the inbox reads of catalog's `get_seller_profile` reply (a tolerant reader)."""

    id = fields.String(required=True)
    username = fields.String(required=True)
    gigs = fields.List(fields.Dict(), load_default=list)  # the active ones


def in_unit_of_work(store, work, attempts=3):
    """`work(uow)` in a unit of work; again if the commit lost a race on a unique key
    (two first messages of one pair at once, M2): the retry finds the winner's."""
    for attempt in range(1, attempts + 1):
        try:
            with store.unit_of_work() as uow:
                return work(uow)
        except IntegrityError:
            if attempt == attempts:
                raise
            log.info("unique key race, attempt %d of %d", attempt, attempts)


def member_of(uow, caller, conversation_id, lock=False):
    """The conversation, if the caller is one of its pair; else NotFound (A2)."""
    conversation = uow.conversations.get(str(conversation_id), lock=lock)
    if conversation is None or not conversation.is_member(caller["id"]):
        raise NotFound("No such conversation.", {"conversation_id": str(conversation_id)})
    return conversation


def message_sent(message):
    """`message_sent`'s payload (inbox.contract.MessageSent)."""
    return {
        "conversation_id": message.conversation_id,
        "message_id": message.id,
        "sender_id": message.sender_id,
        "recipient_id": message.recipient_id,
        "kind": message.kind,
        "preview": preview(message.text),
        "file_count": len(message.files),
    }


def post_in(uow, conversation, sender_id, text, *, kind=KIND_TEXT, reference_id=None, **extra):
    """A message in `conversation` (new or not), stored and published (M2)."""
    uow.conversations.add(conversation)  # a new one joins the session; others are in it
    message = conversation.post(
        sender_id, text, uow.now(), kind=kind, reference_id=reference_id, **extra
    )
    uow.conversations.add(message)
    uow.publish("message_sent", message_sent(message))
    return message


def _profile(catalog, username):
    """Catalog's public profile of `username` (its active gigs tell whether they sell)."""
    try:
        return SellerProfile().load(catalog.get_seller_profile(username))
    except NotFound:
        raise NotFound("No such user.", {"with": username}) from None


def _check_gig(catalog, gig_id, recipient_id):
    """M1: written from a gig: it must be the recipient's."""
    try:
        gig = GigTerms().load(catalog.get_gig(gig_id))
    except NotFound:
        raise NotFound("No such gig.", {"gig_id": gig_id}) from None
    if gig["seller_id"] != recipient_id:
        raise RuleViolation("This gig is not theirs.", {"gig_id": gig_id})


def _write(store, files, sender_id, recipient_id, data, recipient_sells=None):
    """Check the files, then write in one transaction: M3 and M1 asked again under the
    conversation's lock; the files claimed for the message, given back if it fails."""
    ids = data["files"]
    files.check_all(ids, sender_id, MESSAGE_ATTACHMENT)

    def work(uow):
        repo = uow.conversations
        conversation = repo.between(sender_id, recipient_id, lock=True)
        ordered = repo.has_ordered(recipient_id, sender_id)
        check_may_write(conversation, sender_id, recipient_id, ordered, recipient_sells)
        if conversation is None:
            conversation = Conversation.between(sender_id, recipient_id, uow.now())
        message_id = new_id()
        kept = []
        if ids:
            kept = files.claim_all(
                ids, sender_id, MESSAGE_ATTACHMENT, f"inbox/messages/{message_id}", uow.on_rollback
            )
        message = post_in(
            uow,
            conversation,
            sender_id,
            data["text"],
            gig_id=data.get("gig_id"),
            message_id=message_id,
        )
        message.files = kept
        names = repo.usernames([sender_id, recipient_id])
        return {
            "conversation": views.conversation(conversation, sender_id, names, message),
            "message": views.message(message, names),
        }

    return in_unit_of_work(store, work)


def start(store, catalog, files, caller, data):
    """M1, M2: write to `with` (a username): their conversation with the caller, begun
    now or continued. The first step is the client's: to a seller from a gig or their
    profile, or to someone who wrote to or ordered from the caller."""
    sender_id, username = caller["id"], data["with_"]
    with store.read_only() as uow:
        recipient_id = uow.conversations.user_id_of(username)
    profile = None
    if recipient_id is None:  # not heard of through catalog's events yet
        profile = _profile(catalog, username)
        recipient_id = profile["id"]
        with store.unit_of_work() as uow:
            uow.conversations.remember_user(recipient_id, username)
    pair(sender_id, recipient_id)
    if data.get("gig_id"):
        _check_gig(catalog, data["gig_id"], recipient_id)
    with store.read_only() as uow:
        conversation = uow.conversations.between(sender_id, recipient_id)
        ordered = uow.conversations.has_ordered(recipient_id, sender_id)
        known = knows_sender(conversation, sender_id, recipient_id, ordered)
    sells = None
    if not known:
        profile = profile or _profile(catalog, username)
        sells = bool(profile.get("gigs"))
    return _write(store, files, sender_id, recipient_id, data, sells)


def post(store, files, caller, conversation_id, data):
    """M2: a message in one of the caller's conversations (M1, M3 as ever)."""
    with store.read_only() as uow:
        recipient_id = member_of(uow, caller, conversation_id).other(caller["id"])
    return _write(store, files, caller["id"], recipient_id, {**data, "gig_id": None})


def mine(uow, caller, query):
    """M2: the caller's conversations, newest first, each with its unread count and last
    message."""
    return views.conversation_page(uow, caller["id"], query)


def messages(uow, caller, conversation_id, query):
    """M2: a conversation's messages, newest first, a page at a time."""
    conversation = member_of(uow, caller, conversation_id)
    return views.message_page(uow, conversation, caller["id"], query)


def mark_read(uow, caller, conversation_id):
    """M2: everything in it so far is read by the caller."""
    conversation = member_of(uow, caller, conversation_id, lock=True)
    conversation.read(caller["id"])
    return views.conversation_of(uow, conversation, caller["id"])


def block(uow, caller, conversation_id):
    """M3: the other side can no longer write to the caller."""
    conversation = member_of(uow, caller, conversation_id, lock=True)
    conversation.block(caller["id"], uow.now())
    return views.conversation_of(uow, conversation, caller["id"])


def unblock(uow, caller, conversation_id):
    conversation = member_of(uow, caller, conversation_id, lock=True)
    conversation.unblock(caller["id"])
    return views.conversation_of(uow, conversation, caller["id"])


def message_file(uow, caller, conversation_id, message_id, upload_id):
    """A file of a message, for one of the pair only: the kept file's dict, which the
    gateway turns into a download (`send_file`)."""
    conversation = member_of(uow, caller, conversation_id)
    message = uow.conversations.message(str(message_id))
    if message is None or message.conversation_id != conversation.id:
        raise NotFound("No such message.", {"message_id": str(message_id)})
    return message.file(str(upload_id))
