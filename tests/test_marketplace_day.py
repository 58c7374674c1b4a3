"""The whole marketplace in one story (demo/scenario.py, what `make demo` shows),
with every balance checked to the cent (P1-P6, T3 and the order rules on the way).

Money, with the service fee of 5.5% plus $3 under $100 (P2) and a 20% commission (P3):
  Bob     logo (basic $25 + source files $10) $35.00 + $4.93 fee = $39.93 by card
          translation (custom offer) $55.00 + $6.03 = $61.03 by card
          video (request's offer) $120.00 + $6.60 = $126.60 by card, refunded (O8, P4)
          tip $5.00 + $3.28 = $8.28 by card
  Alice   standard logo $60.00 + $6.30 = $66.30 by card, refunded (O9, P4)
  Sofia   earns $28.00 (logo) + $4.00 (tip), cleared after 14 days, withdrawn (P3, P6)
  Marco   earns $44.00, cleared after 14 days
"""

from demo.scenario import play


def test_p1_p2_p3_p4_p6_t3_a_marketplace_day_balances_to_the_cent(api, system):
    lines = []
    result = play(api.base_url, system["MICROTACHE_ADMIN_PASSWORD"], say=lines.append)
    nothing = {"pending_clearance": 0, "available": 0, "withdrawn": 0}
    assert result["balances"] == {
        "sofia": {"buyer_balance": 0, "pending_clearance": 0, "available": 0, "withdrawn": 3200},
        "marco": {"buyer_balance": 0, "pending_clearance": 0, "available": 4400, "withdrawn": 0},
        "nadia": {"buyer_balance": 0, **nothing},
        "bob": {"buyer_balance": 12660, **nothing},
        "alice": {"buyer_balance": 6630, **nothing},
    }, "\n".join(lines)
    ledger = result["ledger"]
    assert ledger["balanced"] and not ledger["negative_balances"]
    assert not ledger["finished_escrows_not_empty"]
