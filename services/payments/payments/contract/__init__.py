"""payments' contract: the schemas of its RPC arguments and replies, of every event it
publishes (`EVENTS`), and the bounds they state. The only part of payments anything
outside it may import; it imports only marshmallow and the shared kit.

* `payments.contract.limits`: the bounds (the domain's policies read them here);
* `payments.contract.commands`: RPC arguments (the gateway, orders and reviews send them);
* `payments.contract.replies`: RPC replies (OpenAPI; orders and reviews read them);
* `payments.contract.events`: the events payments publishes, and `EVENTS`.
"""

from payments.contract.commands import (
    AddPaymentMethodSchema,
    ExtraPaymentSchema,
    OrderPaymentSchema,
    PaymentMethodIdSchema,
    TipSchema,
    TransactionsQuerySchema,
    WithdrawalRequestSchema,
    WithdrawalSchema,
)
from payments.contract.events import (
    CLEARANCE_EVENT,
    EVENTS,
    AccountsOpened,
    EarningsAvailable,
    EarningsCleared,
    EarningsPending,
    EarningsReversed,
    OrderRefunded,
    WithdrawalSent,
)
from payments.contract.limits import (
    FROM_AVAILABLE,
    FROM_PENDING,
    PAYMENT_MAX,
    TIP_MAX,
    WITHDRAWAL_MAX,
)
from payments.contract.replies import (
    BalanceSchema,
    CompletionSchema,
    EntrySchema,
    ExtraReceiptSchema,
    LedgerCheckDetailSchema,
    LedgerCheckSchema,
    OrderReceiptSchema,
    PaymentMethodListSchema,
    PaymentMethodSchema,
    RefundSchema,
    TipReceiptSchema,
    TransactionPageSchema,
    TransactionSchema,
    WithdrawalReceiptSchema,
)

__all__ = [
    "CLEARANCE_EVENT",
    "EVENTS",
    "FROM_AVAILABLE",
    "FROM_PENDING",
    "PAYMENT_MAX",
    "TIP_MAX",
    "WITHDRAWAL_MAX",
    "AccountsOpened",
    "AddPaymentMethodSchema",
    "BalanceSchema",
    "CompletionSchema",
    "EarningsAvailable",
    "EarningsCleared",
    "EarningsPending",
    "EarningsReversed",
    "EntrySchema",
    "ExtraPaymentSchema",
    "ExtraReceiptSchema",
    "LedgerCheckDetailSchema",
    "LedgerCheckSchema",
    "OrderPaymentSchema",
    "OrderReceiptSchema",
    "OrderRefunded",
    "PaymentMethodIdSchema",
    "PaymentMethodListSchema",
    "PaymentMethodSchema",
    "RefundSchema",
    "TipReceiptSchema",
    "TipSchema",
    "TransactionPageSchema",
    "TransactionSchema",
    "TransactionsQuerySchema",
    "WithdrawalReceiptSchema",
    "WithdrawalRequestSchema",
    "WithdrawalSchema",
    "WithdrawalSent",
]
