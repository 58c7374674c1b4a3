"""Conversations' use cases (M1-M3) on the inbox's real database (SQLite), with catalog
and the uploads faked: no broker."""

import pytest

from microtache.errors import Forbidden, NotFound, RuleViolation

from inbox.adapters.orm import metadata
from inbox.adapters.unit_of_work import InboxUnitOfWork
from inbox.contract import EVENTS
from inbox.service_layer import conversations, conversations_events, conversations_moderation

BUYER = {"id": "b-1", "username": "bea", "role": "user"}
SELLER = {"id": "s-1", "username": "sam", "role": "user"}
ADMIN = {"id": "adm", "username": "admin", "role": "admin"}
PROFILES = {"sam": {"id": "s-1", "username": "sam", "gigs": [{"id": "g-1"}]}}
OPEN_REPORTS = {"status": "open", "limit": 5, "cursor": None}
PROFILES["bea"] = {"id": "b-1", "username": "bea", "gigs": []}


class FakeCatalog:
    def get_seller_profile(self, username):
        if username not in PROFILES:
            raise NotFound("No such user.")
        return PROFILES[username]

    def get_gig(self, gig_id):
        return {"id": gig_id, "seller_id": "s-1", "seller": "sam", "title": "t",
                "status": "active", "packages": []}  # fmt: skip


class FakeFiles:
    def __init__(self):
        self.claimed = {}

    def check_all(self, ids, owner, use, attached_to=None):
        return list(ids)

    def claim_all(self, ids, owner, use, attached_to, on_rollback=None):
        self.claimed[attached_to] = list(ids)
        kept = {"name": "a.pdf", "content_type": "application/pdf", "size": 3, "sha256": None}
        return [{"upload_id": i, "key": f"uploads/{i}", **kept} for i in ids]


@pytest.fixture
def store(store_factory):
    return store_factory(metadata, "inbox.migrations", events=EVENTS, unit_of_work=InboxUnitOfWork)


def write(store, caller, to, text="Hello", **more):
    data = {"with_": to, "text": text, "files": [], "gig_id": None, **more}
    return conversations.start(store, FakeCatalog(), FakeFiles(), caller, data)


def published(store):
    with store.read_only() as uow:
        rows = uow.session.execute(uow._outbox.select()).all()
    return [row.event_type for row in rows]


def test_m1_m2_the_buyer_writes_first_the_seller_answers_in_the_same_conversation(store):
    first = write(store, BUYER, "sam", gig_id="g-1")
    assert first["message"]["gig_id"] == "g-1" and first["conversation"]["with"] == "sam"
    answer = write(store, SELLER, "bea", "Hi! How can I help?")
    assert answer["conversation"]["id"] == first["conversation"]["id"]  # M2
    assert published(store) == ["message_sent", "message_sent"]


def test_m1_a_seller_cannot_write_first_to_a_buyer_until_they_order(store):
    with pytest.raises(Forbidden, match="M1"):
        write(store, SELLER, "bea")
    with store.unit_of_work() as uow:
        conversations_events.order_placed(
            uow, {"buyer_id": "b-1", "seller_id": "s-1", "order_id": "o-1"}
        )
    assert write(store, SELLER, "bea")["message"]["sender_id"] == "s-1"


def test_m1_unknown_users_and_oneself_are_refused(store):
    with pytest.raises(NotFound):
        write(store, BUYER, "nobody")
    with pytest.raises(RuleViolation):
        write(store, SELLER, "sam")


def test_m2_lists_unread_counts_pages_and_read_marks(store):
    files = FakeFiles()
    started = write(store, BUYER, "sam")
    conversation_id = started["conversation"]["id"]
    for n in range(3):
        conversations.post(
            store, files, BUYER, conversation_id, {"text": f"n{n}", "files": ["u1"] * (n == 2)}
        )
    assert files.claimed  # the third message's file, claimed for it
    with store.read_only() as uow:
        mine = conversations.mine(uow, SELLER, {"limit": 20, "cursor": None})
        assert [(c["unread_count"], c["last_message"]["text"]) for c in mine["results"]] == [
            (4, "n2")
        ]
        page = conversations.messages(uow, SELLER, conversation_id, {"limit": 3, "cursor": None})
        assert [m["text"] for m in page["results"]] == ["n2", "n1", "n0"]
        rest = conversations.messages(
            uow, SELLER, conversation_id, {"limit": 3, "cursor": page["next_cursor"]}
        )
        assert [m["text"] for m in rest["results"]] == ["Hello"] and rest["next_cursor"] is None
        with pytest.raises(NotFound):
            conversations.messages(uow, ADMIN, conversation_id, {"limit": 3, "cursor": None})
    with store.unit_of_work() as uow:
        assert conversations.mark_read(uow, SELLER, conversation_id)["unread_count"] == 0


def test_m3_block_then_report_and_an_admin_removes_the_message(store):
    started = write(store, BUYER, "sam")
    conversation_id, message_id = started["conversation"]["id"], started["message"]["id"]
    with store.unit_of_work() as uow:
        blocked = conversations.block(uow, SELLER, conversation_id)
    assert blocked["blocked_by"] == ["sam"] and blocked["can_write"]  # the blocker may
    with pytest.raises(Forbidden, match="M3"):
        conversations.post(store, FakeFiles(), BUYER, conversation_id, {"text": "hey", "files": []})
    with store.unit_of_work() as uow:
        report = conversations_moderation.report(
            uow, SELLER, conversation_id, message_id, {"reason": "spam", "details": None}
        )
    with store.unit_of_work() as uow:
        with pytest.raises(Forbidden):
            conversations_moderation.queue(uow, SELLER, OPEN_REPORTS)
        queue = conversations_moderation.queue(uow, ADMIN, OPEN_REPORTS)
        assert [r["id"] for r in queue["results"]] == [report.id]
        done = conversations_moderation.resolve(
            uow, ADMIN, report.id, {"action": "remove_message", "note": None}
        )
    assert done["message"]["removed"] and done["message"]["text"] == ""


def test_m2_quote_requests_and_custom_offers_appear_in_the_pairs_conversation(store):
    from microtache.money import Money

    with store.unit_of_work() as uow:
        conversations_events.quote_requested(uow, {
            "quote_request_id": "q-1", "buyer_id": "b-1", "seller_id": "s-1",
            "category": "graphics-design", "subcategory": "logo-design"})  # fmt: skip
        conversations_events.custom_offer_sent(uow, {
            "custom_offer_id": "c-1", "quote_request_id": "q-1", "buyer_id": "b-1",
            "seller_id": "s-1", "price": Money(7500, "USD"), "delivery_days": 6})  # fmt: skip
    answer = write(store, SELLER, "bea", "Any question?")  # the buyer took the first step
    with store.read_only() as uow:
        page = conversations.messages(
            uow, BUYER, answer["conversation"]["id"], {"limit": 10, "cursor": None}
        )
    assert [(m["kind"], m["reference_id"]) for m in page["results"]] == [
        ("text", None),
        ("custom_offer", "c-1"),
        ("quote_request", "q-1"),
    ]
    assert page["results"][1]["text"] == "Custom offer: 75.00 USD, delivered in 6 days"
