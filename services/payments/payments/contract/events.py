"""The events payments publishes (the outbox adds event_id, event_type, occurred_at,
version), and the deadline it asks the scheduler for (the deadline requests themselves
are the shared kit's, microtache.contract.SHARED_EVENTS). An absent key is left out: a
payload names an `order_id` or a `tip_id`."""

from marshmallow import ValidationError, fields, validate, validates_schema

from microtache.contract import Contract, EventType, events
from microtache.money import MoneyField

from payments.contract.limits import ID_MAX_LENGTH

ID = dict(validate=validate.Length(min=1, max=ID_MAX_LENGTH))


class AccountsOpened(Contract):
    """`accounts_opened`: a user's ledger accounts are open (P1)."""

    user_id = fields.String(required=True, **ID)


class EarningsPending(Contract):
    """`earnings_pending`: a completed order's or a paid tip's earnings entered clearance (P3)."""

    order_id = fields.String(**ID)
    tip_id = fields.String(**ID)
    seller_id = fields.String(required=True, **ID)
    buyer_id = fields.String(required=True, **ID)
    earnings = MoneyField(required=True)
    clears_at = fields.AwareDateTime(required=True)
    completed_at = fields.AwareDateTime()  # an order's
    paid_at = fields.AwareDateTime()  # a tip's


class EarningsAvailable(Contract):
    """`earnings_available`: earnings left clearance and may be withdrawn (P3, P6)."""

    order_id = fields.String(**ID)
    tip_id = fields.String(**ID)
    seller_id = fields.String(required=True, **ID)
    amount = MoneyField(required=True)


class EarningsReversed(Contract):
    """`earnings_reversed`: a support cancellation took an order's earnings back (P5)."""

    order_id = fields.String(required=True, **ID)
    seller_id = fields.String(required=True, **ID)
    amount = MoneyField(required=True)


class OrderRefunded(Contract):
    """`order_refunded`: an order's whole payment went back to the buyer's balance (P4, P5)."""

    order_id = fields.String(required=True, **ID)
    buyer_id = fields.String(required=True, **ID)
    amount = MoneyField(required=True)


class WithdrawalSent(Contract):
    """`withdrawal_sent`: a seller's available earnings left for their payout method (P6)."""

    withdrawal_id = fields.String(required=True, **ID)
    seller_id = fields.String(required=True, **ID)
    amount = MoneyField(required=True)
    sent_at = fields.AwareDateTime(required=True)


# --- the deadline payments asks for, which the scheduler publishes back to it ----------

CLEARANCE_EVENT = "earnings_cleared"


class EarningsCleared(Contract):
    """scheduler `earnings_cleared` (the payload payments asked for, plus the scheduler's
    `key` and `due_at`): an order's or a tip's earnings leave clearance (P3)."""

    order_id = fields.String(load_default=None, **ID)
    tip_id = fields.String(load_default=None, **ID)

    @validates_schema
    def _one_cause(self, data, **kwargs):
        if (data.get("order_id") is None) == (data.get("tip_id") is None):
            raise ValidationError("Either order_id or tip_id.")


EVENTS = events(
    "payments",
    EventType(
        "accounts_opened", AccountsOpened, "A signed-up user's ledger accounts are open (P1)."
    ),
    EventType(
        "earnings_pending",
        EarningsPending,
        "An order's (O10) or a tip's (T2) earnings entered clearance (P3).",
    ),
    EventType(
        "earnings_available",
        EarningsAvailable,
        "Earnings left clearance and may be withdrawn (P3, P6).",
    ),
    EventType(
        "earnings_reversed",
        EarningsReversed,
        "A support cancellation took a completed order's earnings back (P5, O11).",
    ),
    EventType(
        "order_refunded",
        OrderRefunded,
        "An order's whole payment went back to the buyer's balance (P4, P5).",
    ),
    EventType(
        "withdrawal_sent",
        WithdrawalSent,
        "A seller's available earnings left for their payout method (P6).",
    ),
)
