"""Charging buyers' cards (P2, T3): the port the service layer depends on. Plain Python."""

from dataclasses import dataclass
from typing import Protocol

from microtache.money import Money


class CardDeclined(Exception):
    """The issuer refused the charge: nothing was taken."""


class ProcessorUnavailable(Exception):
    """The processor could not be reached or failed: nothing was taken, try again later."""


class InvalidCard(ValueError):
    """Not a card number the processor accepts."""


@dataclass(frozen=True)
class CardDetails:
    token: str  # what the processor charges later (never the number for a real provider)
    brand: str
    last4: str


class CardProcessor(Protocol):
    def register(self, card_number: str) -> CardDetails:
        """Validate a card and return its token; `InvalidCard` if it is not one."""

    def charge(self, card_token: str, amount: Money) -> str:
        """Take `amount` (Money) from the card; return the charge's id, or raise
        `CardDeclined` or `ProcessorUnavailable` (nothing taken in either case)."""


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"51", "52", "53", "54", "55"}:
        return "mastercard"
    return "card"
