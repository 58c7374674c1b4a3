"""Reading and writing the ledger."""
from itertools import groupby

from sqlalchemy import func, select

from microtache.money import Money

from payments.adapters.orm import ledger_accounts, ledger_entries, ledger_transactions
from payments.domain.ledger import Account, Transaction


class Ledger:
    def __init__(self, session):
        self.session = session

    # accounts
    def accounts_of(self, owner_id):
        return self.session.scalars(select(Account).where(Account.owner_id == owner_id)).all()

    def add_accounts(self, accounts):
        self.session.add_all(accounts)

    def platform_account(self, kind, currency):
        """The platform's account of this kind, opened on first use."""
        account = self.session.scalars(select(Account).where(
            Account.owner_id.is_(None), Account.kind == kind,
            Account.currency == currency)).first()
        if account is None:
            account = Account(kind, currency)
            self.session.add(account)
            self.session.flush()
        return account

    def balances_of(self, owner_id):
        """{kind: Money} of every account the owner has."""
        rows = self.session.execute(
            select(ledger_accounts.c.kind, ledger_accounts.c.currency,
                   func.coalesce(func.sum(ledger_entries.c.amount), 0))
            .select_from(ledger_accounts.outerjoin(
                ledger_entries, ledger_entries.c.account_id == ledger_accounts.c.id))
            .where(ledger_accounts.c.owner_id == owner_id)
            .group_by(ledger_accounts.c.id, ledger_accounts.c.kind, ledger_accounts.c.currency))
        return {kind: Money(int(total), currency) for kind, currency, total in rows}

    # transactions
    def transaction_for(self, cause_type, cause_id):
        return self.session.scalars(select(Transaction).where(
            Transaction.cause_type == cause_type, Transaction.cause_id == cause_id)).first()

    def add_transaction(self, transaction):
        self.session.add(transaction)
        self.session.flush()

    def transaction_amounts(self):
        """(transaction id, [Money of each entry]) for every transaction, streamed."""
        rows = self.session.execute(
            select(ledger_transactions.c.id, ledger_entries.c.amount, ledger_accounts.c.currency)
            .select_from(ledger_transactions
                         .outerjoin(ledger_entries,
                                    ledger_entries.c.transaction_id == ledger_transactions.c.id)
                         .outerjoin(ledger_accounts,
                                    ledger_accounts.c.id == ledger_entries.c.account_id))
            .order_by(ledger_transactions.c.id, ledger_entries.c.id)
            .execution_options(yield_per=1000))
        for transaction_id, group in groupby(rows, key=lambda row: row[0]):
            yield transaction_id, [Money(int(amount), currency)
                                   for _, amount, currency in group if amount is not None]
