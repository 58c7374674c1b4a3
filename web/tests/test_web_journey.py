"""The marketplace in one story, each person in a browser of their own (issue 19): a buyer
searches, opens a gig, orders with the sandbox card and sends the requirements; the seller
delivers a file; the buyer asks a revision, then accepts, reviews and tips; the seller
sees the earnings pending, the admin moves the clock 14 days on, and the seller sees them
available and withdraws them."""

import re
import uuid

from playwright.sync_api import expect

from web.tests.browser import CLOCK_MS, check_accessibility

from tests.support import eventually, gig_body

CARD = "4242424242424242"


def balance(api, person):
    answer = api.get("/v1/me/balance", as_=person)
    assert answer.status_code == 200, answer.text
    return {name: money["amount"] for name, money in answer.json().items()}


def expect_status(page, text):
    expect(page.locator(".order-summary .status").first).to_have_text(text)


def test_O1_O3_O5_O10_V1_T1_P3_P6_S4_a_whole_order_from_search_to_withdrawal(
    new_page, api, person, admin, signed_in
):
    seller, buyer = person("seller"), person("buyer")
    word = f"otter{uuid.uuid4().hex[:6]}"
    gig = api.post("/v1/gigs", as_=seller, json=gig_body(f"I will draw your {word} logo", 4000))
    assert gig.status_code == 201, gig.text
    buyers, sellers = new_page(), new_page()
    signed_in(buyers, buyer)
    signed_in(sellers, seller)

    # the buyer searches and opens the gig (C4, C1)
    buyers.get_by_label("What are you looking for?").fill(word)
    buyers.get_by_role("button", name="Search", exact=True).last.click()
    buyers.get_by_role("link", name=f"I will draw your {word} logo").click()
    expect(buyers.get_by_role("heading", level=1)).to_have_text(f"I will draw your {word} logo")

    # orders the basic package with the sandbox card (O1, P2)
    buyers.get_by_role("link", name="Continue with the Basic package").click()
    buyers.get_by_label("Card number").fill(CARD)
    buyers.get_by_role("button", name="Place the order").click()
    expect(buyers).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    order_id = buyers.url.rsplit("/", 1)[1]
    expect_status(buyers, "Awaiting requirements")

    # and sends the requirements: the order starts
    buyers.get_by_label("Your requirements").fill("An otter holding a pencil, in teal")
    buyers.get_by_role("button", name="Send the requirements").click()
    expect_status(buyers, "In progress")

    # the seller finds it among their orders and delivers a file (O13, O3)
    sellers.get_by_role("link", name="Orders").click()
    sellers.locator("main").get_by_role("link", name="Selling", exact=True).click()
    sellers.locator(f"a[href='#/orders/{order_id}']").first.click()
    expect_status(sellers, "In progress")
    sellers.get_by_label("Message to the buyer").fill("Here is your otter")
    sellers.get_by_label("Files").set_input_files(
        {"name": "otter.svg", "mimeType": "image/svg+xml", "buffer": b"<svg/>"}
    )
    sellers.get_by_role("button", name="Deliver", exact=True).click()
    expect_status(sellers, "Delivered")

    # the buyer asks for a revision (O5); the seller delivers again
    buyers.reload()
    expect(buyers.get_by_role("link", name="Download otter.svg")).to_be_visible()
    buyers.get_by_label("What should change?").fill("A bigger pencil, please")
    buyers.get_by_role("button", name="Ask for a revision").click()
    expect_status(buyers, "In revision")
    sellers.reload()
    sellers.get_by_label("Message to the buyer").fill("Bigger pencil")
    sellers.get_by_label("Files").set_input_files(
        {"name": "otter-2.svg", "mimeType": "image/svg+xml", "buffer": b"<svg><g/></svg>"}
    )
    sellers.get_by_role("button", name="Deliver", exact=True).click()
    expect_status(sellers, "Delivered")

    # the buyer accepts (O10), reviews (V1) and tips (T1)
    buyers.reload()
    buyers.get_by_role("button", name="Accept the delivery").click()
    expect_status(buyers, "Completed")
    review = buyers.get_by_role("form", name="Review this order")
    for group in ("Communication with the seller", "Service as described", "Would recommend"):
        review.get_by_role("group", name=group).get_by_label("5 out of 5").check()
    review.get_by_label("Your review").fill("A perfect otter.")
    review.get_by_role("button", name="Publish the review").click()
    expect(buyers.get_by_role("heading", name="The buyer's review")).to_be_visible()
    tip = buyers.get_by_role("form", name="Leave a tip")
    tip.get_by_label("Tip ($)").fill("10")
    tip.get_by_role("button", name="Send the tip").click()
    expect(buyers.get_by_text("You tipped $10.00.")).to_be_visible()

    # the seller's earnings wait 14 days (P3): $40 less 20% and the $10 tip, less 20%
    eventually(lambda: _assert(balance(api, seller)["pending_clearance"] == 3200 + 800))
    sellers.locator("#top").get_by_role("link", name="Selling", exact=True).click()
    expect(sellers.locator("[data-balance=pending_clearance] dd")).to_have_text("$40.00")
    expect(sellers.locator("[data-balance=available] dd")).to_have_text("$0.00")

    # the admin moves the clock on (S4)
    admins = new_page()
    signed_in(admins, admin)
    admins.get_by_role("link", name="Admin").click()
    admins.get_by_label("Days", exact=True).fill("14")
    admins.get_by_label("Hours", exact=True).fill("1")
    admins.get_by_role("button", name="Move the clock forward").click()
    # every deadline due in the 14 days fires first: many, after the other tests' orders
    expect(admins.get_by_text("The platform's clock now reads")).to_be_visible(timeout=CLOCK_MS)
    check_accessibility(admins, "admin after the clock moved")

    # the seller sees them available and withdraws them all (P6)
    eventually(lambda: _assert(balance(api, seller)["available"] == 4000))
    sellers.reload()
    expect(sellers.locator("[data-balance=available] dd")).to_have_text("$40.00")
    sellers.get_by_label("Amount ($)").fill("40")
    sellers.get_by_role("button", name="Withdraw", exact=True).click()
    expect(sellers.locator("[data-balance=withdrawn] dd")).to_have_text("$40.00")
    expect(sellers.locator("[data-balance=available] dd")).to_have_text("$0.00")
    assert balance(api, seller)["withdrawn"] == 4000
    check = api.get("/v1/admin/ledger/check", as_=admin).json()
    assert check["balanced"] and check["negative_balances"] == []


def _assert(condition):
    assert condition
