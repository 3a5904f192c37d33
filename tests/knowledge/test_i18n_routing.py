"""Two languages done right: prefixes, redirects, translated slugs, switcher, hreflang."""

import re

import pytest
from wagtail.models import Page, PageViewRestriction

from core.models import StandardPage
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(home):
    """A translated page, a Spanish-only page and a glossary with its terms, as built here."""
    home.title_es = "Quipu: conocimiento institucional"
    home.title_en = "Quipu: institutional knowledge"
    home.save_revision().publish()
    builders.standard_page(
        home,
        title_es="El Programa Conjunto y sus lecciones",
        title_en="The Joint Programme and its lessons",
        slug_es="programa",
        slug_en="programme",
    )
    builders.standard_page(
        home,
        title_es="Nota solo en castellano",
        title_en=None,
        slug_es="nota-solo-en-castellano",
        slug_en=None,
    )
    builders.glossary_page(
        home,
        title_es="Glosario de siglas y términos",
        title_en="Glossary of acronyms and terms",
        slug_es="glosario",
        slug_en="glossary",
    )
    builders.glossary_term(
        term_es="VBG",
        term_en="GBV",
        expansion_es="Violencia basada en género",
        expansion_en="Gender-based violence",
    )
    builders.glossary_term(
        term_es="ROF",
        term_en="OFR",
        expansion_es="Reglamento de Organización y Funciones",
        expansion_en="Organization and Functions Regulations",
    )


def head_links(html, rel):
    return re.findall(rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("es-PE,es;q=0.9", "/es/"), ("fr-FR", "/es/"), (None, "/es/")],
)
def test_root_redirects_by_accept_language_spanish_otherwise(client, accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/es/", "es", "Quipu: conocimiento institucional"),
        ("/en/", "en", "Quipu: institutional knowledge"),
        ("/es/programa/", "es", "El Programa Conjunto y sus lecciones"),
        ("/en/programme/", "en", "The Joint Programme and its lessons"),
        ("/es/glosario/", "es", "Glosario de siglas y términos"),
        ("/en/glossary/", "en", "Glossary of acronyms and terms"),
    ],
)
def test_pages_are_served_in_each_language_under_translated_slugs(client, path, lang, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


def test_interface_strings_follow_the_url_language(client):
    assert "Saltar al contenido principal" in client.get("/es/").content.decode()
    assert "Skip to main content" in client.get("/en/").content.decode()


def test_switcher_leads_to_the_same_page_in_the_other_language(client):
    html = client.get("/es/programa/").content.decode()
    assert 'href="/en/programme/" hreflang="en"' in html
    html = client.get("/en/programme/").content.decode()
    assert 'href="/es/programa/" hreflang="es"' in html


def test_translated_page_declares_both_alternates_and_x_default(client):
    html = client.get("/en/programme/").content.decode()
    alternates = dict(head_links(html, "alternate"))
    assert alternates == {
        "es": "http://testserver/es/programa/",
        "en": "http://testserver/en/programme/",
        "x-default": "http://testserver/es/programa/",
    }
    assert head_links(html, "canonical") == [("", "http://testserver/en/programme/")]
    assert "noindex" not in html


def test_spanish_only_page_in_english_is_marked_noindex_and_canonical_to_spanish(client):
    response = client.get("/en/nota-solo-en-castellano/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page is available only in Spanish." in html
    assert '<meta name="robots" content="noindex">' in html
    assert head_links(html, "canonical") == [("", "http://testserver/es/nota-solo-en-castellano/")]
    assert head_links(html, "alternate") == []
    assert '<div lang="es">' in html


def test_spanish_only_page_in_spanish_offers_no_english_alternate(client):
    html = client.get("/es/nota-solo-en-castellano/").content.decode()
    assert "only in Spanish" not in html and "solo está disponible" not in html
    assert 'hreflang="en"' not in "".join(
        line for line in html.splitlines() if line.startswith("<link")
    )
    assert "noindex" not in html


def test_glossary_lists_terms_in_the_readers_language(client):
    spanish = client.get("/es/glosario/").content.decode()
    english = client.get("/en/glossary/").content.decode()
    assert "Violencia basada en género" in spanish and ">VBG<" in spanish
    assert "Gender-based violence" in english and ">GBV<" in english
    assert "Organization and Functions Regulations" in english


def test_sitemap_lists_public_pages_per_language_with_alternates(client, home):
    draft = StandardPage(
        title_es="Borrador interno", title_en="Internal draft", slug_es="borrador", live=False
    )
    home.add_child(instance=draft)
    private = StandardPage(
        title_es="Solo equipo", title_en="Team only", slug_es="solo-equipo", slug_en="team-only"
    )
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://testserver/es/programa/" in locations
    assert "http://testserver/en/programme/" in locations
    assert "http://testserver/es/nota-solo-en-castellano/" in locations
    assert "http://testserver/en/nota-solo-en-castellano/" not in locations
    assert not any(
        "borrador" in loc or "solo-equipo" in loc or "team-only" in loc for loc in locations
    )
    assert 'hreflang="en" href="http://testserver/en/programme/"' in xml
    assert 'hreflang="x-default" href="http://testserver/es/programa/"' in xml


def test_unpublished_page_is_not_served(client, home):
    page = StandardPage(title_es="Aún no", slug_es="aun-no", live=False)
    home.add_child(instance=page)
    assert client.get("/es/aun-no/").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_unknown_path_gives_a_translated_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Página no encontrada" in client.get("/es/no-existe/").content.decode()


def test_every_page_renders_in_both_languages(client):
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for language in ("es", "en"):
            url = page.url_in(language)
            assert client.get(url).status_code == 200, url
