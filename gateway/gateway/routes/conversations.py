"""Conversations between buyers and sellers (M1-M3), on the inbox service."""

from gateway.http import route
from inbox import contract as inbox_contract

TAGS = ["conversations"]


class ConversationRoutes:
    """M1-M3."""

    @route(
        "POST",
        "/v1/conversations",
        body=inbox_contract.ConversationStartSchema,
        status=201,
        response=inbox_contract.PostedMessageSchema,
        tags=TAGS,
        summary="Write to a user (`with`: a username), from one of their gigs (`gig_id`) or "
        "their profile: the pair's one conversation, begun or continued (M1, M2). Anyone "
        "may write first to a seller; to anyone else only once they wrote to you or "
        "ordered from you (M1)",
    )
    def start_conversation(self, request, caller, body):
        return self.inbox.start_conversation(body)

    @route(
        "GET",
        "/v1/conversations",
        query=inbox_contract.ConversationsQuerySchema,
        response=inbox_contract.ConversationPageSchema,
        tags=TAGS,
        summary="My conversations, newest first, each with my unread count and its last "
        "message (M2)",
    )
    def conversations(self, request, caller, query):
        return self.inbox.list_conversations(query)

    @route(
        "GET",
        "/v1/conversations/<conversation_id>/messages",
        query=inbox_contract.MessagesQuerySchema,
        response=inbox_contract.MessagePageSchema,
        tags=TAGS,
        summary="A conversation's messages, newest first; `next_cursor` goes back (M2)",
    )
    def conversation_messages(self, request, caller, conversation_id, query):
        return self.inbox.list_messages(conversation_id, query)

    @route(
        "POST",
        "/v1/conversations/<conversation_id>/messages",
        body=inbox_contract.MessageCreateSchema,
        status=201,
        response=inbox_contract.PostedMessageSchema,
        tags=TAGS,
        summary="Write in a conversation: text and up to 5 files (uploads declared for "
        "`message_attachment`) (M2); refused once the other side blocked you (M3)",
    )
    def post_conversation_message(self, request, caller, conversation_id, body):
        return self.inbox.post_message(conversation_id, body)

    @route(
        "GET",
        "/v1/conversations/<conversation_id>/messages/<message_id>/files/<upload_id>",
        status=302,
        tags=TAGS,
        summary="A message's file, for either side of the pair: a redirect to a short-lived "
        "link to its bytes (M2)",
    )
    def conversation_message_file(self, request, caller, conversation_id, message_id, upload_id):
        return self.send_file(self.inbox.message_file(conversation_id, message_id, upload_id))

    @route(
        "POST",
        "/v1/conversations/<conversation_id>/read",
        response=inbox_contract.ConversationSchema,
        tags=TAGS,
        summary="Mark a conversation read: my unread count is 0 (M2)",
    )
    def read_conversation(self, request, caller, conversation_id):
        return self.inbox.read_conversation(conversation_id)

    @route(
        "POST",
        "/v1/conversations/<conversation_id>/block",
        response=inbox_contract.ConversationSchema,
        tags=TAGS,
        summary="Block the other side: they can no longer write to me (M3)",
    )
    def block_conversation(self, request, caller, conversation_id):
        return self.inbox.block_conversation(conversation_id)

    @route(
        "POST",
        "/v1/conversations/<conversation_id>/unblock",
        response=inbox_contract.ConversationSchema,
        tags=TAGS,
        summary="Unblock the other side (M3)",
    )
    def unblock_conversation(self, request, caller, conversation_id):
        return self.inbox.unblock_conversation(conversation_id)

    @route(
        "POST",
        "/v1/conversations/<conversation_id>/messages/<message_id>/reports",
        body=inbox_contract.MessageReportCreateSchema,
        status=201,
        response=inbox_contract.MessageReportSchema,
        tags=TAGS,
        summary="Report a message the other side wrote to moderation (M3)",
    )
    def report_message(self, request, caller, conversation_id, message_id, body):
        return self.inbox.report_message(conversation_id, message_id, body)

    @route(
        "GET",
        "/v1/admin/message-reports",
        admin=True,
        query=inbox_contract.MessageReportsQuerySchema,
        response=inbox_contract.MessageReportPageSchema,
        tags=["admin"],
        summary="Reports on messages by status, oldest first, with the message (M3)",
    )
    def message_reports(self, request, caller, query):
        return self.inbox.list_message_reports(query)

    @route(
        "POST",
        "/v1/admin/message-reports/<report_id>/resolve",
        admin=True,
        body=inbox_contract.MessageReportResolutionSchema,
        response=inbox_contract.AdminMessageReportSchema,
        tags=["admin"],
        summary="Dismiss a report, or remove the message: its text and files are no "
        "longer shown (M3)",
    )
    def resolve_message_report(self, request, caller, report_id, body):
        return self.inbox.resolve_message_report(report_id, body)
