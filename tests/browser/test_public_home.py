"""The home page as an official meets it: every protocol and instrument in force one click away."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser


def library_in_force(page, library):
    """Titles and addresses of the works the library lists as in force (its default filter)."""
    found = {}
    page.goto(library)
    while True:
        for link in page.locator(".work-list__title a").all():
            found[link.get_attribute("href")] = link.inner_text().strip()
        following = page.locator('a[rel="next"]')
        if not following.count():
            return found
        following.first.click()


@pytest.mark.parametrize("language", ["es", "en"])
def test_home_links_every_protocol_and_instrument_in_force(language, site_pages, open_page):
    page = open_page()
    in_force = library_in_force(page, site_pages["ProtocolLibraryPage"][language])
    assert in_force, "the library lists nothing in force"

    page.goto(site_pages["HomePage"][language])
    section = page.locator(".home-in-force")
    for href, title in in_force.items():
        link = section.locator(f'a[href="{href}"]')
        expect(link).to_have_count(1)
        expect(link).to_have_text(title)
        item = section.locator(".in-force-item", has=page.locator(f'a[href="{href}"]'))
        expect(item.locator(".status--in_force")).to_be_visible()

    # One click: the first protocol opens on its version in force.
    first_href = next(iter(in_force))
    section.locator(f'a[href="{first_href}"]').click()
    expect(page.locator(".version-card .status--in_force")).to_be_visible()


def test_phone_home_shows_the_protocols_in_force_on_the_first_screen(site_pages, open_page):
    page = open_page(PHONE)
    page.goto(site_pages["HomePage"]["es"])
    heading = page.get_by_role("heading", name="Protocolos e instrumentos vigentes")
    box = heading.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"heading at {box['y']} px"
