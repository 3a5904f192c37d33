"""Every fixture of the browser tests: Chromium, pages and signed-in people on the live site,
the page list, axe, and `make run`'s own server.

The public checks (test_public_*.py) start Chromium once per module, reuse one page across a
check's languages and widths, and read the site's database once for the page list. A module
says what it needs as data: BROWSER_CONTEXT (the options of the context `page` opens),
PEOPLE (a script run in the live site's shell that creates its accounts) and ACCOUNTS (their
user names by role).
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import require_service
from tests.live import free_port, run_manage, serving, shell_json

from .site_pages import discover

AXE_PATH = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Contrast and overflow measurements taken inside the page (window.quipuChecks).
CHECKS_JS = str(Path(__file__).parent / "public_checks.js")

# Only the system's Chromium, and nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PASSWORD = "correct horse battery staple"
# `make run`'s settings, for the server `make_run` starts.
MAKE_RUN_SETTINGS = "config.settings.local"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}


# One Chromium per test module, not per session: Playwright's sync API allows one running
# instance at a time, and other modules start their own.
@pytest.fixture(scope="module")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def public_browser(browser):
    return browser


@pytest.fixture(scope="session")
def site_pages(live_site):
    """{page type: {language: path}}, one address of every public page type."""
    return discover(live_site.manage)


@pytest.fixture(scope="session")
def axe_path():
    require_service(
        AXE_PATH.exists(),
        f"axe-core is not installed at {AXE_PATH} (run `npm ci --prefix tests/browser`)",
    )
    return str(AXE_PATH)


@pytest.fixture
def open_page(chromium_path, public_browser, live_site):
    """open_page(viewport=..., javascript=True) -> a fresh Playwright page on the live site.

    Pages are closed with their context at the end of the test. The site's Content-Security-
    Policy forbids inline scripts, which is how axe is injected: only the test bypasses it.
    """
    contexts = []

    def opener(viewport=DESKTOP, javascript=True, locale="es-PE"):
        context = public_browser.new_context(
            base_url=live_site.url,
            viewport=viewport,
            java_script_enabled=javascript,
            bypass_csp=True,
            locale=locale,
        )
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


# chromium_path comes first so a machine without Chromium skips before a server is started.
@pytest.fixture
def page(request, chromium_path, browser, live_site, requested_urls):
    """A page on the live site in a fresh context: Spanish (Peru) unless the module's
    BROWSER_CONTEXT says otherwise; every URL it requests is in `requested_urls`."""
    options = {"locale": "es-PE", **getattr(request.module, "BROWSER_CONTEXT", {})}
    context = browser.new_context(base_url=live_site.url, **options)
    opened = context.new_page()
    opened.on("request", lambda sent: requested_urls.append(sent.url))
    yield opened
    context.close()


@pytest.fixture
def requested_urls():
    return []


@pytest.fixture(scope="module")
def accounts(request, live_site):
    """The module's people (its PEOPLE script, run once in the live site's shell); their user
    names by role (its ACCOUNTS)."""
    shell_json(live_site, request.module.PEOPLE)
    return getattr(request.module, "ACCOUNTS", {})


def sign_in(page, username):
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()


@pytest.fixture
def signed_in(chromium_path, browser, live_site, accounts):
    """signed_in(username) -> a page of the admin, signed in as that person."""
    contexts = []

    def open_as(username):
        context = browser.new_context(base_url=live_site.url, locale="es-PE")
        contexts.append(context)
        opened = context.new_page()
        sign_in(opened, username)
        expect(opened.locator("#wagtail-sidebar")).to_have_count(1)
        return opened

    yield open_as
    for context in contexts:
        context.close()


class Session:
    """One person's browser: every response the server answered with 5xx is kept."""

    def __init__(self, browser, live_site, username):
        self.context = browser.new_context(base_url=live_site.url, locale="es-PE")
        self.page = self.context.new_page()
        self.server_errors = []
        self.page.on(
            "response",
            lambda response: (
                self.server_errors.append(
                    f"{response.status} {response.request.method} {response.url}"
                )
                if response.status >= 500
                else None
            ),
        )
        sign_in(self.page, username)
        expect(self.page.locator("#wagtail-sidebar, [data-side-panel], main")).not_to_have_count(0)

    def close(self):
        self.context.close()


@pytest.fixture
def sessions(chromium_path, browser, live_site, accounts):
    """sessions(role) -> a Session signed in as the module's account for that role."""
    opened = []

    def open_as(role):
        session = Session(browser, live_site, accounts[role])
        opened.append(session)
        return session

    yield open_as
    for session in opened:
        session.close()


@pytest.fixture(scope="module")
def make_run(live_site, tmp_path_factory):
    """A server as `make run` starts it (its settings, no environment), on the live site's
    database."""
    folder = tmp_path_factory.mktemp("make-run")
    port = free_port()
    env = {
        **live_site.env,
        "DJANGO_SETTINGS_MODULE": MAKE_RUN_SETTINGS,
        "STATIC_ROOT": str(folder / "static"),
        "PORT": str(port),
    }
    # Nothing from the environment: `make run` needs no variable set.
    for name in ("DEBUG", "SECRET_KEY", "SERVE_MEDIA"):
        env.pop(name, None)
    run_manage(env, "collectstatic", "--noinput", "--verbosity=0")
    log = folder / "gunicorn.log"
    with serving(env, port, log, options=()) as url:
        yield SimpleNamespace(url=url, log=log)


# A running server may stand in for the session's own demo site while developing these checks:
# QUIPU_TEST_SERVER=http://127.0.0.1:8000, with DATABASE_URL naming that server's database.
if os.environ.get("QUIPU_TEST_SERVER"):

    @pytest.fixture(scope="session")
    def live_site():
        from tests.live import SETTINGS_MODULE, LiveSite

        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
        return LiveSite(url=os.environ["QUIPU_TEST_SERVER"].rstrip("/"), env=env)
