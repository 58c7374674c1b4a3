"""A1: passwords are hashed and checked with Argon2id, off the process's event loop."""

import eventlet

from catalog.adapters.passwords import hash_password, verify_password, verify_unknown_user


def test_a1_a_password_checks_against_its_hash_only():
    hashed = hash_password("correct-horse-battery")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct-horse-battery")
    assert not verify_password(hashed, "correct-horse-batterY")
    assert not verify_password("not a hash", "correct-horse-battery")
    assert verify_unknown_user("correct-horse-battery") is False


def test_a1_other_work_goes_on_while_a_password_is_hashed_and_checked():
    ticks = []

    def tick():
        while True:
            ticks.append(1)
            eventlet.sleep(0.001)

    ticker = eventlet.spawn(tick)
    eventlet.sleep(0)
    try:
        for _ in range(5):
            verify_password(hash_password("correct-horse-battery"), "correct-horse-battery")
    finally:
        ticker.kill()
    # ten Argon2 runs: tens of milliseconds each, during which the ticker kept ticking
    assert len(ticks) >= 20, len(ticks)
