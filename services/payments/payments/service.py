"""The payments service: the double-entry ledger and users' balances (P1-P7)."""
from nameko.rpc import rpc

from microtache.database import Database
from microtache.errors import EXPECTED
from microtache.events import handles
from microtache.service import ServiceProbes

from payments import schemas
from payments.adapters.orm import metadata
from payments.service_layer import handlers


class PaymentsService(ServiceProbes):
    name = "payments"

    db = Database(metadata, "payments.migrations")

    @handles("catalog", "user_signed_up")
    def on_user_signed_up(self, event):
        # A redelivered event changes nothing (handle_once records its id).
        self.db.handle_once(event, handlers.open_user_accounts)

    @rpc(expected_exceptions=EXPECTED)
    def get_balance(self, caller):
        """The caller's own balances (A2)."""
        with self.db.unit_of_work() as uow:
            return schemas.BalanceSchema().dump(handlers.balance(uow, caller["id"]))

    @rpc
    def check_ledger(self):
        with self.db.unit_of_work() as uow:
            return schemas.LedgerCheckSchema().dump(handlers.check_ledger(uow))
