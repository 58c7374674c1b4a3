"""The gateway's routes, one module per domain; `gateway.service` composes them."""
