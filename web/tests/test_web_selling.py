"""The seller's pages: publishing a gig (C1), earnings through clearance on the moved
clock (P3, S4) and a withdrawal (P6), the profile and cards on /account (P2)."""

import uuid

from playwright.sync_api import expect

from web.tests.browser import CLOCK_MS, check_accessibility, screenshot

from tests.support import eventually, gig_body

DAY = 86400
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def _assert(condition):
    assert condition


def balance(api, person):
    return {k: v["amount"] for k, v in ok(api.get("/v1/me/balance", as_=person)).items()}


def test_C1_seller_publishes_a_gig_from_the_browser(page, api, person, signed_in):
    seller = person("seller")
    signed_in(page, seller)
    page.goto("/#/selling/gigs/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a gig")
    title = f"I will draw a heron {uuid.uuid4().hex[:6]} for your brand"
    page.get_by_label("Title", exact=True).fill(title)
    description = "Hand-drawn herons, delivered as vector files."
    page.get_by_label("Description", exact=True).fill(description)
    page.get_by_label("Category", exact=True).select_option("graphics-design")
    page.get_by_label("Subcategory").select_option("logo-design")
    page.get_by_label("Logo style").select_option("hand-drawn")
    page.get_by_label("Basic price ($)").fill("25")
    page.get_by_label("Basic delivery (days)").fill("3")
    page.get_by_label("Basic revisions included").fill("1")
    page.get_by_label("Offer the Premium package").check()
    page.get_by_label("Premium price ($)").fill("99.50")
    page.get_by_label("Premium delivery (days)").fill("7")
    page.get_by_label("Premium revisions included").fill("5")
    page.get_by_role("button", name="Add an extra").click()
    page.get_by_label("Extra 1: name").fill("Source files")
    page.get_by_label("Extra 1: price ($)").fill("10")
    page.get_by_label("Extra 1: added days").fill("1")
    page.get_by_label("Images (up to 3").set_input_files(
        {"name": "heron.png", "mimeType": "image/png", "buffer": PNG}
    )
    check_accessibility(page, "publish a gig")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url("**/#/gigs/*")
    gig_id = page.url.split("#/gigs/")[1]
    gig = ok(api.get(f"/v1/gigs/{gig_id}"))
    assert gig["title"] == title and gig["status"] == "active"
    assert gig["attributes"] == {"style": "hand-drawn"}
    assert [
        (p["tier"], p["price"]["amount"], p["delivery_days"], p["revisions"])
        for p in gig["packages"]
    ] == [
        ("basic", 2500, 3, 1),
        ("premium", 9950, 7, 5),
    ]
    assert (
        gig["extras"][0]["name"] == "Source files" and gig["extras"][0]["price"]["amount"] == 1000
    )
    assert [image["name"] for image in gig["gallery"]["images"]] == ["heron.png"]

    # on the dashboard, then paused from its edit page: still listed, as paused
    page.goto("/#/selling")
    row = page.locator("table.my-gigs tr", has_text=title)
    expect(row).to_contain_text("Active")
    row.get_by_role("link", name=f"Edit: {title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    assert ok(api.get(f"/v1/gigs/{gig_id}"))["status"] == "paused"
    page.goto("/#/selling")
    expect(page.locator("table.my-gigs tr", has_text=title)).to_contain_text("Paused")


def test_C1_C2_the_dashboard_lists_paused_gigs_published_from_anywhere(
    page, api, person, signed_in
):
    """GET /v1/me/gigs: gigs published and paused elsewhere (not from this browser)
    are listed, newest first; archived ones are not."""
    seller = person("seller")
    word = uuid.uuid4().hex[:6]
    titles = [f"I will paint heron {word} number {n}" for n in range(3)]
    made = [ok(api.post("/v1/gigs", as_=seller, json=gig_body(title=t)), 201) for t in titles]
    ok(api.patch(f"/v1/gigs/{made[1]['id']}", as_=seller, json={"status": "paused"}))
    ok(api.request("DELETE", f"/v1/gigs/{made[2]['id']}", as_=seller))
    signed_in(page, seller)
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto("/#/selling")
    rows = page.locator("table.my-gigs tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(titles[1])
    expect(rows.nth(0)).to_contain_text("Paused")
    expect(rows.nth(1)).to_contain_text(titles[0])
    expect(rows.nth(1)).to_contain_text("Active")
    expect(rows.nth(1)).to_contain_text("$25.00")
    expect(page.locator("table.my-gigs")).not_to_contain_text(titles[2])
    expect(page.get_by_role("button", name="Show more gigs")).to_be_hidden()
    assert any("/v1/me/gigs" in url for url in asked), asked
    assert not any("/v1/sellers/" in url for url in asked), asked
    check_accessibility(page, "selling dashboard")


def completed_order(api, person, price=2500):
    """A seller's gig ordered, delivered and accepted through the API (P2, O10): the
    seller, the buyer and the order."""
    seller, buyer = person("seller"), person("buyer")
    for who in (seller, buyer):  # their ledger accounts open on user_signed_up
        eventually(lambda p=who: _assert(api.get("/v1/me/balance", as_=p).status_code == 200))
    gig = ok(api.post("/v1/gigs", as_=seller, json=gig_body(price=price)), 201)
    method = ok(
        api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": "4242424242424242"}),
        201,
    )["id"]
    order = ok(
        api.post(
            "/v1/orders",
            as_=buyer,
            json={"gig_id": gig["id"], "package": "basic", "payment_method_id": method},
        ),
        201,
    )
    base = f"/v1/orders/{order['id']}"
    ok(api.post(f"{base}/requirements", as_=buyer, json={"text": "A blue heron"}))
    ok(
        api.post(
            f"{base}/deliveries",
            as_=seller,
            json={"message": "Sent by post", "confirm_no_files": True},
        ),
        201,
    )
    ok(api.post(f"{base}/acceptance", as_=buyer, json={}))
    return seller, buyer, order


def test_P3_S4_P6_earnings_clear_after_14_days_then_the_seller_withdraws(
    page, api, person, admin, signed_in
):
    seller, _, _ = completed_order(api, person)
    eventually(lambda: _assert(balance(api, seller)["pending_clearance"] == 2000))  # less 20%

    signed_in(page, seller)
    page.goto("/#/selling")
    expect(page.get_by_role("heading", level=1)).to_have_text("Selling")
    expect(page.locator("[data-balance=pending_clearance] dd")).to_have_text("$20.00")
    expect(page.locator("[data-balance=available] dd")).to_have_text("$0.00")
    expect(page.locator("table.transactions")).to_contain_text("Order completed")
    check_accessibility(page, "selling")
    screenshot(page, "selling")

    # the admin moves the clock 14 days on (S4): clearance fires (P3)
    signed_in(page, admin)
    page.goto("/#/admin")
    page.get_by_label("Days", exact=True).fill("14")
    page.get_by_label("Hours", exact=True).fill("1")
    page.get_by_role("button", name="Move the clock forward").click()
    # every deadline due in the 14 days fires first: many, after the other tests' orders
    expect(page.get_by_text("The platform's clock now reads")).to_be_visible(timeout=CLOCK_MS)
    eventually(lambda: _assert(balance(api, seller)["available"] == 2000))

    signed_in(page, seller)
    page.goto("/#/selling")
    expect(page.locator("[data-balance=available] dd")).to_have_text("$20.00")
    expect(page.locator("[data-balance=pending_clearance] dd")).to_have_text("$0.00")
    expect(page.locator("table.transactions")).to_contain_text("Earnings cleared")
    page.get_by_label("Amount ($)").fill("20")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.locator("[data-balance=withdrawn] dd")).to_have_text("$20.00")
    expect(page.locator("[data-balance=available] dd")).to_have_text("$0.00")
    assert balance(api, seller)["withdrawn"] == 2000

    # a second withdrawal the same day: the API's refusal shows on the form (P6)
    page.get_by_label("Amount ($)").fill("1")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.locator("form.withdraw .form-error")).to_be_visible()

    # notifications link to /me/balance: the same figures and lines
    page.goto("/#/me/balance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Earnings and balance")
    expect(page.locator("table.transactions")).to_contain_text("Withdrawal")


def test_P2_profile_and_cards_on_the_account_page(page, api, person, signed_in):
    someone = person("account")
    eventually(lambda: _assert(api.get("/v1/me/balance", as_=someone).status_code == 200))
    signed_in(page, someone)
    page.goto("/#/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    page.get_by_label("Country (two capital letters").fill("FR")
    page.get_by_label("Languages (two-letter codes").fill("fr, en")
    page.get_by_label("I am on vacation").check()
    page.get_by_label("Buyers may ask me for a quote").uncheck()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    account = ok(api.get("/v1/me", as_=someone))
    assert (account["country"], account["languages"]) == ("FR", ["fr", "en"])
    assert account["on_vacation"] and not account["accepts_quotes"]

    page.get_by_label("Card number").fill("1234 5678 9012 3456")
    page.get_by_role("button", name="Add a card").click()
    expect(page.locator(".form-error").last).to_be_visible()  # the API's refusal
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Add a card").click()
    first = page.locator(".cards-list li", has_text="ending in 4242")
    expect(first).to_contain_text("Default")
    page.get_by_label("Card number").fill("5555555555554444")
    page.get_by_role("button", name="Add a card").click()
    second = page.locator(".cards-list li", has_text="ending in 4444")
    expect(second).not_to_contain_text("Default")
    second.get_by_role("button", name="Make default").click()
    expect(page.locator(".cards-list li", has_text="ending in 4444")).to_contain_text("Default")
    cards = ok(api.get("/v1/me/payment-methods", as_=someone))["results"]
    assert {c["last4"]: c["is_default"] for c in cards} == {"4444": True, "4242": False}
    check_accessibility(page, "account")
    screenshot(page, "account")
    page.locator(".cards-list li", has_text="ending in 4242").get_by_role(
        "button", name="Remove"
    ).click()
    expect(page.locator(".cards-list li")).to_have_count(1)
