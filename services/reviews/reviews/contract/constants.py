"""The bounds and names the contract states and the domain obeys (docs/rules.md V1, V4,
V7, V8, T2): defined here, imported by the domain, never the other way round."""

STARS = (1, 5)  # V1: each score, 1 to 5 stars; V4: the seller's rating
MAX_TEXT = 2000  # V1 (product): a review's public text
TIP_MAX = 2_000_000  # T2 (product): a tip is at most $20,000
BUYER_SCORES = ("communication", "service_as_described", "recommend")  # V1

BUYER, SELLER = "buyer", "seller"  # a review's `author_role`
HIDDEN, PUBLISHED, REMOVED = "hidden", "published", "removed"  # a review's `status` (V4, V7)
SELLER_REVIEWED, WINDOW_CLOSED = "seller_reviewed", "window_closed"  # why one was published

REASONS = ("false_statement", "abuse", "spam", "personal_information", "other")  # V7
OPEN, RESOLVED = "open", "resolved"  # a report's `status`
DISMISS, REMOVE_REVIEW = "dismiss", "remove_review"  # what an admin does with it
ACTIONS = (DISMISS, REMOVE_REVIEW)
DISMISSED, REMOVED_BY_REPORT = "dismissed", "removed"  # a resolved report's `resolution`

SENT, WITHDRAWN = "sent", "withdrawn"  # an invitation's `status` (V8)

__all__ = [
    "ACTIONS",
    "BUYER",
    "BUYER_SCORES",
    "DISMISS",
    "DISMISSED",
    "HIDDEN",
    "MAX_TEXT",
    "OPEN",
    "PUBLISHED",
    "REASONS",
    "REMOVED",
    "REMOVED_BY_REPORT",
    "REMOVE_REVIEW",
    "RESOLVED",
    "SELLER",
    "SELLER_REVIEWED",
    "SENT",
    "STARS",
    "TIP_MAX",
    "WINDOW_CLOSED",
    "WITHDRAWN",
]
