"""The constants the contract states and the domain enforces: statuses, bounds, kinds.

Constants flow from the contract to the domain, never back: `domain/` imports them
from here, so that what OpenAPI publishes and what the rules check are one number.
"""

from microtache.files import GB, MB

# --- buyer requests (R1-R5) -------------------------------------------------------------
PENDING = "pending"  # awaiting an admin (R2)
ACTIVE = "active"  # approved, visible to sellers (R2)
NOT_APPROVED = "not_approved"  # rejected by an admin, with a reason (R2)
PAUSED = "paused"  # hidden by the buyer, may resume (R4)
EXPIRED = "expired"  # 14 days without activity (R5)
DELETED = "deleted"  # removed by the buyer (R3, R4)
ORDERED = "ordered"  # one of its offers was ordered: the buyer found a seller,
# it leaves sellers' lists and takes no more offers (product)
REQUEST_STATUSES = (PENDING, ACTIVE, NOT_APPROVED, PAUSED, EXPIRED, DELETED, ORDERED)
SHOWN_REQUEST_STATUSES = tuple(s for s in REQUEST_STATUSES if s != DELETED)
REQUEST_DELIVERY_DAYS = (1, 30)  # R1: 24 hours is 1 day; any whole number of days up to 30
REQUEST_MAX_ATTACHMENT = 30 * MB  # R1 (the upload use `request_attachment` states it)
REQUEST_MAX_ATTACHMENTS = 1  # R1: an optional attachment
REQUEST_MAX_DESCRIPTION = 2500  # product
REJECTION_MAX_LENGTH = 1000  # R2: the reason an admin gives

# --- offers on buyer requests (R6, R7) and the terms of every offer ---------------------
PRICE = (500, 1_000_000)  # $5 to $10,000 (product, as gigs)
MAX_BUDGET = PRICE[1]  # R1, Q1: a buyer's budget, at most what an offer may ask
OFFER_DELIVERY_DAYS = (1, 90)  # product, as gigs
MAX_REVISIONS = 20  # product, as gigs
OFFER_MAX_DESCRIPTION = 1500  # product
# R7: how the buyer sorts offers; the date and the seller's figures newest or highest first.
OFFER_SORTS = ("date", "price", "delivery_time", "rating", "reviews")

# --- quote requests and custom offers (Q1-Q3) ---------------------------------------------
QUOTE_MAX_ATTACHMENT = 1 * GB  # Q1: each file (the upload use `quote_attachment`)
QUOTE_MAX_ATTACHMENTS = 10  # product
QUOTE_DELIVERY_DAYS = (1, 90)  # the wished delivery time (product, as gigs)
CUSTOM_OFFER_EXPIRY_DAYS = (1, 30)  # Q2: a custom offer's optional expiry (product)
QUOTE_ROLES = ("buyer", "seller")

# --- lists ----------------------------------------------------------------------------------
PAGE_LIMIT = (1, 100)  # `?limit=`: at most 100 a page, as orders', payments', reviews', inbox's
PAGE_DEFAULT = 20

# --- ordering an offer (orders asks `offer_terms`) ------------------------------------------
CUSTOM_OFFER, REQUEST_OFFER = "custom_offer", "request_offer"
OFFER_KINDS = (CUSTOM_OFFER, REQUEST_OFFER)

# --- the deadline this service asks the scheduler for (R5) ------------------------------------
EXPIRY_EVENT = "request_expiry_reached"
