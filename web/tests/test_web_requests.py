"""Buyer requests and offers (R1, R2, R6, R7), quotes and custom offers (Q1, Q2)."""

import re

from playwright.sync_api import expect

from web.tests.browser import check_accessibility, screenshot

from tests.support import gig_body

CARD = "4242424242424242"


def test_R1_R6_R7_request_offer_and_order_it(page, api, person, admin, signed_in, browser):
    buyer, seller = person("buyer"), person("seller")
    assert api.post("/v1/gigs", as_=seller, json=gig_body()).status_code == 201

    signed_in(page, buyer)
    page.goto("/#/requests/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a request")
    page.get_by_label("What do you need?").fill("A fox mascot logo for my bakery")
    page.get_by_label("Category", exact=True).select_option("graphics-design")
    page.get_by_label("Subcategory").select_option("logo-design")
    page.get_by_label("Delivery time (days)").fill("7")
    page.get_by_label("Budget ($)").fill("60")
    page.get_by_label("Attachment (optional, at most 30 MB)").set_input_files(
        {"name": "brief.txt", "mimeType": "text/plain", "buffer": b"a fox, orange, friendly"}
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_url(re.compile(r"#/requests/[0-9a-f-]+$"))
    expect(page.locator(".status")).to_have_text("Awaiting approval")
    expect(page.get_by_text("Attachment: brief.txt")).to_be_visible()
    request_id = page.url.rsplit("/", 1)[1]
    mine = api.get("/v1/requests", as_=buyer).json()["results"]
    assert mine[0]["budget"] == {"amount": 6000, "currency": "USD"}

    approved = api.post(f"/v1/admin/requests/{request_id}/approve", as_=admin)
    assert approved.status_code == 200, approved.text
    page.goto("/#/requests")
    expect(page.locator(".request-card .status")).to_have_text("Active")
    check_accessibility(page, "requests")
    screenshot(page, "requests")

    # the seller, in a browser of their own, sends an offer from the open requests (R6)
    context = browser.new_context(base_url=page.url.split("/#")[0])
    other = context.new_page()
    try:
        signed_in(other, seller)
        other.goto("/#/requests/open")
        card = other.locator(".open-request").filter(has_text="A fox mascot logo")
        card.get_by_role("button", name="Send an offer").click()
        card.get_by_label("Price ($)").fill("45")
        card.get_by_label("Delivery (days)").fill("5")
        card.get_by_label("Revisions included").fill("2")
        card.get_by_label("Your offer").fill("A friendly fox, three sketches first.")
        card.get_by_role("button", name="Send an offer").last.click()
        expect(other.locator(".toast").first).to_have_text("Your offer was sent.")
        check_accessibility(other, "open requests")
    finally:
        context.close()

    # the buyer sees it (R7) and orders it with a new sandbox card
    page.goto(f"/#/requests/{request_id}/offers")
    expect(page.locator(".offer-card")).to_have_count(1)
    expect(page.locator(".offer-card .price")).to_have_text("Price: $45.00")
    page.get_by_label("Sort by").select_option("price")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=price"))
    check_accessibility(page, "offers")
    page.get_by_role("button", name="Order now").click()
    page.get_by_label("Card number").fill(CARD)
    page.get_by_role("button", name="Pay $45.00 and order").click()
    expect(page).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    order_id = page.url.rsplit("/", 1)[1]
    order = api.get(f"/v1/orders/{order_id}", as_=buyer).json()
    assert order["price"]["amount"] == 4500
    assert order["seller"]["username"] == seller.username


def test_R4_pause_resume_boost_delete(page, api, person, admin, signed_in):
    buyer = person("buyer")
    created = api.post(
        "/v1/requests",
        as_=buyer,
        json={
            "description": "Translate my menu",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "delivery_days": 3,
            "budget": {"amount": 2000, "currency": "USD"},
        },
    ).json()
    api.post(f"/v1/admin/requests/{created['id']}/approve", as_=admin)
    signed_in(page, buyer)
    page.goto(f"/#/requests/{created['id']}")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator(".status")).to_have_text("Paused")
    page.get_by_role("button", name="Resume").click()
    expect(page.locator(".status")).to_have_text("Active")
    page.get_by_role("button", name="Boost to the top").click()
    expect(page.get_by_text("Boosted", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Boost to the top")).to_have_count(0)
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("button", name="Yes, delete this request").click()
    expect(page).to_have_url(re.compile(r"#/requests$"))
    expect(page.get_by_text("You have not posted any request yet.")).to_be_visible()


def test_Q1_Q2_quote_request_and_custom_offer(page, api, person, signed_in, browser):
    buyer, seller = person("buyer"), person("seller")
    gig = api.post("/v1/gigs", as_=seller, json=gig_body()).json()

    signed_in(page, buyer)
    page.goto(f"/#/sellers/{seller.username}/quote?gig_id={gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ask {seller.username} for a quote")
    expect(page.get_by_label("Subcategory")).to_have_value("logo-design")
    page.get_by_label("Describe what you need").fill("Three logo variants for a cafe")
    page.get_by_label("Wished delivery time (days)").fill("6")
    page.get_by_label("Budget ($, optional)").fill("80")
    page.get_by_label("Attachments (optional, up to 10 files of at most 1 GB)").set_input_files(
        [{"name": "moodboard.txt", "mimeType": "text/plain", "buffer": b"warm colours"}]
    )
    page.get_by_role("button", name="Ask for a quote").click()
    expect(page).to_have_url(re.compile(r"#/quote-requests/[0-9a-f-]+$"))
    expect(page.get_by_text("moodboard.txt")).to_be_visible()
    quote_path = page.url.split("#", 1)[1]

    # the seller answers with a custom offer (Q2)
    context = browser.new_context(base_url=page.url.split("/#")[0])
    other = context.new_page()
    try:
        signed_in(other, seller)
        other.goto("/#/quotes?role=seller")
        expect(other.locator(".quote-card")).to_contain_text(f"From {buyer.username}")
        other.get_by_role("link", name="Graphics & Design › Logo Design").click()
        expect(other.get_by_text(f"From {buyer.username}", exact=True)).to_be_visible()
        expect(other.get_by_role("link", name=f"Write to {buyer.username}")).to_be_visible()
        other.get_by_role("button", name="Answer with a custom offer").click()
        other.get_by_label("Price ($)").fill("70")
        other.get_by_label("Delivery (days)").fill("4")
        other.get_by_label("Revisions included").fill("3")
        other.get_by_label("What the offer includes").fill("Three variants, source files.")
        other.get_by_role("button", name="Send the custom offer").click()
        expect(other.locator(".offer-card .status")).to_have_text("Offer sent")
    finally:
        context.close()

    page.goto("/#/quotes")
    expect(page.locator(".quote-card")).to_have_count(1)
    check_accessibility(page, "quotes")
    screenshot(page, "quotes")
    page.goto("/#" + quote_path)
    expect(page.locator(".offer-card .price")).to_contain_text("$70.00")
    expect(page.get_by_text(f"To {seller.username}", exact=True)).to_be_visible()
    check_accessibility(page, "quote request")
    page.get_by_role("button", name="Order this offer").click()
    page.get_by_label("Card number").fill(CARD)
    page.get_by_role("button", name="Pay $70.00 and order").click()
    expect(page).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    order = api.get(f"/v1/orders/{page.url.rsplit('/', 1)[1]}", as_=buyer).json()
    assert order["price"]["amount"] == 7000


def test_R6_A2_one_request_for_its_buyer_a_seller_it_is_open_to_and_nobody_else(
    page, api, person, admin, signed_in
):
    buyer, seller, stranger = person("buyer"), person("seller"), person("stranger")
    assert api.post("/v1/gigs", as_=seller, json=gig_body()).status_code == 201
    created = api.post(
        "/v1/requests",
        as_=buyer,
        json={
            "description": "An owl for my bookshop's sign",
            "category": "graphics-design",
            "subcategory": "logo-design",
            "delivery_days": 7,
            "budget": {"amount": 5000, "currency": "USD"},
        },
    ).json()
    api.post(f"/v1/admin/requests/{created['id']}/approve", as_=admin)

    # the seller opens it from the open requests and offers from its own page (R6)
    signed_in(page, seller)
    page.goto("/#/requests/open")
    card = page.locator(".open-request").filter(has_text="An owl for my bookshop")
    card.get_by_role("link", name="Graphics & Design › Logo Design").click()
    expect(page).to_have_url(re.compile(rf"#/requests/{created['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Request")
    expect(page.get_by_text("An owl for my bookshop's sign")).to_be_visible()
    expect(page.get_by_text("0 offers")).to_be_visible()
    check_accessibility(page, "request, seller")
    page.get_by_role("button", name="Send an offer").click()
    page.get_by_label("Price ($)").fill("40")
    page.get_by_label("Delivery (days)").fill("6")
    page.get_by_label("Your offer").fill("An owl in ink, two rounds of changes.")
    page.get_by_role("button", name="Send an offer").last.click()
    expect(page.locator(".toast").first).to_have_text("Your offer was sent.")
    expect(page.get_by_text("1 offers")).to_be_visible()

    # the buyer reads it whole, with its status and its offers
    signed_in(page, buyer)
    page.goto(f"/#/requests/{created['id']}")
    expect(page.locator(".status")).to_have_text("Active")
    expect(page.get_by_role("link", name="See the 1 offers")).to_be_visible()

    # anyone else is told it does not exist for them (A2)
    signed_in(page, stranger)
    page.goto(f"/#/requests/{created['id']}")
    expect(page.get_by_role("alert")).to_have_text(
        "This request does not exist, or is neither yours nor open to you."
    )
