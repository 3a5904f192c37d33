"""An official finds the CEM-EESS protocol in force, its history, what changed, and its PDF.

Runs in a real headless Chromium against the live demo site. The demo's dates are counted
from the day it is loaded, so v1 is superseded, v2 in force and v3 approved for later.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


TITLE_EN = "Joint action protocol between Women's Emergency Centres and Health Facilities"
TITLE_ES = (
    "Protocolo de actuación conjunta entre los Centros Emergencia Mujer y los "
    "Establecimientos de Salud"
)
WORK_ES = "/es/protocolos/protocolo-actuacion-conjunta-cem-eess/"
WORK_EN = "/en/protocols/cem-health-facilities-joint-action-protocol/"


# The options of the browser context `page` opens (tests/browser/conftest.py).
BROWSER_CONTEXT = {"locale": "en-GB", "accept_downloads": True}


def test_official_reads_the_version_in_force_compares_it_and_downloads_the_pdf(page, live_site):
    # From the home page, through the library, to the protocol.
    page.goto("/en/")
    page.locator("nav.primary-nav").get_by_role(
        "link", name="Protocols and management instruments"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Protocols and management instruments"
    )
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page).to_have_url(f"{live_site.url}{WORK_EN}")

    # The version in force, said in words, with its approving instrument marked as demo data.
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    card = page.locator(".version-card")
    expect(card.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"Version v2\s+In force\s+since \S")
    )
    expect(card.locator(".status__label")).to_have_text("In force")
    expect(card.locator(".instrument")).to_have_text(re.compile(r"^R\.M\. N\.° 001-\d{4}-MIMP$"))
    expect(card.locator(".demo-mark")).to_have_text("(demo data)")
    # The next version is announced after the one in force, as a caution.
    expect(page.locator(".version-card + .upcoming-change")).to_contain_text(
        "Version v3 is approved and replaces version v2"
    )

    # The history: newest first, each with its status.
    page.locator("nav.work-nav").get_by_role("link", name="All versions").click()
    expect(page).to_have_url(f"{live_site.url}{WORK_EN}versions/")
    entries = page.locator(".timeline__entry")
    expect(entries).to_have_count(3)
    expect(entries.nth(0).locator(".status__label")).to_have_text("Approved, not yet in force")
    expect(entries.nth(1).locator(".status__label")).to_have_text("In force")
    expect(entries.nth(2).locator(".status__label")).to_have_text("Superseded")

    # What changed from v1 to v2, word by word.
    entries.nth(1).get_by_role("link", name="Compare with the previous version").click()
    expect(page).to_have_url(re.compile(r"/compare/\?from=v1&to=v2$"))
    diff = page.locator(".diff")
    expect(diff.locator("del").filter(has_text="within 24 hours at most")).to_have_count(1)
    expect(diff.locator("ins").filter(has_text="on the same day")).to_have_count(1)
    expect(page.locator(".diff__section--added")).to_contain_text("Joint training")
    expect(page.locator(".metadata-table__changed").first).to_be_visible()

    # The comparison form works without JavaScript: choose two versions and submit.
    page.get_by_label("From version", exact=True).select_option("v2")
    page.get_by_label("To version", exact=True).select_option("v3")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/\?from=v2&to=v3$"))
    expect(page.locator(".diff__section--added")).to_contain_text(["Coordination bodies"])

    # An old version says it was superseded and leads back to the version in force.
    page.goto(f"{WORK_EN}v/v1/")
    expect(page.locator(".banner--superseded")).to_contain_text("This version was superseded")
    page.get_by_role("link", name="Read the version in force (v2)").click()
    expect(page).to_have_url(f"{live_site.url}{WORK_EN}")

    # The stable download link serves the PDF of the version in force.
    with page.expect_download() as download_info:
        page.locator("a[data-stable-download][hreflang='en']").click()
    download = download_info.value
    assert download.suggested_filename == "cem-health-facilities-joint-action-protocol-v2-en.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_official_downloads_the_spanish_pdf_from_the_spanish_page(page, live_site):
    page.goto(WORK_ES)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_ES)
    expect(page.locator(".version-card .status--in_force")).to_be_visible()
    stable = page.locator("a[data-stable-download][hreflang='es']")
    expect(stable).to_have_attribute("href", f"{WORK_ES}descargar/es/")
    with page.expect_download() as download_info:
        stable.click()
    assert (
        download_info.value.suggested_filename == "protocolo-actuacion-conjunta-cem-eess-v2-es.pdf"
    )
