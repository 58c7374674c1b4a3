"""Payments' unit of work: one transaction, with its repositories as attributes."""

from microtache.database import UnitOfWork

from payments.adapters.repository import Ledger, Payments


class PaymentsUnitOfWork(UnitOfWork):
    """`uow.ledger` (accounts, transactions, balances) and `uow.payments` (cards, orders'
    payments, extras, tips, withdrawals, sellers' levels), on this transaction's session."""

    def __init__(self, session, tables, clock, service_name, events=None):
        super().__init__(session, tables, clock, service_name, events)
        self.ledger = Ledger(session)
        self.payments = Payments(session)
