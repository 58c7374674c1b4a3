"""O1: orders reads the catalog's `get_gig` reply through catalog's contract (`GigTerms`),
tolerant of fields a newer catalog adds, and prices the order from it."""

from microtache.money import Money

from catalog.contract import GigSchema, GigTerms
from orders.domain.placement import terms_from_gig

REPLY = {
    "id": "g1",
    "seller": "ana",
    "seller_id": "s1",
    "title": "I will design a minimalist logo",
    "description": "Logos.",
    "category": "graphics-design",
    "subcategory": "logo-design",
    "packages": [
        {
            "tier": "basic",
            "price": {"amount": 2000, "currency": "USD"},
            "delivery_days": 3,
            "revisions": 1,
            "description": "One concept.",
        }
    ],
    "extras": [{"name": "fast", "price": {"amount": 1000, "currency": "USD"}, "delivery_days": 1}],
    "attributes": {},
    "tags": [],
    "ships_physical_item": False,
    "accepts_remote_work": True,
    "shows_reviews": True,
    "status": "active",
    "created_at": "2026-01-02T03:04:05+00:00",
    "gallery": {"images": [], "document": None},
    "online": False,
}


def test_o1_the_gig_reply_is_read_through_the_catalog_contract_ignoring_new_fields():
    assert set(REPLY) == set(GigSchema().fields)  # what catalog sends today
    newer = {
        **REPLY,
        "video_url": "https://example.com/v",
        "packages": [{**REPLY["packages"][0], "badge": "popular"}],
    }
    gig = GigTerms().load(newer)
    assert "video_url" not in gig and "badge" not in gig["packages"][0]
    assert gig["packages"][0]["price"] == Money(2000, "USD")
    terms = terms_from_gig(gig, "basic", ["fast"])
    assert (terms.seller_username, terms.price, terms.delivery_days) == (
        "ana",
        Money(3000, "USD"),
        4,
    )
