"""The orders list (O13) and the order page (O14, O15) in the browser: the whole journey
from requirements to review and tip (O1, O3, O5, O10, V1, T1), each step checked against
the API; only the actions the API allows; a stranger sees the API's refusal (A2)."""

import re

from playwright.sync_api import expect

from web.tests.browser import check_accessibility, screenshot

from tests.support import eventually, gig_body

CARD = "4242424242424242"
WIDER_THAN_A_PHONE = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 376).slice(0, 8)
    .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def shop(api, person):
    """A seller with a gig, a buyer with a card (and an open ledger)."""
    seller, buyer = person("seller"), person("buyer")
    gig = ok(api.post("/v1/gigs", as_=seller, json=gig_body()), 201)
    eventually(lambda: ok(api.get("/v1/me/balance", as_=buyer)))
    card = ok(api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": CARD}), 201)
    return seller, buyer, gig, card


def place(api, buyer, gig, card):
    body = {"gig_id": gig["id"], "package": "basic", "payment_method_id": card["id"]}
    return ok(api.post("/v1/orders", as_=buyer, json=body), 201)


def status_of(api, order, who):
    return ok(api.get(f"/v1/orders/{order['id']}", as_=who))["status"]


def open_order(page, order):
    address = f"/#/orders/{order['id']}"
    if page.url.endswith(address):
        page.reload()  # going to the same address only scrolls
    else:
        page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text(order["title"])


def expect_status(page, text):
    expect(page.locator(".order-summary .status").first).to_have_text(text)


def test_O1_O3_O5_O10_V1_V4_V5_T1_whole_order_journey(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)

    # the buyer sends the requirements (O1)
    signed_in(page, buyer)
    open_order(page, order)
    expect_status(page, "Awaiting requirements")
    actions = page.locator(".order-actions")
    expect(actions.get_by_role("button", name="Deliver")).to_have_count(0)  # the seller's
    check_accessibility(page, "order")
    screenshot(page, "order")
    page.get_by_label("Your requirements").fill("A round, blue logo")
    page.get_by_role("button", name="Send the requirements").click()
    expect_status(page, "In progress")
    assert status_of(api, order, buyer) == "in_progress"
    expect(page.locator(".order-summary")).to_contain_text("Time left")
    expect(page.get_by_text("A round, blue logo")).to_be_visible()

    # the seller delivers a file (O3); without one nor the confirmation the API refuses
    signed_in(page, seller)
    open_order(page, order)
    expect(page.get_by_role("button", name="Send the requirements")).to_have_count(0)
    page.get_by_label("Message to the buyer").fill("First draft")
    page.get_by_role("button", name="Deliver", exact=True).click()
    deliver = page.get_by_role("form", name="Deliver your work")
    expect(deliver.get_by_role("alert")).to_contain_text("Not allowed by the rules")
    assert status_of(api, order, seller) == "in_progress"
    page.get_by_label("Files").set_input_files(
        {
            "name": "logo.svg",
            "mimeType": "image/svg+xml",
            "buffer": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    page.get_by_role("button", name="Deliver", exact=True).click()
    expect_status(page, "Delivered")
    assert status_of(api, order, seller) == "delivered"
    expect(page.get_by_role("link", name="Download logo.svg")).to_be_visible()

    # the buyer asks for a revision (O5), and may download the file
    signed_in(page, buyer)
    open_order(page, order)
    expect(page.get_by_role("button", name="Accept the delivery")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download logo.svg").click()
    assert download.value.suggested_filename == "logo.svg"
    page.get_by_label("What should change?").fill("Bluer, please")
    page.get_by_role("button", name="Ask for a revision").click()
    expect_status(page, "In revision")
    assert status_of(api, order, buyer) == "in_revision"

    # the seller delivers again, with no file this time (confirmed)
    signed_in(page, seller)
    open_order(page, order)
    page.get_by_label("Message to the buyer").fill("Bluer now")
    page.get_by_label("I deliver without any file").check()
    page.get_by_role("button", name="Deliver", exact=True).click()
    expect_status(page, "Delivered")
    expect(page.locator(".delivery")).to_have_count(2)

    # the buyer accepts (O10), reviews (V1) and tips (T1)
    signed_in(page, buyer)
    open_order(page, order)
    page.get_by_role("button", name="Accept the delivery").click()
    expect_status(page, "Completed")
    assert status_of(api, order, buyer) == "completed"
    review = page.get_by_role("form", name="Review this order")
    for group in ("Communication with the seller", "Service as described", "Would recommend"):
        review.get_by_role("group", name=group).get_by_label("5 out of 5").check()
    review.get_by_label("Your review").fill("Lovely work, fast and friendly.")
    check_accessibility(page, "order review")
    review.get_by_role("button", name="Publish the review").click()
    expect(page.get_by_role("heading", name="The buyer's review")).to_be_visible()
    reviews = ok(api.get(f"/v1/orders/{order['id']}/reviews", as_=buyer))
    assert reviews["buyer_review"]["communication"] == 5

    tip = page.get_by_role("form", name="Leave a tip")
    tip.get_by_label("Tip ($)").fill("5")
    tip.get_by_label("Message to the seller (optional)").fill("Thanks!")
    tip.get_by_role("button", name="Send the tip").click()
    expect(page.get_by_text("You tipped $5.00.")).to_be_visible()
    tips = ok(api.get(f"/v1/orders/{order['id']}/tips", as_=buyer))
    assert tips["tip"]["amount"] == {"amount": 500, "currency": "USD"}

    # private feedback (V5), then the seller's review of the buyer (V4)
    feedback = page.get_by_role("form", name="Private feedback")
    feedback.get_by_label("Your private feedback").fill("All good")
    feedback.get_by_role("button", name="Send the private feedback").click()
    expect(page.get_by_text("Your private feedback: All good")).to_be_visible()
    signed_in(page, seller)
    open_order(page, order)
    expect(page.get_by_role("form", name="Private feedback")).to_have_count(0)
    expect(page.get_by_role("form", name="Leave a tip")).to_have_count(0)
    review = page.get_by_role("form", name="Review this order")
    review.get_by_role("group", name="Rating of the buyer").get_by_label("4 out of 5").check()
    review.get_by_label("Your review").fill("Clear brief, quick answers.")
    review.get_by_role("button", name="Publish the review").click()
    expect(page.get_by_role("heading", name="The seller's review")).to_be_visible()
    reviews = ok(api.get(f"/v1/orders/{order['id']}/reviews", as_=seller))
    assert reviews["seller_review"]["rating"] == 4

    # the timeline tells the journey in order
    timeline = page.locator(".timeline li")
    expect(timeline.first).to_contain_text("Order placed")
    expect(timeline.last).to_contain_text("Delivery accepted")


def test_O14_messages_on_the_order(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)
    signed_in(page, buyer)
    open_order(page, order)
    page.get_by_label("Your message").fill("Hello, a question")
    page.get_by_label("Attachments (optional)").set_input_files(
        {"name": "brief.txt", "mimeType": "text/plain", "buffer": b"the brief"}
    )
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator(".order-messages > li")).to_contain_text("Hello, a question")
    expect(page.get_by_role("link", name="Download brief.txt")).to_be_visible()
    answer = ok(api.get(f"/v1/orders/{order['id']}/messages", as_=seller))
    assert [m["text"] for m in answer["results"]] == ["Hello, a question"]


def test_A2_O14_a_stranger_sees_the_refusal_and_no_action(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)
    refused = api.get(f"/v1/orders/{order['id']}", as_=person("stranger"))
    assert refused.status_code in (403, 404)

    signed_in(page, person("nosy"))
    page.goto(f"/#/orders/{order['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("You may not do this|Not found"))
    expect(page.locator(".order-actions")).to_have_count(0)
    expect(page.locator("main button")).to_have_count(0)


def test_O1_O14_the_buyer_sees_no_seller_action(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)
    allowed = ok(api.get(f"/v1/orders/{order['id']}", as_=buyer))["allowed_actions"]
    assert "skip_requirements" not in allowed

    signed_in(page, buyer)
    open_order(page, order)
    actions = page.locator(".order-actions")
    expect(actions.get_by_role("button", name="Send the requirements")).to_be_visible()
    for seller_only in (
        "Start without requirements",
        "Remind the buyer",
        "Deliver",
        "Add the time",
    ):
        expect(actions.get_by_role("button", name=seller_only, exact=True)).to_have_count(0)

    signed_in(page, seller)
    open_order(page, order)
    actions = page.locator(".order-actions")
    expect(actions.get_by_role("button", name="Start without requirements")).to_be_visible()
    expect(actions.get_by_role("button", name="Send the requirements")).to_have_count(0)
    actions.get_by_role("button", name="Remind the buyer").click()
    expect(page.locator("#toasts")).to_contain_text("The buyer was reminded.")


def test_O13_orders_lists_filters_and_star(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    waiting = place(api, buyer, gig, card)
    started = place(api, buyer, gig, card)
    ok(api.post(f"/v1/orders/{started['id']}/requirements", as_=buyer, json={"text": "Go"}))

    signed_in(page, buyer)
    page.goto("/#/orders")
    expect(page.get_by_role("heading", level=1)).to_have_text("My orders")
    rows = page.locator(".orders-table tbody tr")
    expect(rows).to_have_count(2)
    roles = page.get_by_role("navigation", name="My role")
    expect(roles.get_by_role("link", name="Buying")).to_have_attribute("aria-current", "page")
    expect(rows.first).to_contain_text(seller.username)
    check_accessibility(page, "orders")
    screenshot(page, "orders")

    # the buyer's lists only; "Awaiting requirements" is a seller's list
    lists = page.get_by_role("navigation", name="Lists")
    expect(lists.get_by_role("link", name="Awaiting requirements")).to_have_count(0)
    lists.get_by_role("link", name="Priority").click()
    expect(rows).to_have_count(1)  # the buyer owes the requirements of one
    expect(rows.first.get_by_role("link")).to_have_attribute("href", f"#/orders/{waiting['id']}")
    assert "filter=priority" in page.url

    # star one: a toggle with its pressed state; the starred list holds it
    star = rows.first.get_by_role("button", name=re.compile("^Star"))
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    assert ok(api.get(f"/v1/orders/{waiting['id']}", as_=buyer))["starred"] is True
    lists.get_by_role("link", name="Starred").click()
    expect(lists.get_by_role("link", name="Starred")).to_have_attribute("aria-current", "page")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name=re.compile("^Star")).click()
    expect(rows.first.get_by_role("button", name=re.compile("^Star"))).to_have_attribute(
        "aria-pressed", "false"
    )
    assert ok(api.get(f"/v1/orders/{waiting['id']}", as_=buyer))["starred"] is False

    # the seller's tab and lists
    signed_in(page, seller)
    page.goto("/#/orders?role=seller")
    roles = page.get_by_role("navigation", name="My role")
    expect(roles.get_by_role("link", name="Selling")).to_have_attribute("aria-current", "page")
    expect(rows).to_have_count(2)
    lists = page.get_by_role("navigation", name="Lists")
    lists.get_by_role("link", name="Awaiting requirements").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(buyer.username)
    lists.get_by_role("link", name="New").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link")).to_have_attribute("href", f"#/orders/{started['id']}")


def test_O13_show_more_pages_through_the_orders(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    for _ in range(22):
        place(api, buyer, gig, card)
    signed_in(page, buyer)
    page.goto("/#/orders")
    rows = page.locator(".orders-table tbody tr")
    expect(rows).to_have_count(20)
    page.get_by_role("button", name="Show more").click()
    expect(rows).to_have_count(22)
    expect(page.get_by_role("button", name="Show more")).to_be_hidden()


def test_O3_O6_O7_O9_drafts_extensions_time_and_cancellation(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)
    ok(api.post(f"/v1/orders/{order['id']}/requirements", as_=buyer, json={"text": "Go"}))

    # the seller saves a draft, then sends it (O3)
    signed_in(page, seller)
    open_order(page, order)
    page.get_by_label("Message to the buyer").fill("Nearly there")
    page.get_by_label("I deliver without any file").check()
    page.get_by_label("Save as a draft (not sent yet)").check()
    page.get_by_role("button", name="Deliver", exact=True).click()
    expect(page.get_by_role("button", name="Send this draft")).to_be_visible()
    expect_status(page, "In progress")
    page.get_by_role("button", name="Send this draft").click()
    expect_status(page, "Delivered")
    assert status_of(api, order, seller) == "delivered"

    # the buyer asks a revision; the seller asks for more time (O6), the buyer declines
    ok(
        api.post(
            f"/v1/orders/{order['id']}/revision-requests", as_=buyer, json={"description": "More"}
        )
    )
    open_order(page, order)
    form = page.get_by_role("form", name="Ask for more time")
    form.get_by_label("More days").fill("2")
    form.get_by_label("Why?").fill("A busy week")
    form.get_by_role("button", name="Ask for an extension").click()
    expect(page.locator(".order-requests")).to_contain_text("2 more days: A busy week")
    expect(page.get_by_role("button", name="Accept the extension")).to_have_count(0)

    signed_in(page, buyer)
    open_order(page, order)
    page.get_by_role("button", name="Decline the extension").click()
    expect(page.locator(".order-requests")).to_contain_text("declined")

    # the seller adds a day (O7)
    signed_in(page, seller)
    open_order(page, order)
    due = ok(api.get(f"/v1/orders/{order['id']}", as_=seller))["due_at"]
    form = page.get_by_role("form", name="Add time")
    form.get_by_label("Days to add").fill("1")
    form.get_by_role("button", name="Add the time").click()
    expect(page.locator(".timeline")).to_contain_text("Time added")
    assert ok(api.get(f"/v1/orders/{order['id']}", as_=seller))["due_at"] != due

    # the buyer asks to cancel (O9); only the seller answers, the buyer may withdraw
    signed_in(page, buyer)
    open_order(page, order)
    form = page.get_by_role("form", name="Ask to cancel the order")
    form.get_by_label("Reason").select_option("mutual_agreement")
    form.get_by_label("Explanation").fill("We agreed")
    form.get_by_role("button", name="Ask to cancel").click()
    expect_status(page, "Cancellation requested")
    expect(page.get_by_role("button", name="Accept the cancellation")).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw my request")).to_be_visible()

    signed_in(page, seller)
    open_order(page, order)
    expect(page.get_by_role("button", name="Withdraw my request")).to_have_count(0)
    page.get_by_role("button", name="Accept the cancellation").click()
    expect_status(page, "Cancelled")
    assert status_of(api, order, seller) == "cancelled"
    expect(page.get_by_text("Nothing to do on this order for now.")).to_be_visible()


def test_O14_order_page_in_french_on_a_phone(page, api, person, signed_in):
    seller, buyer, gig, card = shop(api, person)
    order = place(api, buyer, gig, card)
    page.set_viewport_size({"width": 375, "height": 800})
    signed_in(page, buyer)
    page.evaluate("() => localStorage.setItem('microtache.lang', 'fr')")
    page.goto(f"/#/orders/{order['id']}")
    expect(page.locator(".order-summary .status")).to_have_text("En attente des consignes")
    expect(page.get_by_role("button", name="Envoyer les consignes")).to_be_visible()
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    culprits = page.evaluate(WIDER_THAN_A_PHONE)
    assert wide <= 375, f"the order page is {wide} px wide on a phone: {culprits}"
    check_accessibility(page, "order (fr, phone)")
    page.goto("/#/orders")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes commandes")
    check_accessibility(page, "orders (fr, phone)")
