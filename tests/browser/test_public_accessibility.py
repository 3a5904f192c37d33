"""Keyboard focus is readable on every public page type, in a real Chromium: the focused text
contrasts 4.5:1 with its background and the focus indicator 3:1 with what surrounds it, in the
header (the menu open on phones) and in the body."""

import pytest

from .conftest import CHECKS_JS, DESKTOP, PHONE
from .site_pages import REQUIRED

pytestmark = pytest.mark.browser

# Enough presses to cross the header and well into the page's own content.
TAB_PRESSES = 40
# The print view is a sheet to print: no site header, only the document and a way back.
PAGES_WITHOUT_HEADER = {"ProtocolVersionPrint"}


def focus_problems(page, presses=TAB_PRESSES):
    """Tabs through the page; returns what fails the contrast rules, and what was reached."""
    page.add_script_tag(path=CHECKS_JS)
    page.evaluate("quipuChecks.snapshot()")
    problems, reached = [], []
    for _ in range(presses):
        page.keyboard.press("Tab")
        report = page.evaluate("quipuChecks.focusReport()")
        if report is None or not report["visible"]:
            continue
        reached.append(report["element"])
        if report["textContrast"] is not None and report["textContrast"] < 4.5:
            problems.append(f"{report['element']}: focused text {report['textContrast']:.2f}:1")
        if report["indicatorContrast"] < 3:
            problems.append(
                f"{report['element']}: focus indicator {report['indicatorContrast']:.2f}:1"
            )
    return problems, reached


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_keyboard_focus_is_readable_in_the_header_and_the_body(kind, site_pages, open_page):
    page = open_page(DESKTOP)
    path = site_pages[kind]["es"]
    page.goto(path)
    problems, reached = focus_problems(page)
    if kind not in PAGES_WITHOUT_HEADER:
        assert any(place.startswith("header") for place in reached), reached
    assert any(place.startswith("body") for place in reached), reached
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_keyboard_focus_is_readable_in_the_phone_menu(site_pages, open_page):
    page = open_page(PHONE)
    for path in site_pages["HomePage"].values():
        page.goto(path)
        page.locator(".site-menu > summary").click()
        problems, reached = focus_problems(page, presses=15)
        assert any("header <a>" in place for place in reached), reached
        assert problems == [], f"{path}:\n" + "\n".join(problems)
