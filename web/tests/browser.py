"""What browser tests share besides fixtures: the browser's path, axe-core, screenshots."""

import os
import shutil

import pytest

CHROMIUM_PATHS = ("chromium", "chromium-browser", "google-chrome")
DEFAULT_TIMEOUT_MS = 15_000
CLOCK_MS = 120_000  # moving the clock waits until every deadline it passes has fired (S4)
PASSWORD = "Correct-Horse-77-battery"
PARTNER = "https://partner.example"  # an origin the test system lets call the API (CORS)


def chromium_path():
    configured = os.environ.get("MICROTACHE_CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_PATHS:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "The browser tests need Chromium from the system's packages "
        "(`apt-get install chromium`; .ci/run installs it), or MICROTACHE_CHROMIUM.",
        pytrace=False,
    )


def check_accessibility(page, name):
    """axe-core over the page as it is: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "\n".join(bad)


def screenshot(page, name):
    """A picture of the page for docs/web.md, when `WEB_SCREENSHOTS` names a folder."""
    folder = os.environ.get("WEB_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
