"""The search page and autocomplete, as a visitor meets them, on the demo content."""

import re

import pytest
from django.test import Client
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from core.models import StandardPage
from search import analytics
from search.models import ZeroResultQuery
from tests.search.test_contract import HOSTILE_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_demo")]


def page(client, language, **params):
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "atencion"),
        ("es", "Capacitaciòn"),
        ("es", "protocolos"),
        ("es", "GBV"),
        ("en", "GBV"),
        ("en", "feminicidio"),
        ("en", "trainings"),
        ("en", "protocols"),
    ],
)
def test_what_people_type_finds_what_they_mean(client, language, text):
    html = page(client, language, q=text)
    assert "<mark>" in html
    assert 'class="result"' in html
    assert 'name="sector"' in html
    assert re.search(r"\(\d+\)", html)


def test_a_match_inside_a_pdf_names_the_file(client):
    html = page(client, "es", q='"generado por Quipu"')
    assert 'class="result__file"' in html
    assert "Lecciones aprendidas del Programa Conjunto" in html
    assert ".pdf" in html or "(PDF)" in html


def test_english_site_finds_spanish_only_page_and_says_so(client):
    html = page(client, "en", q="ilustraciones demostración")
    assert "Only in Spanish" in html
    assert 'lang="es"' in html


def test_filters_narrow_and_can_be_removed(client):
    everything = page(client, "es", q="violencia")
    narrowed = page(client, "es", q="violencia", region="piura")
    total = int(re.search(r'role="status">(\d+)', everything).group(1))
    fewer = int(re.search(r'role="status">(\d+)', narrowed).group(1))
    assert 0 < fewer < total
    assert 'class="active-filters__remove"' in narrowed
    assert 'value="piura" checked' in narrowed


def test_pagination_keeps_the_query_and_filters(client):
    html = page(client, "es", q="violencia", sort="date")
    link = re.search(r'href="([^"]*page=2[^"]*)"', html)
    assert link, "expected a second page of results"
    assert "q=violencia" in link.group(1)
    assert "sort=date" in link.group(1)


@pytest.mark.parametrize(
    ("language", "typed", "corrected", "said"),
    [
        ("es", "feminisidyo", "feminicidio", "Se muestran resultados para"),
        ("es", "protcoolo", "protocolo", "Se muestran resultados para"),
        ("es", "CME", "CEM", "Se muestran resultados para"),
        ("en", "feminisidyo", "feminicidio", "Showing results for"),
        ("en", "EEES", "EESS", "Showing results for"),
    ],
)
def test_a_misspelling_is_corrected_and_the_words_typed_are_a_link_away(
    client, language, typed, corrected, said
):
    from bs4 import BeautifulSoup

    response = client.get(f"/{language}/search/", {"q": typed})
    assert response.context["total"] > 0
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    notice = soup.select_one(".correction")
    assert said in notice.get_text()
    assert notice.strong.get_text() == corrected
    link = notice.select_one("a.correction__typed")
    assert link.em.get_text() == typed
    # The words as typed: nothing found, and the correction offered as a suggestion.
    literal = client.get(f"/{language}/search/{link['href']}")
    assert literal.context["total"] == 0
    assert literal.context["correction"] is None
    assert [item["text"] for item in literal.context["suggestions"]] == [corrected]
    assert "literal" not in literal.context["suggestions"][0]["url"]
    assert (
        response.context["total"]
        == client.get(f"/{language}/search/", {"q": corrected}).context["total"]
    )


def test_empty_state_helps(client):
    html = page(client, "es", q="zzzyyyxxx")
    assert 'class="empty-state"' in html
    assert "VBG" in html


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_input_returns_a_normal_page(client, text):
    # No wall-clock limit here (a busy machine is no evidence): bench/search.py measures speed.
    response = client.get("/es/search/", {"q": text, "sector": text[:50], "page": text[:20]})
    assert response.status_code == 200
    assert b"Traceback" not in response.content
    assert response.context["form"] is not None


def test_bad_parameters_are_explained(client):
    html = page(client, "es", q="cem", page="abc", year_from="2020", year_to="2010")
    assert 'class="notice notice--error"' in html
    assert 'class="result"' in html


def test_search_page_works_without_inline_script(client):
    html = page(client, "es", q="cem")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "quipu/js/search.js" in html
    assert 'method="get"' in html


def test_spanish_address_redirects_to_the_search_page(client):
    response = client.get("/es/buscar/", {"q": "cem"})
    assert response.status_code == 302
    assert response["Location"] == "/es/search/?q=cem"


def test_autocomplete_returns_titles_as_json(client):
    response = client.get("/es/search/autocomplete/", {"q": "capacita"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    assert all(set(item) == {"title", "url", "kind"} for item in results)
    assert any("apacitaci" in item["title"] for item in results)
    assert client.get("/es/search/autocomplete/", {"q": "\x00" * 500}).json()["results"] == []


def test_private_pages_leak_nowhere(client, home, django_capture_on_commit_callbacks):
    secret = StandardPage(title_es="Acta quipuconfidencial del comité", slug_es="acta-confidencial")
    home.add_child(instance=secret)
    with django_capture_on_commit_callbacks(execute=True):
        secret.save_revision().publish()
    assert "quipuconfidencial" in page(client, "es", q="quipuconfidencial")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    for text in ("quipuconfidencial", "acta comité quipuconfidencial"):
        html = page(client, "es", q=text)
        assert 'class="result"' not in html
        assert "Acta quipuconfidencial del comité" not in html
    assert 'class="suggestions"' not in page(client, "es", q="quipuconfidencal")
    completions = client.get("/es/search/autocomplete/", {"q": "acta quipuconf"}).json()
    assert completions["results"] == []


def test_searches_are_counted_for_editors_with_accents_folded(client):
    page(client, "es", q="Capacitaciòn")
    # Another visitor: one visitor's repeated search counts once a day.
    page(Client(), "es", q="capacitación")
    analytics.flush()
    assert Query.objects.get(query_string="capacitacion").hits == 2
    page(client, "en", q="zzzyyyxxx")
    analytics.flush()
    assert ZeroResultQuery.objects.get(query_string="zzzyyyxxx", language="en").hits == 1


def test_promoted_result_comes_first_unless_private(client):
    target = StandardPage.objects.get(slug_es="programa")
    query = Query.get("piloto")
    SearchPromotion.objects.create(query=query, page=target, description="Empiece aquí.")
    html = page(client, "es", q="Piloto")
    assert 'class="result result--promoted"' in html
    assert "Empiece aquí." in html
    PageViewRestriction.objects.create(page=target, restriction_type="login")
    assert 'result--promoted"' not in page(client, "es", q="Piloto")


@pytest.mark.parametrize(("language", "text"), [("es", "Capacitaciòn"), ("en", "GBV")])
def test_search_page_on_elasticsearch(client, settings, elasticsearch_demo, language, text):
    from search import get_engine
    from search.query import SearchQuery

    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {
        **backends["elasticsearch"],
        "URL": elasticsearch_demo.url,
        "INDEX": elasticsearch_demo.alias,
        "TIMEOUT": 10,
    }
    settings.SEARCH_BACKENDS = backends
    settings.SEARCH_ENGINE = "elasticsearch"
    results = get_engine().search(SearchQuery(text=text, language=language))
    assert results.engine == "elasticsearch" and not results.is_fallback
    assert results.total > 0
    html = page(client, language, q=text)
    assert "<mark>" in html
    assert 'name="sector"' in html


def test_editors_see_searches_that_found_nothing(client, django_user_model):
    page(client, "es", q="zzqqxx inexistente")
    page(Client(), "es", q="ZZQQXX inexistente")
    admin = django_user_model.objects.create_superuser("analista", "a@example.org", "x" * 16)
    client.force_login(admin)
    from django.conf import settings

    response = client.get(f"/{settings.ADMIN_PATH}/search-analytics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "zzqqxx inexistente" in html
    assert ">2<" in html.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "feminicidio", {"Lección aprendida", "Material de capacitación", "Evento"}),
        ("en", "femicide", {"Lesson learned", "Training material", "Event"}),
    ],
)
def test_result_types_read_the_same_in_plain_words_on_results_facets_and_autocomplete(
    client, language, text, expected
):
    from bs4 import BeautifulSoup

    from search.adapters import kind_labels

    soup = BeautifulSoup(page(client, language, q=text), "html.parser")
    shown = {" ".join(tag.get_text().split()) for tag in soup.select(".result__kind")}
    facets = {
        " ".join(label.get_text(" ").split()).rsplit(" (", 1)[0]
        for label in soup.select("label")
        if label.select_one('input[name="kind"]')
    }
    assert expected <= shown
    assert shown <= facets
    with translation.override(language):
        plain = {str(label) for label in kind_labels().values()}
    assert facets <= plain
    # The editors' names of the page types ("lección aprendida", "content page") are not shown.
    assert not {"lección aprendida", "lesson learned", "content page"} & shown
    completions = client.get(f"/{language}/search/autocomplete/", {"q": text[:5]}).json()
    assert completions["results"]
    assert {item["kind"] for item in completions["results"]} <= plain


@pytest.mark.parametrize(
    ("language", "meaning", "label"),
    [("es", "CEM (Centro Emergencia Mujer)", "Sigla"), ("en", "CEM (Women", "Acronym")],
)
def test_autocomplete_completes_an_acronym_as_a_search_for_it(client, language, meaning, label):
    results = client.get(f"/{language}/search/autocomplete/", {"q": "ce"}).json()["results"]
    first = results[0]
    assert first["title"].startswith(meaning)
    assert first["kind"] == label
    assert first["url"] == f"/{language}/search/?q=CEM"
    # Titles that start so follow it.
    assert len(results) > 1


@pytest.mark.parametrize(
    ("language", "typed", "title", "label"),
    [
        (
            "es",
            "cem sal",
            "Protocolo de actuación conjunta entre los Centros Emergencia Mujer y los "
            "Establecimientos de Salud",
            "Protocolo",
        ),
        (
            "en",
            "cem heal",
            "Joint action protocol between Women's Emergency Centres and Health Facilities",
            "Protocol",
        ),
    ],
)
def test_autocomplete_offers_the_protocol_for_an_acronym_and_a_word(
    client, language, typed, title, label
):
    results = client.get(f"/{language}/search/autocomplete/", {"q": typed}).json()["results"]
    assert results[0]["title"] == title
    assert results[0]["kind"] == label
    assert len({item["url"] for item in results}) == len(results)
