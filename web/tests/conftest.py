"""The browser tests: the whole system as `make run` starts it (a process of its own, on
a fresh RabbitMQ vhost and SQLite files), driven through the web app by Debian's
Chromium with Playwright. They run outside the eventlet-patched test process (Makefile:
`make test-web`; this folder's conftest stands alone).

* `system`: the base URL and the admin's password; `api`: tests.support's client, to
  set up what a test is not about (people, gigs) through the same public API.
* `page`: a fresh browser context per test, in English unless a test asks otherwise
  (`browser_context`), whose every request is recorded: a request that leaves the
  deployment fails the test (issue 19: no page needs the network beyond it).
* `signed_in(page, person)`, `check_accessibility(page, name)` (axe-core: no serious or
  critical violation), `screenshot(page, name)` (into `WEB_SCREENSHOTS`, for docs/web.md).
"""

import os
import uuid
from urllib.parse import urlsplit

import pytest

from web.tests.browser import DEFAULT_TIMEOUT_MS, PARTNER, PASSWORD, chromium_path

from tests.support import Api, broker_vhost, running_system


@pytest.fixture(scope="session")
def system():
    amqp = os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    with (
        broker_vhost(amqp, prefix="mt-web") as uri,
        running_system(uri, {}, "web", CLOCK_STEP_SECONDS=60, CORS_ORIGINS=PARTNER) as (
            url,
            admin_password,
            log,
        ),
    ):
        yield {"url": url, "admin_password": admin_password, "log": log}


@pytest.fixture(scope="session")
def api(system):
    return Api(system["url"])


@pytest.fixture
def person(api):
    """A new account (a Person with its token), named after the test."""

    def make(prefix="user"):
        username = f"{prefix}_{uuid.uuid4().hex[:8]}"
        return api.sign_up(username, password=PASSWORD)

    return make


@pytest.fixture(scope="session")
def admin(api, system):
    return api.sign_in("admin", system["admin_password"])


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context():
    """What the context is made with: a test may set `locale` ("fr-FR") or a viewport."""
    return {"locale": "en-US", "viewport": {"width": 1280, "height": 900}}


# console errors that are not the app's: an API error's status (the app shows the error),
# axe-core's own inline styles (the page's CSP refuses them, as it should)
IGNORED_CONSOLE = ("Failed to load resource", "Applying inline style")


def console_problem(message, problems):
    if message.type == "error" and not message.text.startswith(IGNORED_CONSOLE):
        problems.append(f"console error: {message.text}")


@pytest.fixture
def new_page(browser, browser_context, system):
    """`new_page()`: a page in a browser context of its own (another person's browser),
    watched as `page` is; `new_page(locale="fr-FR")` overrides the context's options."""
    watched = []

    def make(**options):
        context = browser.new_context(base_url=system["url"], **{**browser_context, **options})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        requested, problems = [], []
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", lambda message: console_problem(message, problems))
        watched.append((context, requested, problems))
        return page

    yield make
    home = urlsplit(system["url"]).netloc
    for context, requested, problems in watched:
        context.close()
        outside = [
            url
            for url in requested
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != home
        ]
        assert not outside, f"the page asked the network beyond the deployment: {outside}"
        assert not problems, problems


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def signed_in(system):
    """`signed_in(page, person)`: the person's token in the browser, as signing in leaves it."""

    def sign_in(page, who):
        page.goto("/")
        page.evaluate("token => localStorage.setItem('microtache.token', token)", who.token)
        page.goto("/")
        page.locator("#top nav .link-button").wait_for()  # "Sign out": the app knows who
        return page

    return sign_in
