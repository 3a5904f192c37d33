"""The language switcher, followed in a real headless Chromium against a live server."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Only the system's Chromium, and nothing that phones home: a request to anywhere but the
# live server would then be the page's own doing.

HOME_HEADING_ES = "Quipu: conocimiento institucional sobre violencia basada en género"
HOME_HEADING_EN = "Quipu: institutional knowledge on gender-based violence"


def heading(page):
    return page.get_by_role("heading", level=1)


def switch_to(page, language_name):
    page.locator("nav.language-switcher").get_by_role("link", name=language_name).click()


def test_switcher_takes_the_home_page_from_spanish_to_english(page, live_site):
    page.goto("/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(heading(page)).to_have_text(HOME_HEADING_ES)

    switch_to(page, "English")

    expect(page).to_have_url(f"{live_site.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text(HOME_HEADING_EN)


def test_switcher_keeps_the_reader_on_the_same_page_in_both_directions(page, live_site):
    page.goto("/es/programa/")
    expect(heading(page)).to_have_text("El Programa Conjunto y sus lecciones")

    switch_to(page, "English")

    expect(page).to_have_url(f"{live_site.url}/en/programme/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text("The Joint Programme and its lessons")

    switch_to(page, "Español")

    expect(page).to_have_url(f"{live_site.url}/es/programa/")
    expect(heading(page)).to_have_text("El Programa Conjunto y sus lecciones")


def test_spanish_only_page_in_english_says_so_and_offers_no_english_alternate(page):
    page.goto("/en/nota-sobre-datos-de-demostracion/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("This page is available only in Spanish.")).to_be_visible()
    expect(page.locator('link[rel="alternate"][hreflang="en"]:not([type])')).to_have_count(0)


def test_pages_load_nothing_from_outside_the_site(page, live_site, requested_urls):
    for path in ("/es/", "/en/", "/es/programa/", "/en/programme/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")

    site = urlsplit(live_site.url).netloc
    # The stylesheet, at least, must have been fetched, or the check below proves nothing.
    assert any(urlsplit(url).path.endswith(".css") for url in requested_urls)
    elsewhere = [
        url
        for url in requested_urls
        if not url.startswith("data:") and urlsplit(url).netloc != site
    ]
    assert elsewhere == []


# Every image, lazy ones included, made to load now; decode() fails for one that cannot show.
BROKEN_IMAGES_JS = """async () => {
    const broken = [];
    for (const image of document.images) {
        image.loading = "eager";
        try { await image.decode(); } catch (error) { broken.push(image.currentSrc || image.src); }
    }
    return broken;
}"""


def test_pages_show_every_image_they_include(page):
    for path in ("/es/", "/en/programme/"):
        page.goto(path)
        expect(page.locator("main img").first).to_be_attached()

        assert page.evaluate(BROKEN_IMAGES_JS) == [], f"broken images on {path}"
