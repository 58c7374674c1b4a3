"""Which deadlines an order needs, derived from its state alone (S1, S3).

After every change the service asks the scheduler for exactly these (and
cancels the ones no longer listed); when one fires, the service acts only if
the order still lists it with the same due time, so a deadline that no longer
applies changes nothing.
"""
from orders.domain.orders import DELIVERED, IN_DISPUTE, IN_PROGRESS, LATE, WORKING
from orders.domain.policies import POLICIES

# deadline name -> the system action it triggers
ACTIONS = {
    "due": "fall_due",                          # O8: late
    "very_late": "become_very_late",            # O8: 24 hours later
    "review_period": "complete_automatically",  # O4: completes by itself
    "extension_answer": "extension_unanswered",  # O6: accepted by silence
    "cancellation_answer": "cancellation_unanswered",  # O9: cancelled by silence
}
NAMES = tuple(ACTIONS)


def deadlines_of(order):
    """{name: due datetime} of the deadlines the order's state needs now."""
    deadlines = {}
    if order.status == IN_PROGRESS and order.due_at:
        deadlines["due"] = order.due_at
    if order.status == LATE:
        deadlines["very_late"] = order.due_at + POLICIES.very_late_after
    if order.status == DELIVERED and order.review_ends_at:
        deadlines["review_period"] = order.review_ends_at
    extension = order.open_extension()
    if extension is not None and order.status in WORKING:
        deadlines["extension_answer"] = extension.answer_by
    cancellation = order.open_cancellation()
    if cancellation is not None and order.status == IN_DISPUTE:
        deadlines["cancellation_answer"] = cancellation.answer_by
    return deadlines
