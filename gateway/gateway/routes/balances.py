"""Balances, ledger history, cards and withdrawals (P1-P7)."""
import uuid

from payments import schemas as payments_schemas
from gateway import schemas
from gateway.http import idempotency_key, route


class BalanceRoutes:
    """P1-P7."""

    # balances (P1-P7)
    @route("GET", "/v1/me/balance", summary="My balances (buyer and seller)", tags=["balances"])
    def balance(self, request, caller):
        return self.payments.get_balance(caller)

    @route("GET", "/v1/me/transactions", query=payments_schemas.TransactionsQuerySchema,
           response=payments_schemas.TransactionPageSchema, tags=["balances"],
           summary="Ledger lines that touch my accounts, newest first, with their cause (P7)")
    def transactions(self, request, caller, query):
        return self.payments.transactions(caller, query)

    @route("POST", "/v1/me/payment-methods", body=payments_schemas.AddPaymentMethodSchema,
           status=201, response=payments_schemas.PaymentMethodSchema, tags=["balances"],
           summary="Add a card (sandbox: 4242424242424242 succeeds, 4000000000000002 is declined)")
    def add_payment_method(self, request, caller, body):
        return self.payments.add_payment_method(caller, body)

    @route("POST", "/v1/me/withdrawals", body=schemas.WithdrawalRequestSchema, status=201,
           response=payments_schemas.WithdrawalReceiptSchema, tags=["balances"],
           summary="Withdraw available earnings (P6); `Idempotency-Key` makes a retry safe")
    def withdraw(self, request, caller, body):
        request_id = idempotency_key(request) or str(uuid.uuid4())
        return self.payments.withdraw(caller, {**body, "request_id": request_id[:60]})

    @route("GET", "/v1/admin/ledger/check", admin=True, summary="Ledger invariants (P1)",
           tags=["admin"])
    def ledger_check(self, request, caller):
        return self.payments.check_ledger()
