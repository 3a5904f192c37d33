"""Status as an official reads it: a version that is not in force says so on every screen of it,
its files say so, the version in force comes before what comes next, and the print view is a
clean sheet."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("kind", "bar", "code"),
    [
        ("ProtocolVersionSuperseded", ".banner--superseded", "superseded"),
        ("ProtocolVersionUpcoming", ".banner--future", "not_yet_in_force"),
    ],
)
def test_a_version_not_in_force_keeps_its_bar_on_screen_and_labels_its_files(
    kind, bar, code, site_pages, open_page
):
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport)
        for path in site_pages[kind].values():
            page.goto(path)
            banner = page.locator(bar)
            expect(banner).to_be_in_viewport()
            # Read on to the files at the bottom: the bar is still there.
            files = page.locator("section.files")
            files.scroll_into_view_if_needed()
            expect(banner).to_be_in_viewport()
            links = files.locator("a[href]")
            assert links.count() >= 1
            for index in range(links.count()):
                expect(links.nth(index).locator(f".status--{code}")).to_have_count(1)


def test_the_version_in_force_comes_before_what_comes_next(site_pages, open_page):
    page = open_page(PHONE)
    for path in site_pages["ProtocolVersionUpcoming"].values():
        # The work whose next version is approved: its address shows the version in force.
        work = path.split("/v/")[0] + "/"
        page.goto(work)
        card = page.locator(".version-card").bounding_box()
        upcoming = page.locator(".upcoming-change").bounding_box()
        assert card["y"] < upcoming["y"]
        expect(page.locator(".upcoming-change .status--not_yet_in_force")).to_be_visible()


def test_file_links_name_their_language_and_the_readers_comes_first(site_pages, open_page):
    page = open_page(DESKTOP)
    for language, path in site_pages["ProtocolWork"].items():
        page.goto(path)
        links = page.locator("section.files a[href]")
        texts = [links.nth(index).inner_text() for index in range(links.count())]
        assert len(texts) == len(set(texts)), texts
        hreflangs = [links.nth(index).get_attribute("hreflang") for index in range(links.count())]
        assert hreflangs[0] == language, hreflangs
        buttons = page.locator("a[data-stable-download]")
        assert buttons.first.get_attribute("hreflang") == language


def test_print_view_declares_its_icon_and_leaves_out_prompts(site_pages, open_page):
    page = open_page(DESKTOP)
    for path in site_pages["ProtocolVersionPrint"].values():
        page.goto(path)
        expect(page.locator('link[rel="icon"]')).to_have_count(1)
        page.emulate_media(media="print")
        expect(page.locator(".print-sheet__back")).to_be_hidden()
        expect(page.locator(".print-sheet__address")).to_contain_text("http")
        expect(page.locator(".print-sheet__version .status")).to_be_visible()
