"""Every recipe by which payments moves money (P1-P6, T2, T3), as pure functions: the
accounts and amounts in, the postings of one balanced transaction out (a list of
(Account, Money), + debit, - credit). The service layer finds the accounts, books the
postings (`ledger.transaction`, which refuses an unbalanced one) and names the cause.
"""

from microtache.money import Money

from payments.domain.ledger import Account

Posting = tuple[Account, Money]


def paid_from(
    wallet: Account, from_balance: Money, cards: Account | None, from_card: Money
) -> list[Posting]:
    """P2, T3: the credits of a payment taken from the buyer's balance first, the rest
    from their card (the platform's external_cards account, needed only when a card
    pays a part); a part of nothing is left out."""
    entries = [(wallet, -from_balance)] if from_balance.amount else []
    if from_card.amount:
        if cards is None:
            raise ValueError("a card's part needs the external_cards account")
        entries.append((cards, -from_card))
    return entries


def into_escrow(sources: list[Posting], escrow: Account, total: Money) -> list[Posting]:
    """P2: an order's price and its service fee, from the buyer's sources into its escrow."""
    return [*sources, (escrow, total)]


def order_payment(
    sources: list[Posting], escrow: Account, price: Money, fee: Money
) -> list[Posting]:
    """P2: paying for an order: price + service fee into the order's escrow."""
    return into_escrow(sources, escrow, price + fee)


def extra_payment(
    sources: list[Posting], escrow: Account, amount: Money, fee: Money
) -> list[Posting]:
    """O7, P2: paying for an extra: its amount + service fee into the order's escrow."""
    return into_escrow(sources, escrow, amount + fee)


def completion(
    escrow: Account,
    pending: Account,
    revenue: Account,
    seller_price: Money,
    fees: Money,
    commission: Money,
) -> list[Posting]:
    """P3: the whole escrow (the seller's price, extras included, and every fee) leaves:
    the seller's price less commission into their pending clearance, the commission and
    the fees to the platform."""
    return [
        (escrow, -(seller_price + fees)),
        (pending, seller_price - commission),
        (revenue, commission + fees),
    ]


def cancellation_refund(escrow: Account, buyer_balance: Account, total: Money) -> list[Posting]:
    """P4: a cancelled order's whole escrow (price, extras, fees) to the buyer's balance."""
    return [(escrow, -total), (buyer_balance, total)]


def support_refund(
    earnings_source: Account,
    revenue: Account,
    buyer_balance: Account,
    earnings: Money,
    commission: Money,
    fees: Money,
) -> list[Posting]:
    """P5 (O11): the seller gives back their earnings (from pending or available), the
    platform its commission and fees, and the buyer gets all they paid on their balance."""
    return [
        (earnings_source, -earnings),
        (revenue, -(commission + fees)),
        (buyer_balance, earnings + commission + fees),
    ]


def tip(
    sources: list[Posting],
    pending: Account,
    revenue: Account,
    amount: Money,
    fee: Money,
    commission: Money,
) -> list[Posting]:
    """T2, T3, P2, P3: a tip and its service fee from the buyer's sources; the tip less
    commission into the seller's pending clearance, the commission and fee to the platform."""
    return [*sources, (pending, amount - commission), (revenue, commission + fee)]


def clearance(pending: Account, available: Account, earnings: Money) -> list[Posting]:
    """P3: earnings leave clearance: pending to available."""
    return [(pending, -earnings), (available, earnings)]


def withdrawal(available: Account, payouts: Account, amount: Money) -> list[Posting]:
    """P6: available earnings out to the payout method (the platform's external_payouts)."""
    return [(available, -amount), (payouts, amount)]
