"""The seller's pages: publishing a gig (C1), earnings through clearance on the moved
clock (P3, S4) and a withdrawal (P6), the profile and cards on /account (P2)."""

import uuid

from playwright.sync_api import expect

from web.tests.browser import check_accessibility

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
