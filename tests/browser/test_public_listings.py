"""Every listing with filters, as a reader on a phone meets it: results first, the filters one
tap away, the filters in use shown as removable chips and kept by the language switcher."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .site_pages import LISTINGS

pytestmark = pytest.mark.browser

FIRST_RESULT = ".knowledge-card, .work-list__item, table.tracker tbody tr"


def apply_first_filter(page):
    """Chooses the first real option of the first filter and applies it; returns (name, value)."""
    toggle = page.locator(".filter-panel > summary")
    if toggle.is_visible():
        toggle.click()
    select = page.locator(".filter-panel select").first
    name = select.get_attribute("name")
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    page.locator(".filter-panel").get_by_role("button").click()
    page.wait_for_load_state("load")
    return name, value


@pytest.mark.parametrize("kind", LISTINGS)
def test_phone_shows_the_first_result_before_the_filters(kind, site_pages, open_page):
    page = open_page(PHONE)
    for path in site_pages[kind].values():
        page.goto(path)
        expect(page.locator(".filter-panel select").first).to_be_hidden()
        first = page.locator(FIRST_RESULT).first
        expect(first).to_be_visible()
        top = first.bounding_box()["y"]
        assert top < PHONE["height"], f"{path}: the first result starts {top} px down"


@pytest.mark.parametrize("kind", LISTINGS)
def test_filters_show_as_removable_chips_and_survive_the_language_switch(
    kind, site_pages, open_page
):
    page = open_page(DESKTOP)
    page.goto(site_pages[kind]["es"])
    name, value = apply_first_filter(page)
    assert (name, value) in parse_qsl(urlsplit(page.url).query)
    chips = page.locator(".active-filters__remove")
    expect(chips.first).to_be_visible()
    chip_count = chips.count()

    page.locator("nav.language-switcher").get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == site_pages[kind]["en"]
    assert (name, value) in parse_qsl(urlsplit(page.url).query)
    expect(page.locator(".active-filters__remove")).to_have_count(chip_count)

    # Removing the chip removes that filter and keeps the reader in English.
    page.locator(".active-filters__remove").first.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == site_pages[kind]["en"]
    assert (name, value) not in parse_qsl(urlsplit(page.url).query)
