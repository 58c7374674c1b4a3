"""Conversations (M1, M2, M3) with live updates, and notifications (N1, N2, N4)."""

import re

from playwright.sync_api import expect

from web.tests.browser import check_accessibility, screenshot

from tests.support import gig_body


def test_M1_M2_M3_conversation_live_unread_and_block(page, api, person, signed_in, browser):
    buyer, seller = person("buyer"), person("seller")
    gig = api.post("/v1/gigs", as_=seller, json=gig_body()).json()

    signed_in(page, buyer)
    page.goto(f"/#/inbox/new?with={seller.username}&gig_id={gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Write to {seller.username}")
    page.get_by_label("Message", exact=True).fill("Hello, can you draw a fox?")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"#/conversations/[0-9a-f-]+$"))
    conversation_path = page.url.split("#", 1)[1]
    expect(page.locator(".message.mine .message-text")).to_have_text("Hello, can you draw a fox?")

    # the seller sees the conversation unread in the inbox, then opens it in a second
    # browser: the buyer's next message arrives there live, without a reload (M2)
    context = browser.new_context(base_url=page.url.split("/#")[0])
    other = context.new_page()
    try:
        signed_in(other, seller)
        other.goto("/#/inbox")
        item = other.locator(".conversation-list li.unread")
        expect(item).to_have_count(1)
        expect(item.locator(".badge")).to_have_text("1 unread")
        expect(item.locator(".last")).to_contain_text("Hello, can you draw a fox?")
        check_accessibility(other, "inbox")
        screenshot(other, "inbox")
        item.get_by_role("link").click()
        expect(other.locator(".message .message-text")).to_have_count(1)
        assert api.get("/v1/conversations", as_=seller).json()["results"][0]["unread_count"] == 0

        page.get_by_label("Message", exact=True).fill("A friendly orange one, please.")
        page.get_by_label("Attachments (optional, up to 5)").set_input_files(
            {"name": "fox.txt", "mimeType": "text/plain", "buffer": b"orange fox"}
        )
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".message.mine")).to_have_count(2)
        expect(other.locator(".message .message-text").last).to_have_text(
            "A friendly orange one, please."
        )
        expect(other.get_by_role("button", name="Download fox.txt")).to_be_visible()
        check_accessibility(other, "conversation")

        # the seller answers; the buyer's open conversation shows it live too
        other.get_by_label("Message", exact=True).fill("Sure, three sketches first.")
        other.get_by_role("button", name="Send").click()
        expect(page.locator(".message:not(.mine) .message-text")).to_have_text(
            "Sure, three sketches first."
        )

        # report a message (M3)
        message = other.locator(".message").filter(has_text="A friendly orange one")
        message.get_by_role("button", name="Report").click()
        message.get_by_label("Reason").select_option("spam")
        message.get_by_role("button", name="Send the report").click()
        expect(other.locator(".toast").last).to_have_text("The message was reported to moderation.")

        # the seller blocks the buyer (M3): the buyer can no longer write
        other.get_by_role("button", name=f"Block {buyer.username}").click()
        expect(other.get_by_text(f"You blocked {buyer.username}")).to_be_visible()
        page.goto("/#/inbox")
        page.goto("/#" + conversation_path)
        expect(page.get_by_text(f"{seller.username} blocked you")).to_be_visible()
        expect(page.get_by_label("Message", exact=True)).to_be_hidden()
        other.get_by_role("button", name=f"Unblock {buyer.username}").click()
        expect(other.get_by_role("button", name=f"Block {buyer.username}")).to_be_visible()
    finally:
        context.close()


def test_N1_N2_N4_notifications_mark_read_and_settings(page, api, person, signed_in):
    buyer, seller = person("buyer"), person("seller")
    gig = api.post("/v1/gigs", as_=seller, json=gig_body()).json()
    card = api.post(
        "/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"}
    ).json()

    signed_in(page, seller)
    page.goto("/#/notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    # an order placed now (N1) shows up live on the open page
    placed = api.post(
        "/v1/orders",
        as_=buyer,
        json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card["id"]},
        headers={"Idempotency-Key": f"web-n1-{buyer.username}"},
    )
    assert placed.status_code == 201, placed.text
    order_id = placed.json()["id"]
    item = page.locator(".notification-list li.unread").filter(
        has=page.locator(f'a[href="#/orders/{order_id}"]')
    )
    expect(item).to_have_count(1)
    check_accessibility(page, "notifications")
    screenshot(page, "notifications")

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".notification-list li.unread")).to_have_count(0)
    expect(page.get_by_text("Everything is read.")).to_be_visible()
    assert api.get("/v1/me/notifications", as_=seller).json()["unread_count"] == 0

    # per kind e-mail settings (N2, N4)
    page.get_by_role("link", name="E-mail settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification e-mails")
    page.get_by_label("A new message", exact=True).uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".toast").last).to_have_text("Your settings were saved.")
    saved = api.get("/v1/me/notification-settings", as_=seller).json()
    assert saved["message_received"] == {"email": False}
    assert saved["order_placed"] == {"email": True}
    check_accessibility(page, "notification settings")
