"""Quechua (`qu`) added as configuration only: pages, switcher, sitemap and search follow it.

Runs with config.settings.test_quechua (see conftest.py); tests/test_third_language.py starts
it. The content is built here: a protocol, a lesson and a standard page with Quechua text,
beside pages written in Spanish and English only, which the Quechua site shows in Spanish.
"""

import re

import pytest
from django.conf import settings

from search import get_backend
from search.indexing import all_documents
from tests import builders

pytestmark = pytest.mark.django_db

# "Women's rights protection", roughly, in Southern Quechua: words no other language has.
QUECHUA_TITLE = "Warmikunap ayllunkunap amachaynin"
QUECHUA_WORD = "amachaynin"


@pytest.fixture
def site(home):
    work = builders.work(
        title_es="Protocolo de atención",
        title_en="Care protocol",
        title_qu=QUECHUA_TITLE,
        slug_es="protocolo-de-atencion",
        slug_en="care-protocol",
        slug_qu="amachay-kamachiy",
    )
    builders.version(
        work,
        label="2020",
        effective="2020-03-11",
        sections_qu=builders.stream_sections(("Imapaq", "Warmikunata amachanapaq.")),
    )
    lesson = builders.lesson(
        title_es="Lección sin traducir",
        title_en="Lesson not translated",
        slug_es="leccion-sin-traducir",
        slug_en="lesson-not-translated",
    )
    page = builders.standard_page(
        title_es="Acerca de",
        title_en="About",
        title_qu="Imamanta",
        slug_es="acerca-de",
        slug_en="about",
        slug_qu="imamanta",
    )
    get_backend("database").rebuild(all_documents())
    return {"work": work, "lesson": lesson, "page": page}


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def switcher(body):
    match = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S)
    assert match, "no language switcher"
    return re.findall(r'<(?:a|span) [^>]*\blang="([a-z]+)"', match.group(0))


def test_the_site_has_three_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["es", "en", "qu"]


@pytest.mark.parametrize("name", ["home", "work", "lesson", "listing", "page"])
def test_pages_answer_under_qu_with_three_entries_in_the_switcher(client, site, name):
    pages = {
        "home": "/qu/",
        "work": site["work"].url_in("qu"),
        "lesson": site["lesson"].url_in("qu"),
        "listing": site["lesson"].get_parent().specific.url_in("qu"),
        "page": site["page"].url_in("qu"),
    }
    for url in [pages[name]]:
        assert url.startswith("/qu/"), url
        body = html(client, url)
        assert '<html lang="qu"' in body, url
        assert switcher(body) == ["es", "en", "qu"], url
        # The language's own name, from Django's language information.
        assert "Runasimi" in body


def test_quechua_text_is_shown(client, site):
    work_page = html(client, site["work"].url_in("qu"))
    assert QUECHUA_TITLE in work_page
    assert "Warmikunata amachanapaq." in work_page
    assert "Imamanta" in html(client, site["page"].url_in("qu"))


def test_missing_quechua_text_falls_back_to_spanish(client, site):
    # Nothing of the lesson is written in Quechua: its Spanish text is shown.
    lesson_page = html(client, site["lesson"].url_in("qu"))
    assert "Lección sin traducir" in lesson_page
    assert "Lesson not translated" not in lesson_page
    assert site["lesson"].url_in("qu").endswith("/leccion-sin-traducir/")


def test_the_sitemap_gives_three_alternates_per_page(client, site):
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in (site["work"], site["page"]):
        entry = re.search(
            rf"<url><loc>http://testserver{re.escape(page.url_in('es'))}</loc>.*?</url>",
            sitemap,
            re.S,
        )
        assert entry, page
        languages = re.findall(r'hreflang="([a-z-]+)"', entry.group(0))
        assert [code for code in languages if code != "x-default"] == ["es", "en", "qu"]


def test_search_on_the_database_engine_finds_quechua_text(client, site):
    body = html(client, f"/qu/search/?q={QUECHUA_WORD}")
    assert site["work"].url_in("qu") in body
    # The interface speaks Quechua where the catalogue has the string.
    assert "Maskay" in body
    # The Quechua word is in Quechua text only: the other languages' search does not find it.
    assert site["work"].url_in("es") not in html(client, f"/es/search/?q={QUECHUA_WORD}")
