"""Fixtures of the public-site browser checks: Chromium, the page list, axe.

The public checks (test_public_*.py) start Chromium once per module, reuse one page across a
check's languages and widths, and read the site's database once for the page list.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import require_service

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


# A running server may stand in for the session's own demo site while developing these checks:
# QUIPU_TEST_SERVER=http://127.0.0.1:8000, with DATABASE_URL naming that server's database.
if os.environ.get("QUIPU_TEST_SERVER"):

    @pytest.fixture(scope="session")
    def live_site():
        from tests.live import SETTINGS_MODULE, LiveSite

        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
        return LiveSite(url=os.environ["QUIPU_TEST_SERVER"].rstrip("/"), env=env)
