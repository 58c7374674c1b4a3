"""The rules of conversations (M1-M3), on the plain domain: no broker, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation

from inbox.contract.conversations import KIND_QUOTE_REQUEST, PREVIEW_CHARS
from inbox.domain.conversation_reports import MessageReport, check_report
from inbox.domain.conversations import (
    Conversation,
    check_may_write,
    knows_sender,
    pair,
    preview,
)

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
BUYER, SELLER, OTHER = "b-1", "s-1", "o-1"


def started(sender=BUYER, recipient=SELLER):
    conversation = Conversation.between(sender, recipient, NOW)
    conversation.post(sender, "Hello", NOW)
    return conversation


def test_m1_a_buyer_may_write_first_to_a_seller_before_any_order():
    check_may_write(None, BUYER, SELLER, recipient_ordered=False, recipient_sells=True)


def test_m1_nobody_starts_a_conversation_with_someone_who_does_not_sell_unasked():
    with pytest.raises(Forbidden, match="M1"):
        check_may_write(None, SELLER, BUYER, recipient_ordered=False, recipient_sells=False)
    assert not knows_sender(None, SELLER, BUYER, recipient_ordered=False)


def test_m1_a_seller_may_write_to_a_buyer_who_ordered_from_them():
    assert knows_sender(None, SELLER, BUYER, recipient_ordered=True)
    check_may_write(None, SELLER, BUYER, recipient_ordered=True, recipient_sells=False)


def test_m1_a_seller_answers_a_buyer_who_wrote_and_the_buyer_writes_again():
    conversation = started()
    assert knows_sender(conversation, SELLER, BUYER, recipient_ordered=False)
    check_may_write(conversation, SELLER, BUYER, recipient_ordered=False)
    check_may_write(conversation, BUYER, SELLER, recipient_ordered=False)


def test_m1_a_quote_request_counts_as_the_buyer_writing():
    conversation = Conversation.between(BUYER, SELLER, NOW)
    conversation.post(BUYER, "Quote request", NOW, kind=KIND_QUOTE_REQUEST, reference_id="q")
    check_may_write(conversation, SELLER, BUYER, recipient_ordered=False)


def test_m2_one_conversation_per_pair_whoever_writes_first():
    one, other = Conversation.between(BUYER, SELLER, NOW), Conversation.between(SELLER, BUYER, NOW)
    assert (one.user_a, one.user_b) == (other.user_a, other.user_b) == pair(SELLER, BUYER)
    with pytest.raises(RuleViolation):
        pair(BUYER, BUYER)


def test_m2_unread_counts_each_side_and_reading_clears_mine():
    conversation = started()
    later = NOW + timedelta(minutes=1)
    last = conversation.post(BUYER, "Are you there?", later)
    assert (conversation.unread_of(SELLER), conversation.unread_of(BUYER)) == (2, 0)
    assert (last.seq, last.recipient_id, conversation.last_message_id) == (2, SELLER, last.id)
    assert conversation.updated_at == later
    conversation.read(SELLER)
    conversation.post(SELLER, "Yes", later)
    assert (conversation.unread_of(SELLER), conversation.unread_of(BUYER)) == (0, 1)


def test_m2_only_the_pair_belongs_to_a_conversation():
    conversation = started()
    with pytest.raises(NotFound):
        conversation.read(OTHER)
    assert not conversation.is_member(OTHER)


def test_m2_a_preview_is_one_line_of_at_most_140_characters():
    assert preview("Hello\n  there") == "Hello there"
    assert len(preview("x" * 500)) == PREVIEW_CHARS


def test_m3_the_blocked_one_can_no_longer_write_and_is_told_who_blocked():
    conversation = started()
    conversation.block(SELLER, NOW)
    assert conversation.blockers() == [SELLER] and not conversation.can_write(BUYER)
    with pytest.raises(Forbidden, match="M3") as refused:
        check_may_write(conversation, BUYER, SELLER, recipient_ordered=True)
    assert refused.value.details == {"blocked_by": SELLER}
    check_may_write(conversation, SELLER, BUYER, recipient_ordered=False)  # the blocker may
    conversation.unblock(SELLER)
    check_may_write(conversation, BUYER, SELLER, recipient_ordered=False)


def test_m3_blocking_twice_keeps_the_first_time():
    conversation = started()
    conversation.block(BUYER, NOW)
    conversation.block(BUYER, NOW + timedelta(hours=1))
    assert conversation.a_blocked_at == NOW  # BUYER is side a


def test_m3_the_other_side_reports_a_message_once_while_open():
    conversation = started()
    message = conversation.post(BUYER, "Pay me outside the platform", NOW)
    check_report(message, SELLER, None)
    with pytest.raises(RuleViolation):
        check_report(message, BUYER, None)  # one's own
    report = MessageReport(message.id, conversation.id, SELLER, "scam", NOW)
    with pytest.raises(Conflict):
        check_report(message, SELLER, report)
    report.resolve("removed", "admin", NOW)
    with pytest.raises(Conflict):
        report.resolve("dismissed", "admin", NOW)
    message.remove(NOW)
    with pytest.raises(Conflict):
        check_report(message, SELLER, None)
    with pytest.raises(NotFound):
        message.file("any")
