"""The inbox's entrypoints for conversations (M1-M3), mixed into `InboxService`.

Thin: validate through the contract, run one use case of
`service_layer/conversations*`, dump the answer. The caller is the call's (A2)."""

from nameko.rpc import rpc

from microtache.errors import EXPECTED
from microtache.events import handles, payload_of
from microtache.service import load

from buyer_requests import contract as requests_contract
from catalog import contract as catalog_contract
from inbox import contract
from inbox.service_layer import conversations, conversations_events, conversations_moderation
from orders import contract as orders_contract

CONVERSATION = contract.ConversationSchema()
POSTED = contract.PostedMessageSchema()
REPORT = contract.MessageReportSchema()


class ConversationEntrypoints:
    """M1-M3."""

    # writing (M1, M2, M3)
    @rpc(expected_exceptions=EXPECTED)
    def start_conversation(self, data):
        """M1: write to a username, first or again; the pair's one conversation (M2)."""
        data = load(contract.ConversationStartSchema(), data)
        return POSTED.dump(
            conversations.start(self.db, self.catalog, self.files, self.caller(), data)
        )

    @rpc(expected_exceptions=EXPECTED)
    def post_message(self, conversation_id, data):
        data = load(contract.MessageCreateSchema(), data)
        return POSTED.dump(
            conversations.post(self.db, self.files, self.caller(), str(conversation_id), data)
        )

    # reading (M2)
    @rpc(expected_exceptions=EXPECTED)
    def list_conversations(self, query=None):
        query, caller = load(contract.ConversationsQuerySchema(), query or {}), self.caller()
        with self.db.read_only() as uow:
            return contract.ConversationPageSchema().dump(conversations.mine(uow, caller, query))

    @rpc(expected_exceptions=EXPECTED)
    def list_messages(self, conversation_id, query=None):
        query, caller = load(contract.MessagesQuerySchema(), query or {}), self.caller()
        with self.db.read_only() as uow:
            return contract.MessagePageSchema().dump(
                conversations.messages(uow, caller, str(conversation_id), query)
            )

    @rpc(expected_exceptions=EXPECTED)
    def read_conversation(self, conversation_id):
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return CONVERSATION.dump(conversations.mark_read(uow, caller, str(conversation_id)))

    @rpc(expected_exceptions=EXPECTED)
    def message_file(self, conversation_id, message_id, upload_id):
        """A message's file for one of the pair: the kept file (the gateway sends it)."""
        caller = self.caller()
        with self.db.read_only() as uow:
            return dict(
                conversations.message_file(uow, caller, conversation_id, message_id, upload_id)
            )

    # blocks (M3)
    @rpc(expected_exceptions=EXPECTED)
    def block_conversation(self, conversation_id):
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return CONVERSATION.dump(conversations.block(uow, caller, str(conversation_id)))

    @rpc(expected_exceptions=EXPECTED)
    def unblock_conversation(self, conversation_id):
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return CONVERSATION.dump(conversations.unblock(uow, caller, str(conversation_id)))

    # moderation (M3)
    @rpc(expected_exceptions=EXPECTED)
    def report_message(self, conversation_id, message_id, data):
        data, caller = load(contract.MessageReportCreateSchema(), data), self.caller()
        with self.db.unit_of_work() as uow:
            return REPORT.dump(
                conversations_moderation.report(
                    uow, caller, str(conversation_id), str(message_id), data
                )
            )

    @rpc(expected_exceptions=EXPECTED)
    def list_message_reports(self, query=None):
        query, caller = load(contract.MessageReportsQuerySchema(), query or {}), self.caller()
        with self.db.read_only() as uow:
            return contract.MessageReportPageSchema().dump(
                conversations_moderation.queue(uow, caller, query)
            )

    @rpc(expected_exceptions=EXPECTED)
    def resolve_message_report(self, report_id, data):
        data = load(contract.MessageReportResolutionSchema(), data)
        caller = self.caller()
        with self.db.unit_of_work() as uow:
            return contract.AdminMessageReportSchema().dump(
                conversations_moderation.resolve(uow, caller, str(report_id), data)
            )

    # other services' events (consumer names are pinned: never rename them)
    @handles("catalog", "user_signed_up")
    def conversations_on_user_signed_up(self, event):
        """Who is who: conversations name the other side."""
        self.db.handle_once(
            payload_of(catalog_contract.UserSignedUp(), event),
            conversations_events.user_signed_up,
            "inbox.conversations.user_signed_up",
        )

    @handles("orders", "order_placed")
    def conversations_on_order_placed(self, event):
        """M1: the seller may write to a buyer who ordered from them."""
        self.db.handle_once(
            payload_of(orders_contract.OrderPlaced(), event),
            conversations_events.order_placed,
            "inbox.conversations.order_placed",
        )

    @handles("orders", "offer_ordered")
    def conversations_on_offer_ordered(self, event):
        """M1: the same, for an order placed from an offer."""
        self.db.handle_once(
            payload_of(orders_contract.OfferOrdered(), event),
            conversations_events.order_placed,
            "inbox.conversations.offer_ordered",
        )

    @handles("requests", "quote_requested")
    def conversations_on_quote_requested(self, event):
        """Q1 in M2: the quote request in the pair's conversation."""
        self.db.handle_once(
            payload_of(requests_contract.QuoteRequested(), event),
            conversations_events.quote_requested,
            "inbox.conversations.quote_requested",
        )

    @handles("requests", "custom_offer_sent")
    def conversations_on_custom_offer_sent(self, event):
        """Q2 in M2: the custom offer in the pair's conversation."""
        self.db.handle_once(
            payload_of(requests_contract.CustomOfferSent(), event),
            conversations_events.custom_offer_sent,
            "inbox.conversations.custom_offer_sent",
        )

    @handles("requests", "custom_offer_declined")
    def conversations_on_custom_offer_declined(self, event):
        self.db.handle_once(
            payload_of(requests_contract.CustomOfferDeclined(), event),
            conversations_events.custom_offer_declined,
            "inbox.conversations.custom_offer_declined",
        )
