"""The ledger's tables, and their mapping onto the plain domain classes."""
from sqlalchemy import (BigInteger, Column, ForeignKey, Index, Integer, MetaData,
                        String, Table, UniqueConstraint, text)
from sqlalchemy.orm import registry, relationship

from microtache.outbox import messaging_tables
from microtache.types import UtcDateTime

from payments.domain.ledger import Account, Entry, Transaction

metadata = MetaData()
messaging_tables(metadata)

ledger_accounts = Table(
    "ledger_accounts", metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_id", String(36), nullable=True),      # None: a platform account
    Column("kind", String(20), nullable=False),
    Column("currency", String(3), nullable=False),
    UniqueConstraint("owner_id", "kind", "currency", name="uq_ledger_account_owner_kind"),
    # NULLs are distinct in a unique constraint: one platform account per kind and
    # currency needs its own partial index.
    Index("uq_ledger_platform_account", "kind", "currency", unique=True,
          sqlite_where=text("owner_id IS NULL"), postgresql_where=text("owner_id IS NULL")),
)

ledger_transactions = Table(
    "ledger_transactions", metadata,
    Column("id", String(36), primary_key=True),
    Column("cause_type", String(40), nullable=False),
    Column("cause_id", String(100), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # P7: the same cause never books twice, even from two concurrent workers.
    UniqueConstraint("cause_type", "cause_id", name="uq_ledger_transaction_cause"),
)

ledger_entries = Table(
    "ledger_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("transaction_id", String(36), ForeignKey("ledger_transactions.id"),
           nullable=False, index=True),
    Column("account_id", String(36), ForeignKey("ledger_accounts.id"), nullable=False,
           index=True),
    Column("amount", BigInteger, nullable=False),          # minor units; + debit, - credit
)

mapper_registry = registry()
mapper_registry.map_imperatively(Account, ledger_accounts)
mapper_registry.map_imperatively(Entry, ledger_entries)
mapper_registry.map_imperatively(Transaction, ledger_transactions, properties={
    "entries": relationship(Entry, order_by=ledger_entries.c.id, lazy="selectin"),
})
