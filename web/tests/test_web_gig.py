"""A service's page (C1, C6, C8, C9), a seller's profile (C6), favourites (C8) and the
checkout (O1, P2): the web app shows what the API answers and orders through it."""

import io
import re
import uuid

from PIL import Image
from playwright.sync_api import expect

from web.tests.browser import check_accessibility, screenshot

from tests.support import eventually, gig_body

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"


def three_packages(price=2500):
    return [
        {
            "tier": "basic",
            "price": {"amount": price, "currency": "USD"},
            "delivery_days": 3,
            "revisions": 1,
            "description": "One concept",
        },
        {
            "tier": "standard",
            "price": {"amount": price * 2, "currency": "USD"},
            "delivery_days": 5,
            "revisions": 3,
            "description": "Two concepts and a favicon",
        },
        {
            "tier": "premium",
            "price": {"amount": price * 4, "currency": "USD"},
            "delivery_days": 7,
            "revisions": 5,
            "description": "Three concepts, favicon and social kit",
        },
    ]


def publish(api, seller, **overrides):
    word = uuid.uuid4().hex[:6]
    body = gig_body(
        title=f"I will design a minimalist {word} logo", packages=three_packages(), **overrides
    )
    answer = api.post("/v1/gigs", as_=seller, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def buyer_orders(api, buyer):
    answer = api.get("/v1/orders", as_=buyer, params={"role": "buyer"})
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def test_C1_C6_gig_page_shows_packages_side_by_side_and_the_seller_card(
    page, api, person, signed_in
):
    seller = api.sign_up(
        f"seller_{uuid.uuid4().hex[:8]}", password="Correct-Horse-77-battery", country="FR"
    )
    api.patch("/v1/me", as_=seller, json={"languages": ["fr", "en"], "accepts_quotes": True})
    gig = publish(api, seller)
    signed_in(page, person("buyer"))

    page.goto(f"/#/gigs/{gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(gig["title"])
    packages = page.locator(".package")
    expect(packages).to_have_count(3)
    expect(packages.nth(0)).to_contain_text("Basic")
    expect(packages.nth(1)).to_contain_text("$50.00")
    expect(packages.nth(2)).to_contain_text("7-day delivery")
    expect(packages.nth(2)).to_contain_text("5 revisions")
    expect(packages.nth(2)).to_contain_text("Three concepts")
    boxes = [packages.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"], boxes  # side by side
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"], boxes
    order = page.get_by_role("link", name="Continue with the Premium package")
    expect(order).to_have_attribute("href", f"#/gigs/{gig['id']}/order?package=premium")
    expect(page.locator(".extras")).to_contain_text("Source files")
    expect(page.locator(".breadcrumbs")).to_contain_text("Logo Design")

    card = page.locator(".seller-card")
    expect(card.get_by_role("link", name=seller.username)).to_have_attribute(
        "href", f"#/sellers/{seller.username}"
    )
    expect(card).to_contain_text("New seller")
    expect(card).to_contain_text("No reviews yet")
    expect(card).to_contain_text("France")
    expect(card).to_contain_text("French, English")
    expect(card.get_by_role("link", name="Contact the seller")).to_have_attribute(
        "href", f"#/inbox/new?with={seller.username}&gig_id={gig['id']}"
    )
    expect(card.get_by_role("link", name="Ask for a quote")).to_have_attribute(
        "href", f"#/sellers/{seller.username}/quote?gig_id={gig['id']}"
    )
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    check_accessibility(page, "gig")
    screenshot(page, "gig")

    # a seller who takes no quote: no quote link; a paused gig says so and takes no order
    api.patch("/v1/me", as_=seller, json={"accepts_quotes": False})
    api.patch(f"/v1/gigs/{gig['id']}", as_=seller, json={"status": "paused"})
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(gig["title"])
    expect(page.locator(".seller-card")).not_to_contain_text("Ask for a quote")
    expect(page.locator(".warning")).to_contain_text("paused")
    expect(page.get_by_role("link", name=re.compile("^Continue"))).to_have_count(0)


def test_C1_gig_page_signed_out_in_french(page, api, person):
    gig = publish(api, person("seller"))
    page.goto("/")
    page.evaluate("() => localStorage.setItem('microtache.lang', 'fr')")
    page.goto(f"/#/gigs/{gig['id']}")
    expect(page.get_by_role("heading", name="Formules")).to_be_visible()
    expect(page.locator(".package").first).to_contain_text("Livraison en 3 jours")
    expect(page.get_by_role("link", name="Se connecter").last).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter aux favoris")).to_have_count(0)


def test_C8_favourite_on_and_off(page, api, person, signed_in):
    gig = publish(api, person("seller"))
    buyer = person("buyer")
    signed_in(page, buyer)
    page.goto(f"/#/gigs/{gig['id']}")
    heart = page.get_by_role("button", name="Save to favourites")
    expect(heart).to_have_attribute("aria-pressed", "false")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    favourites = api.get("/v1/me/favourites", as_=buyer).json()["results"]
    assert [f["id"] for f in favourites] == [gig["id"]]

    page.goto("/#/favourites")
    expect(page.get_by_role("heading", level=1)).to_have_text("My favourites")
    expect(page.locator(".gig-card h3")).to_have_text(gig["title"])
    check_accessibility(page, "favourites")

    page.goto(f"/#/gigs/{gig['id']}")
    heart = page.get_by_role("button", name="Save to favourites")
    expect(heart).to_have_attribute("aria-pressed", "true")  # the API's state, on a new visit
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "false")
    assert api.get("/v1/me/favourites", as_=buyer).json()["results"] == []

    page.goto("/#/favourites")
    expect(page.get_by_text("No favourite yet")).to_be_visible()


def test_C9_report_a_gig(page, api, person, signed_in, admin):
    gig = publish(api, person("seller"))
    signed_in(page, person("reporter"))
    page.goto(f"/#/gigs/{gig['id']}")
    page.get_by_text("Report this service").click()
    form = page.get_by_role("form", name="Report this service")
    form.get_by_label("Reason").select_option("scam")
    form.get_by_label("Details (optional)").fill("Asks to pay outside the platform.")
    form.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("the report went to moderation")).to_be_visible()

    queue = api.get("/v1/admin/reports", as_=admin, params={"limit": 50}).json()["results"]
    mine = [r for r in queue if r.get("gig_id") == gig["id"]]
    assert len(mine) == 1 and mine[0]["reason"] == "scam", queue


def test_C6_seller_profile_page(page, api, person, signed_in):
    seller = api.sign_up(
        f"seller_{uuid.uuid4().hex[:8]}",
        password="Correct-Horse-77-battery",
        country="CA",
        languages=["en", "fr"],
    )
    first = publish(api, seller)
    second = publish(api, seller)
    signed_in(page, person("visitor"))
    page.goto(f"/#/gigs/{first['id']}")
    page.locator(".seller-card").get_by_role("link", name=seller.username).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(seller.username)
    profile = page.locator(".seller-card")
    expect(profile).to_contain_text("New seller")
    expect(profile).to_contain_text("Canada")
    expect(profile).to_contain_text("English, French")
    expect(profile).to_contain_text("Member since")
    expect(profile.get_by_role("link", name="Contact the seller")).to_have_attribute(
        "href", f"#/inbox/new?with={seller.username}"
    )
    expect(profile.get_by_role("link", name="Ask for a quote")).to_have_attribute(
        "href", f"#/sellers/{seller.username}/quote"
    )
    titles = page.locator(".gig-card h3")
    expect(titles).to_have_count(2)
    expect(page.locator(".cards")).to_contain_text(first["title"])
    expect(page.locator(".cards")).to_contain_text(second["title"])
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    check_accessibility(page, "seller")
    screenshot(page, "seller")

    page.goto("/#/sellers/nobody_like_this_one")
    expect(page.get_by_role("alert")).to_contain_text("Not found")


def test_C5_C6_online_now_and_vacation_on_the_gig_page_and_the_profile(
    page, api, person, signed_in, admin
):
    seller = person("seller")
    gig = publish(api, seller)  # the seller's own request: seen, online now (C5's rule)
    eventually(lambda: _assert(api.get(f"/v1/sellers/{seller.username}").json()["online"]))
    assert api.get(f"/v1/gigs/{gig['id']}").json()["online"] is True
    signed_in(page, person("visitor"))

    page.goto(f"/#/gigs/{gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(gig["title"])
    card = page.locator(".seller-card")
    expect(card.locator(".online-now")).to_have_text("Online now")
    expect(card).not_to_contain_text("on vacation")

    api.patch("/v1/me", as_=seller, json={"on_vacation": True})
    assert api.get(f"/v1/sellers/{seller.username}").json()["on_vacation"] is True
    page.reload()
    expect(page.locator(".seller-card .warning")).to_have_text("This seller is on vacation.")
    page.goto(f"/#/sellers/{seller.username}")
    expect(page.get_by_role("heading", level=1)).to_have_text(seller.username)
    expect(page.locator(".online-now")).to_have_text("Online now")
    expect(page.get_by_role("status").filter(has_text="vacation")).to_have_text(
        "This seller is on vacation."
    )
    check_accessibility(page, "seller online and on vacation")

    page.evaluate("() => localStorage.setItem('microtache.lang', 'fr')")
    page.reload()
    expect(page.locator(".online-now")).to_have_text("En ligne")
    expect(page.get_by_text("Ce vendeur est en vacances.")).to_be_visible()

    # six minutes later on the platform clock, with no request of theirs: not online now
    moved = api.post("/v1/admin/clock/advance", as_=admin, json={"seconds": 360})
    assert moved.status_code == 200, moved.text
    assert api.get(f"/v1/sellers/{seller.username}").json()["online"] is False
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(seller.username)
    expect(page.get_by_text("Ce vendeur est en vacances.")).to_be_visible()
    expect(page.locator(".online-now")).to_have_count(0)
    page.goto(f"/#/gigs/{gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(gig["title"])
    expect(page.locator(".seller-card .online-now")).to_have_count(0)


def _assert(condition):
    assert condition


def test_O1_P2_order_with_a_new_card_on_the_checkout_page(page, api, person, signed_in):
    gig = publish(api, person("seller"))
    buyer = person("buyer")
    signed_in(page, buyer)
    page.goto(f"/#/gigs/{gig['id']}")
    page.get_by_role("link", name="Continue with the Standard package").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(gig["title"])
    expect(page.get_by_role("radio", name=re.compile("^Standard"))).to_be_checked()
    expect(page.locator("output")).to_have_text("$50.00")
    page.get_by_role("checkbox", name=re.compile("^Source files")).check()
    expect(page.locator("output")).to_have_text("$60.00")
    expect(page.get_by_role("radio", name="A new card")).to_be_checked()  # no saved card yet
    page.get_by_label("Card number").fill(GOOD_CARD)
    check_accessibility(page, "checkout")
    screenshot(page, "checkout")
    page.get_by_role("button", name="Place the order").click()

    expect(page).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    order_id = page.url.rsplit("/", 1)[1]
    order = api.get(f"/v1/orders/{order_id}", as_=buyer).json()
    assert order["gig_id"] == gig["id"] and order["package"] == "standard", order
    assert [extra["name"] for extra in order["extras"]] == ["Source files"], order
    assert order["buyer"]["username"] == buyer.username
    cards = api.get("/v1/me/payment-methods", as_=buyer).json()["results"]
    assert [card["last4"] for card in cards] == ["4242"]


def test_P2_declined_card_then_a_good_one_makes_one_order(page, api, person, signed_in):
    gig = publish(api, person("seller"))
    buyer = person("buyer")
    signed_in(page, buyer)
    page.goto(f"/#/gigs/{gig['id']}/order?package=basic")
    expect(page.get_by_role("radio", name=re.compile("^Basic"))).to_be_checked()
    page.get_by_label("Card number").fill(DECLINED_CARD)
    page.get_by_role("button", name="Place the order").click()

    alert = page.get_by_role("alert").filter(has_text="declined")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("The payment was declined")
    expect(page.get_by_text("Choose another card")).to_be_visible()
    assert "#/gigs/" in page.url
    assert buyer_orders(api, buyer) == []  # nothing was ordered
    # the declined card is now a saved one, chosen; a new number picks "A new card"
    expect(page.get_by_role("radio", name=re.compile("ending in 0002"))).to_be_checked()
    page.get_by_label("Card number").fill(GOOD_CARD)
    expect(page.get_by_role("radio", name="A new card")).to_be_checked()
    page.get_by_role("button", name="Place the order").click()

    expect(page).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    orders = buyer_orders(api, buyer)
    assert len(orders) == 1, orders  # one order: the retry reused the page's key
    assert orders[0]["id"] == page.url.rsplit("/", 1)[1]


def test_P2_saved_card_is_offered_and_the_seller_cannot_order_own_gig(page, api, person, signed_in):
    seller = person("seller")
    gig = publish(api, seller)
    added = api.post("/v1/me/payment-methods", as_=seller, json={"card_number": GOOD_CARD})
    assert added.status_code == 201, added.text
    signed_in(page, seller)
    page.goto(f"/#/gigs/{gig['id']}/order")
    expect(page.get_by_role("radio", name=re.compile("^Basic"))).to_be_checked()
    expect(page.get_by_role("radio", name="Visa ending in 4242 (default)")).to_be_checked()
    page.get_by_role("button", name="Place the order").click()
    expect(page.get_by_role("alert").filter(has_text="own")).to_contain_text(
        "Not allowed by the rules"
    )
    assert buyer_orders(api, seller) == []


def test_checkout_signed_out_goes_to_sign_in(page, api, person):
    gig = publish(api, person("seller"))
    page.goto(f"/#/gigs/{gig['id']}/order?package=basic")
    expect(page).to_have_url(re.compile(r"#/sign-in\?next="))


def test_P2_checkout_at_a_phone_width(page, api, person, signed_in):
    page.set_viewport_size({"width": 375, "height": 800})
    gig = publish(api, person("seller"))
    buyer = person("buyer")
    signed_in(page, buyer)
    page.goto(f"/#/gigs/{gig['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(gig["title"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"/#/gigs/{gig['id']}/order?package=premium")
    expect(page.get_by_role("radio", name=re.compile("^Premium"))).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Card number").fill(GOOD_CARD)
    button = page.get_by_role("button", name="Place the order")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    button.click()
    expect(page).to_have_url(re.compile(r"#/orders/[0-9a-f-]+$"))
    assert len(buyer_orders(api, buyer)) == 1


def completed_and_reviewed(api, buyer, seller, gig):
    """An order of `gig` placed, delivered, accepted and reviewed on both sides (V4: the
    buyer's review is public once the seller has posted theirs)."""
    card = api.post("/v1/me/payment-methods", as_=buyer, json={"card_number": GOOD_CARD}).json()
    order = api.post(
        "/v1/orders",
        as_=buyer,
        headers={"Idempotency-Key": uuid.uuid4().hex},
        json={"gig_id": gig["id"], "package": "basic", "payment_method_id": card["id"]},
    ).json()
    path = f"/v1/orders/{order['id']}"
    steps = [
        (buyer, "/requirements", {"text": "Our brand is called Foo."}),
        (seller, "/deliveries", {"message": "Here it is.", "confirm_no_files": True}),
        (buyer, "/acceptance", {}),
        (
            buyer,
            "/reviews",
            {"communication": 5, "service_as_described": 4, "recommend": 5, "text": "Great work"},
        ),
        (seller, "/reviews", {"rating": 5, "text": "A clear brief."}),
    ]
    for who, step, body in steps:
        answer = api.post(path + step, as_=who, json=body)
        assert answer.status_code in (200, 201), (step, answer.text)


def test_V6_V7_reviews_on_the_gig_and_profile_and_report_one(page, api, person, signed_in, admin):
    seller, buyer = person("seller"), person("buyer")
    gig = publish(api, seller)
    completed_and_reviewed(api, buyer, seller, gig)
    signed_in(page, person("reader"))

    def reviewed():
        answer = api.get(f"/v1/sellers/{seller.username}/reviews").json()
        assert answer["review_count"] == 1, answer
        return answer["results"][0]

    review = eventually(reviewed)
    page.goto(f"/#/gigs/{gig['id']}")
    reviews = page.locator(".reviews-section")
    expect(reviews).to_contain_text("4.7 out of 5 from 1 review")
    expect(reviews.locator(".review")).to_have_count(1)
    expect(reviews.locator(".review")).to_contain_text("Great work")
    expect(reviews.locator(".review")).to_contain_text(buyer.username)

    reviews.locator("summary", has_text="Report").click()
    form = page.get_by_role("form", name=f"Report the review by {buyer.username}")
    form.get_by_label("Reason").select_option("false_statement")
    form.get_by_label("Details (optional)").fill("This never happened.")
    form.get_by_role("button", name="Send the report").click()
    expect(reviews.get_by_text("the report went to moderation")).to_be_visible()
    queue = api.get("/v1/admin/review-reports", as_=admin, params={"limit": 50}).json()["results"]
    mine = [r for r in queue if r["review_id"] == review["id"]]
    assert len(mine) == 1 and mine[0]["reason"] == "false_statement", queue

    page.goto(f"/#/sellers/{seller.username}")
    expect(page.locator(".review")).to_contain_text("Great work")
    expect(page.locator(".seller-card")).to_contain_text("(1 review)")


def test_C1_gallery_images_and_the_pdf_on_the_gig_page(page, api, person, signed_in):
    seller = person("seller")
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "teal").save(out, "PNG")
    image = api.upload(seller, "gig_image", out.getvalue(), "cover.png", "image/png")
    pdf = api.upload(seller, "gig_document", b"%PDF-1.4\n%%EOF\n", "prices.pdf", "application/pdf")
    gig = publish(api, seller, gallery={"images": [image], "document": pdf})

    def thumbnail_made():
        images = api.get(f"/v1/gigs/{gig['id']}").json()["gallery"]["images"]
        assert images[0]["thumbnail_url"], images

    eventually(thumbnail_made, timeout=20)
    signed_in(page, person("visitor"))
    page.goto(f"/#/gigs/{gig['id']}")
    picture = page.get_by_role("img", name="Image 1 of 1: cover.png")
    expect(picture).to_have_attribute("src", f"/v1/gigs/{gig['id']}/gallery/{image}/thumbnail")
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=picture.element_handle())
    expect(page.get_by_role("link", name="Document: prices.pdf")).to_have_attribute(
        "href", f"/v1/gigs/{gig['id']}/gallery/{pdf}"
    )
    check_accessibility(page, "gig with a gallery")
