"""The ledger's tables, and their mapping onto the plain domain classes."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import registry, relationship

from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from payments.domain.ledger import Account, Entry, Transaction
from payments.domain.orders import (
    ExtraPayment,
    OrderPayment,
    PaymentMethod,
    SellerLevel,
    TipPayment,
    Withdrawal,
)

metadata = MetaData()
messaging_tables(metadata)

ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_id", String(36), nullable=True),  # None: a platform account
    Column("kind", String(20), nullable=False),
    Column("currency", String(3), nullable=False),
    UniqueConstraint("owner_id", "kind", "currency", name="uq_ledger_account_owner_kind"),
    # NULLs are distinct in a unique constraint: one platform account per kind and
    # currency needs its own partial index.
    Index(
        "uq_ledger_platform_account",
        "kind",
        "currency",
        unique=True,
        sqlite_where=text("owner_id IS NULL"),
        postgresql_where=text("owner_id IS NULL"),
    ),
)

ledger_transactions = Table(
    "ledger_transactions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cause_type", String(40), nullable=False),
    Column("cause_id", String(100), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # P7: the same cause never books twice, even from two concurrent workers.
    UniqueConstraint("cause_type", "cause_id", name="uq_ledger_transaction_cause"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "transaction_id",
        String(36),
        ForeignKey("ledger_transactions.id"),
        nullable=False,
        index=True,
    ),
    Column("account_id", String(36), ForeignKey("ledger_accounts.id"), nullable=False, index=True),
    Column("amount", BigInteger, nullable=False),  # minor units; + debit, - credit
)

mapper_registry = registry()
mapper_registry.map_imperatively(Account, ledger_accounts)
mapper_registry.map_imperatively(Entry, ledger_entries)
mapper_registry.map_imperatively(
    Transaction,
    ledger_transactions,
    properties={
        "entries": relationship(Entry, order_by=ledger_entries.c.id, lazy="selectin"),
    },
)

# --- cards, orders' and tips' money, withdrawals (0002) ---------------------------

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_id", String(36), nullable=False, index=True),
    Column("brand", String(20), nullable=False),
    Column("last4", String(4), nullable=False),
    # The sandbox's token is the card number itself (test cards only); a real
    # provider tokenizes the card and we store its token, never the number.
    Column("token", String(100), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # 0004: the card charged when a payment names none (T3); one per owner at most
    Column("is_default", Boolean, nullable=False, server_default=false()),
    Index(
        "uq_payment_methods_one_default",
        "owner_id",
        unique=True,
        sqlite_where=text("is_default"),
        postgresql_where=text("is_default"),
    ),
)

order_payments = Table(
    "order_payments",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("buyer_id", String(36), nullable=False, index=True),
    Column("seller_id", String(36), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("fee", BigInteger, nullable=False),
    Column("from_balance", BigInteger, nullable=False),
    Column("from_card", BigInteger, nullable=False),
    Column("charge_id", String(100), nullable=True),
    Column("status", String(20), nullable=False),
    Column("earnings", BigInteger, nullable=True),
    Column("commission", BigInteger, nullable=True),
    Column("paid_at", UtcDateTime(), nullable=False),
    Column("completed_at", UtcDateTime(), nullable=True),
    Column("clears_at", UtcDateTime(), nullable=True),
    # 0003: the paid extras' prices and fees (O7), settled with the order
    Column("extras", BigInteger, nullable=False, server_default="0"),
    Column("extras_fee", BigInteger, nullable=False, server_default="0"),
)

tip_payments = Table(
    "tip_payments",
    metadata,
    Column("tip_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("buyer_id", String(36), nullable=False),
    Column("seller_id", String(36), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("fee", BigInteger, nullable=False),
    Column("earnings", BigInteger, nullable=False),
    Column("commission", BigInteger, nullable=False),
    Column("from_balance", BigInteger, nullable=False),
    Column("from_card", BigInteger, nullable=False),
    Column("charge_id", String(100), nullable=True),
    Column("paid_at", UtcDateTime(), nullable=False),
    Column("clears_at", UtcDateTime(), nullable=False),
)

withdrawals = Table(
    "withdrawals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("seller_id", String(36), nullable=False),
    Column("request_id", String(64), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("day", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("seller_id", "request_id", name="uq_withdrawal_request"),
    # P6: one a platform day, even for two concurrent requests.
    UniqueConstraint("seller_id", "day", name="uq_withdrawal_seller_day"),
)

# --- paid extras and sellers' levels (0003) -----------------------------------------

order_extra_payments = Table(
    "order_extra_payments",
    metadata,
    Column("extra_id", String(36), primary_key=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("buyer_id", String(36), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("fee", BigInteger, nullable=False),
    Column("from_balance", BigInteger, nullable=False),
    Column("from_card", BigInteger, nullable=False),
    Column("charge_id", String(100), nullable=True),
    Column("paid_at", UtcDateTime(), nullable=False),
)

# Kept from catalog's `seller_level_changed`: a seller's level sets their clearance (P3).
seller_levels = Table(
    "seller_levels",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("level", String(20), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

mapper_registry.map_imperatively(PaymentMethod, payment_methods)
mapper_registry.map_imperatively(OrderPayment, order_payments)
mapper_registry.map_imperatively(TipPayment, tip_payments)
mapper_registry.map_imperatively(Withdrawal, withdrawals)
mapper_registry.map_imperatively(ExtraPayment, order_extra_payments)
mapper_registry.map_imperatively(SellerLevel, seller_levels)
