"""Home, search (C4, C5), signing up and in (A1), the offline API docs, CORS."""

import uuid

import requests
from playwright.sync_api import expect

from web.tests.browser import PARTNER, PASSWORD, check_accessibility, screenshot

from tests.support import gig_body


def test_C4_C5_home_search_filters_and_autocomplete(page, api, person):
    seller = person("seller")
    word = f"zebra{uuid.uuid4().hex[:6]}"
    cheap = api.post(
        "/v1/gigs", as_=seller, json=gig_body(title=f"I will draw a {word} logo", price=1500)
    )
    dear = api.post(
        "/v1/gigs", as_=seller, json=gig_body(title=f"I will paint a {word} mascot", price=9000)
    )
    assert cheap.status_code == dear.status_code == 201

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find the right freelance service")
    check_accessibility(page, "home")
    screenshot(page, "home")

    page.get_by_label("What are you looking for?").fill(word)
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(word)
    expect(page.locator(".gig-card")).to_have_count(2)
    check_accessibility(page, "search")
    screenshot(page, "search")

    page.get_by_label("Maximum price ($)").fill("20")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".gig-card")).to_have_count(1)
    expect(page.locator(".gig-card h3")).to_have_text(f"I will draw a {word} logo")
    assert "max_price=2000" in page.url

    page.get_by_label("Sort by").select_option("price")
    page.get_by_label("Maximum price ($)").fill("")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".gig-card")).to_have_count(2)
    expect(page.locator(".gig-card h3").first).to_have_text(f"I will draw a {word} logo")

    page.get_by_label("What are you looking for?").fill("lo")
    expect(page.locator("#search-suggestions option").first).to_be_attached()


def test_A1_sign_up_then_sign_out_and_in_again(page):
    username = f"web_{uuid.uuid4().hex[:8]}"
    page.goto("/#/sign-up")
    check_accessibility(page, "sign up")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert").first).to_contain_text("Some fields are not valid")
    expect(page.locator("#top nav .link-button")).to_have_count(0)  # nothing was created

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    # The header's link: the page signed out of may offer one of its own.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("wrong-password-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").first).to_contain_text("Wrong username or password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_docs_page_works_offline(page):
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Microtache")


def test_cors_lets_the_configured_origins_call_the_api(system):
    """The test system allows PARTNER (conftest.py): a front end served elsewhere."""
    url = f"{system['url']}/v1/categories"
    asked = {"Origin": PARTNER, "Access-Control-Request-Method": "POST"}
    preflight = requests.options(
        url, headers={**asked, "Access-Control-Request-Headers": "authorization"}, timeout=10
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == PARTNER
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    plain = requests.get(url, headers={"Origin": PARTNER}, timeout=10)
    assert plain.headers["Access-Control-Allow-Origin"] == PARTNER
    assert "X-Request-Id" in plain.headers["Access-Control-Expose-Headers"]
    other = requests.get(url, headers={"Origin": "https://elsewhere.example"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in other.headers
