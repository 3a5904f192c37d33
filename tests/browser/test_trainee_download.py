"""A trainee finds a training module, switches to English and downloads it as one ZIP."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


MODULE_ES = "Capacitación de operadores en el Protocolo CEM-EESS"
MODULE_EN = "Operator training in the CEM-Health Facilities Protocol"
MODULE_SLUG = "capacitacion-operadores-protocolo-cem-eess"

FILES_OF_MODULE = f"""
import json
from knowledge.models import TrainingMaterialPage
page = TrainingMaterialPage.objects.get(slug_es="{MODULE_SLUG}")
print(json.dumps({{d.filename: [d.language, d.download_count] for d in page.documents()}}))
"""


TRAINEE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


# A trainee's browser: headless Chromium names itself "HeadlessChrome", which download counts
# leave out as a robot (core.download_counting). The options of the browser context
# `page` opens (tests/browser/conftest.py).
BROWSER_CONTEXT = {"locale": "es-PE", "accept_downloads": True, "user_agent": TRAINEE_BROWSER}


def module_files(live_site):
    """{file name: [language, downloads]} of the module, read from the server's database."""
    output = live_site.manage("shell", "-c", FILES_OF_MODULE)
    return json.loads(output.strip().splitlines()[-1])


def test_trainee_finds_a_module_switches_to_english_and_downloads_its_zip(
    page, live_site, tmp_path
):
    before = module_files(live_site)

    # From the home page to the training materials, narrowed to what CEM teams need.
    page.goto("/es/")
    page.locator("nav.primary-nav").get_by_role("link", name="Materiales de capacitación").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Materiales de capacitación")
    page.locator("select[name=audience]").select_option("equipos-cem")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/es/capacitacion/\?audience=equipos-cem"))
    expect(
        page.get_by_role("link", name="Guía metodológica de simulación de casos")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Curso formativo sobre procesamiento")).to_have_count(0)
    page.get_by_role("link", name=MODULE_ES).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_ES)

    # The same module in English.
    page.locator("nav.language-switcher").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_EN)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the whole module in English (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == "cem-health-protocol-operator-training-en.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    english = sorted(name for name, (language, _count) in before.items() if language == "en")
    with zipfile.ZipFile(saved) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == english
        assert all(archive.read(name) for name in english)

    # Each English file counted once; the Spanish ones untouched.
    after = module_files(live_site)
    for name, (language, count) in before.items():
        expected = count + 1 if language == "en" else count
        assert after[name][1] == expected, name
