"""Balances, ledger history, cards and withdrawals (P1-P7)."""

import uuid

from gateway.http import idempotency_key, route
from payments import contract as payments_contract


class BalanceRoutes:
    """P1-P7."""

    # balances (P1-P7)
    @route("GET", "/v1/me/balance", summary="My balances (buyer and seller)", tags=["balances"])
    def balance(self, request, caller):
        return self.payments.get_balance()

    @route(
        "GET",
        "/v1/me/transactions",
        query=payments_contract.TransactionsQuerySchema,
        response=payments_contract.TransactionPageSchema,
        tags=["balances"],
        summary="Ledger lines that touch my accounts, newest first, with their cause (P7)",
    )
    def transactions(self, request, caller, query):
        return self.payments.transactions(query)

    @route(
        "POST",
        "/v1/me/payment-methods",
        body=payments_contract.AddPaymentMethodSchema,
        status=201,
        response=payments_contract.PaymentMethodSchema,
        tags=["balances"],
        summary="Add a card (sandbox: 4242424242424242 succeeds, 4000000000000002 is "
        "declined); the first is the default",
    )
    def add_payment_method(self, request, caller, body):
        return self.payments.add_payment_method(body)

    @route(
        "GET",
        "/v1/me/payment-methods",
        response=payments_contract.PaymentMethodListSchema,
        tags=["balances"],
        summary="My cards, newest first, the default marked (T3)",
    )
    def payment_methods(self, request, caller):
        return self.payments.list_payment_methods()

    @route(
        "DELETE",
        "/v1/me/payment-methods/<payment_method_id>",
        status=204,
        tags=["balances"],
        summary="Remove one of my cards; if it was the default, the "
        "newest card left becomes the default (T3)",
    )
    def remove_payment_method(self, request, caller, payment_method_id):
        self.payments.remove_payment_method(payment_method_id)
        return 204, None

    @route(
        "PUT",
        "/v1/me/payment-methods/<payment_method_id>/default",
        response=payments_contract.PaymentMethodSchema,
        tags=["balances"],
        summary="Make one of my cards the default: the one charged when a payment "
        "names none (tips, T3)",
    )
    def set_default_payment_method(self, request, caller, payment_method_id):
        return self.payments.set_default_payment_method(payment_method_id)

    @route(
        "POST",
        "/v1/me/withdrawals",
        body=payments_contract.WithdrawalRequestSchema,
        status=201,
        response=payments_contract.WithdrawalReceiptSchema,
        tags=["balances"],
        summary="Withdraw available earnings (P6); `Idempotency-Key` makes a retry safe",
    )
    def withdraw(self, request, caller, body):
        request_id = idempotency_key(request) or str(uuid.uuid4())
        return self.payments.withdraw({**body, "request_id": request_id[:60]})

    @route(
        "GET",
        "/v1/admin/ledger/check",
        admin=True,
        summary="Ledger invariants (P1)",
        tags=["admin"],
    )
    def ledger_check(self, request, caller):
        return self.payments.check_ledger()
