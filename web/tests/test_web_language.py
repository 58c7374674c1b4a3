"""A French session: the browser's language decides, the header switches (issue 19)."""

import pytest
from playwright.sync_api import expect

from web.tests.browser import check_accessibility, screenshot


@pytest.fixture
def browser_context():
    return {"locale": "fr-FR", "viewport": {"width": 390, "height": 844}}  # a phone


def test_a_french_browser_gets_french_pages_and_errors(page, person, signed_in):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouvez le bon service freelance")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    check_accessibility(page, "home in French")
    screenshot(page, "french")

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Nom d'utilisateur").fill("nobody_here")
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert").first).to_contain_text("Veuillez vous connecter")

    signed_in(page, person("lecteur"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_role("link", name="Commandes")).to_be_visible()

    page.get_by_label("Langue", exact=True).select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find the right freelance service")
    expect(page.get_by_role("link", name="Orders")).to_be_visible()
    page.reload()  # the choice is remembered
    expect(page.get_by_role("heading", level=1)).to_have_text("Find the right freelance service")
