"""The third third of the random ledger histories (test_payments_stateful.py), in a file
of its own so that another xdist worker runs it."""

from test_payments_stateful import THIRDS, random_histories


def test_p1_p7_t2_t3_random_histories_keep_the_ledger_whole_third_third(store_factory):
    random_histories(store_factory, THIRDS[2])
