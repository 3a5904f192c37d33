"""The header on a phone and on a desktop: compact, a menu that works without JavaScript, and
the current section marked."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("kind", ["HomePage", "ProtocolLibraryPage", "LessonPage", "Search"])
def test_phone_header_takes_at_most_thirty_percent_of_the_screen(kind, site_pages, open_page):
    page = open_page(PHONE)
    for path in site_pages[kind].values():
        page.goto(path)
        height = header_height(page)
        assert height <= 0.30 * PHONE["height"], f"{path}: header is {height} px tall"
        # The sections are behind the menu button, not spread over the screen.
        expect(page.locator(".primary-nav")).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_phone_menu_opens_and_closes_and_leads_to_a_section(javascript, site_pages, open_page):
    page = open_page(PHONE, javascript=javascript)
    page.goto(site_pages["HomePage"]["en"])
    toggle = page.locator(".site-menu > summary")
    expect(toggle).to_have_text("Menu")
    nav = page.get_by_role("navigation", name="Sections")
    expect(nav).to_be_hidden()

    toggle.click()
    expect(nav).to_be_visible()
    links = nav.get_by_role("link")
    assert links.count() >= 5
    # Every section is inside the screen, one under the other, none cut off sideways.
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    toggle.click()
    expect(nav).to_be_hidden()

    toggle.click()
    library = site_pages["ProtocolLibraryPage"]["en"]
    nav.locator(f'a[href="{library}"]').click()
    expect(page).to_have_url(f"{page.url.split('/en/')[0]}{library}")


def test_desktop_shows_the_sections_without_a_menu_button(site_pages, open_page):
    page = open_page(DESKTOP, javascript=False)
    page.goto(site_pages["HomePage"]["es"])
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Secciones")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link").first).to_be_visible()
    assert header_height(page) < 200


@pytest.mark.parametrize(
    ("kind", "section_kind", "state"),
    [
        ("HomePage", "HomePage", "page"),
        ("ProtocolLibraryPage", "ProtocolLibraryPage", "page"),
        ("ProtocolWorkHistory", "ProtocolLibraryPage", "true"),
        ("LessonPage", "LessonIndexPage", "true"),
        ("PilotTrackerPage", "PilotIndexPage", "true"),
    ],
)
def test_navigation_marks_the_current_section(kind, section_kind, state, site_pages, open_page):
    page = open_page(DESKTOP)
    for language, path in site_pages[kind].items():
        page.goto(path)
        nav = page.locator("nav.primary-nav")
        current = nav.locator("a[aria-current]")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("href", site_pages[section_kind][language])
        expect(current).to_have_attribute("aria-current", state)


def test_search_results_mark_no_section(site_pages, open_page):
    page = open_page(DESKTOP)
    page.goto(site_pages["Search"]["en"])
    expect(page.locator("nav.primary-nav a[aria-current]")).to_have_count(0)
