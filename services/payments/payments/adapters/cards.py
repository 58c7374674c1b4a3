"""The sandbox card processor, and the Nameko dependency that gives it to workers."""

import re
import uuid

from nameko.extensions import DependencyProvider

from payments.domain.cards import (
    CardDeclined,
    CardDetails,
    InvalidCard,
    ProcessorUnavailable,
    card_brand,
    luhn_valid,
)

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
PROCESSOR_ERROR = "4000000000000119"


class SandboxCards:
    """Test cards as the usual sandboxes know them: 4242 4242 4242 4242 succeeds,
    4000 0000 0000 0002 is declined, 4000 0000 0000 0119 fails at the processor,
    any other 16-digit Luhn-valid number succeeds."""

    def register(self, card_number):
        number = re.sub(r"[ -]", "", str(card_number or ""))
        if not re.fullmatch(r"\d{16}", number) or not luhn_valid(number):
            raise InvalidCard("Not a valid card number.")
        # The sandbox's token is the number itself; a real provider tokenizes the
        # card on its side and we store only its token (never the number).
        return CardDetails(token=number, brand=card_brand(number), last4=number[-4:])

    def charge(self, card_token, amount):
        if card_token == DECLINED:
            raise CardDeclined("declined by the issuer")
        if card_token == PROCESSOR_ERROR:
            raise ProcessorUnavailable("processing error")
        return f"ch_sandbox_{uuid.uuid4().hex}"


class Cards(DependencyProvider):
    """A worker's card processor: the sandbox (the only one so far)."""

    def setup(self):
        self.processor = SandboxCards()

    def get_dependency(self, worker_ctx):
        return self.processor
