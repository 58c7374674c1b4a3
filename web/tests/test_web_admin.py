"""The admin's desk: approving a request (R2), resolving a report (C9), the ledger check
(P1), a support cancellation (O11), the development clock moved and reset (S4); nobody
else sees any of it (A1)."""

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from web.tests.browser import CLOCK_MS, check_accessibility, screenshot
from web.tests.test_web_selling import completed_order, ok

from tests.support import gig_body


def test_R2_C9_P1_O11_admin_approves_resolves_checks_and_cancels(
    page, api, person, admin, signed_in
):
    buyer = person("buyer")
    words = f"A heron logo {uuid.uuid4().hex[:6]} for my bakery"
    request = ok(
        api.post(
            "/v1/requests",
            as_=buyer,
            json={
                "description": words,
                "category": "graphics-design",
                "subcategory": "logo-design",
                "delivery_days": 3,
                "budget": {"amount": 5000, "currency": "USD"},
            },
        ),
        201,
    )
    assert request["status"] == "pending"
    seller = person("seller")
    gig = ok(api.post("/v1/gigs", as_=seller, json=gig_body()), 201)
    reporter = person("reporter")
    ok(
        api.post(
            f"/v1/gigs/{gig['id']}/reports",
            as_=reporter,
            json={"reason": "spam", "details": "Copied from elsewhere"},
        ),
        201,
    )
    _, _, order = completed_order(api, person)

    signed_in(page, admin)
    page.goto("/#/admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    check_accessibility(page, "admin")
    screenshot(page, "admin")

    # R2: approve the pending request
    item = page.locator("li.admin-item", has_text=words)
    item.get_by_role("button", name="Approve").click()
    expect(page.locator("li.admin-item", has_text=words)).to_have_count(0)
    active = ok(api.get("/v1/admin/requests", as_=admin, params={"status": "active"}))
    assert request["id"] in [r["id"] for r in active["results"]]

    # C9: remove the reported gig
    report = page.locator("#admin-reports ~ * li.admin-item", has_text=gig["id"])
    report.get_by_label("Note (optional)").fill("Spam confirmed")
    report.get_by_role("button", name="Remove the gig").click()
    expect(page.locator("li.admin-item", has_text=gig["id"])).to_have_count(0)
    resolved = ok(api.get("/v1/admin/reports", as_=admin, params={"status": "resolved"}))
    mine = [r for r in resolved["results"] if r["gig_id"] == gig["id"]]
    assert mine and mine[0]["resolution"] == "remove_gig"

    # P1: the ledger check
    page.get_by_role("button", name="Run the ledger check").click()
    expect(page.locator(".check-result")).to_contain_text("The ledger is balanced")

    # O11: a support cancellation, refused without enough evidence, then done
    page.get_by_label("Order id").fill(order["id"])
    page.get_by_label("Evidence").fill("short")
    page.get_by_role("button", name="Cancel the order").click()
    expect(page.locator("#admin-cancel ~ form .form-error")).to_be_visible()
    page.get_by_label("Evidence").fill("The buyer shows the parcel never left the seller.")
    page.get_by_role("button", name="Cancel the order").click()
    expect(page.get_by_text(f"Order {order['id']} is now cancelled")).to_be_visible()
    assert ok(api.get(f"/v1/orders/{order['id']}", as_=admin))["status"] == "cancelled"


def test_A1_a_non_admin_sees_no_admin_data(page, api, person, signed_in):
    someone = person("curious")
    signed_in(page, someone)
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    page.goto("/#/admin")
    expect(page.get_by_role("alert")).to_contain_text("for administrators only")
    expect(page.get_by_role("heading", name="Requests awaiting approval")).to_have_count(0)
    expect(page.get_by_role("button", name="Run the ledger check")).to_have_count(0)
    denied = api.get("/v1/admin/requests", as_=someone)
    assert denied.status_code == 403


def platform_now(page):
    return datetime.fromisoformat(
        page.locator("#admin-clock ~ [role=status]").get_attribute("data-now")
    )


def test_S4_the_admin_moves_the_clock_forward_then_resets_it(page, admin, signed_in, new_page):
    signed_in(page, admin)
    page.goto("/#/admin")
    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_role("button", name="Move the clock forward").click()
    expect(page.get_by_text("The platform's clock now reads")).to_be_visible(timeout=CLOCK_MS)
    assert platform_now(page) > datetime.now(UTC) + timedelta(hours=1, minutes=55)

    page.get_by_role("button", name="Reset the clock").click()
    expect(page.get_by_text("The platform's clock is back to the system's time")).to_be_visible()
    assert abs(platform_now(page) - datetime.now(UTC)) < timedelta(minutes=1)
    check_accessibility(page, "admin after the clock was reset")

    # the same, in French
    french = new_page(locale="fr-FR")
    signed_in(french, admin)
    french.goto("/#/admin")
    french.get_by_role("button", name="Remettre l'horloge à l'heure").click()
    expect(
        french.get_by_text("L'horloge de la plateforme est revenue à l'heure du système")
    ).to_be_visible()
