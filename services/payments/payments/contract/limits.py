"""The bounds payments' schemas state, defined here and read by the domain's policies
("constants flow from the contract to the domain, never back")."""

PAYMENT_MAX = 2_000_000  # one order's price with its extras: $20,000 (P2, issue 15)
TIP_MAX = 2_000_000  # T2: at most the order's price, so at most this
WITHDRAWAL_MAX = 500_000  # P6: at most $5,000 a withdrawal
LEVEL_MAX_LENGTH = 20  # a seller level's name, as catalog gives it (P3)
ID_MAX_LENGTH = 36
REQUEST_ID_MAX_LENGTH = 60  # a withdrawal's Idempotency-Key (P6)
CURSOR_MAX_LENGTH = 200
PAGE_MAX = 100

# What the support cancellation's reply names as the source of the seller's earnings (P5).
FROM_AVAILABLE, FROM_PENDING = "available", "pending_clearance"
