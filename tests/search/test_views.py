"""The search page and autocomplete, as a visitor meets them, on content each test publishes.

The `corpus` fixture publishes a small programme (glossary acronyms, lessons, training
materials, events, a publication with a PDF, a protocol) and indexes it in the database engine;
the Elasticsearch test indexes it in a test index of its own.
"""

import re

import pytest
from django.test import Client
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from core.models import StandardPage
from search import analytics
from search.models import ZeroResultQuery
from tests import builders
from tests.search.test_contract import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db

PROTOCOL_ES = (
    "Protocolo de actuación conjunta entre los Centros Emergencia Mujer y los "
    "Establecimientos de Salud"
)
PROTOCOL_EN = "Joint action protocol between Women's Emergency Centres and Health Facilities"
# Pages about violence: more than one page of results, a third of them in Piura.
VIOLENCE_LESSONS = 12
IN_PIURA = 4


def index_everything():
    from search import get_backend
    from search.indexing import all_documents

    get_backend("database").rebuild(all_documents())


@pytest.fixture
def corpus(home, django_capture_on_commit_callbacks):
    """A small programme, published and indexed: {name: page}."""
    builders.glossary_term(
        term_es="CEM",
        term_en="CEM",
        expansion_es="Centro Emergencia Mujer",
        expansion_en="Women's Emergency Centre",
        slug="cem",
    )
    builders.glossary_term(
        term_es="VBG",
        term_en="GBV",
        expansion_es="Violencia basada en género",
        expansion_en="Gender-based violence",
        slug="vbg",
    )
    builders.glossary_term(
        term_es="EESS",
        term_en="HF",
        expansion_es="Establecimientos de salud",
        expansion_en="Health facilities",
        slug="eess",
    )
    health = builders.term("sector", "salud")
    justice = builders.term("sector", "justicia")
    piura = builders.term("region", "piura")
    ayacucho = builders.term("region", "ayacucho")
    pages = {}
    for i in range(VIOLENCE_LESSONS):
        region = piura if i < IN_PIURA else ayacucho
        pages[f"violence-{i}"] = builders.lesson(
            title_es=f"La violencia en la comunidad, registro {i}",
            title_en=f"Violence in the community, record {i}",
            statement_es=f"La violencia basada en género se atiende mejor en red ({i}).",
            statement_en=f"Gender-based violence is better handled in a network ({i}).",
            date=builders.day(f"2019-{i % 12 + 1:02d}-01"),
            relations={"sectors": [health if i % 2 else justice], "regions": [region]},
        )
    pages["femicide-lesson"] = builders.lesson(
        title_es="Feminicidio: la alerta temprana salva vidas",
        title_en="Femicide: early warning saves lives",
        statement_es="La atención del riesgo de feminicidio empieza en el establecimiento de "
        "salud.",
        statement_en="Care for the risk of femicide (feminicidio) starts at the health "
        "facility, the EESS.",
        relations={"sectors": [health], "regions": [piura]},
    )
    pages["training"] = builders.material(
        title_es="Capacitación sobre feminicidio para operadores",
        title_en="Training on femicide for officials",
        intro_es="Capacitación de operadores de salud y justicia en la atención del feminicidio.",
        intro_en="Trainings for health and justice officials on femicide cases.",
        relations={"sectors": [health]},
    )
    pages["event"] = builders.event(
        title_es="Taller sobre feminicidio en Huamanga",
        title_en="Workshop on femicide in Huamanga",
        intro_es="Taller de capacitación sobre la prevención del feminicidio.",
        intro_en="Training workshop on the prevention of femicide.",
        relations={"sectors": [justice], "regions": [ayacucho]},
    )
    # Its text is read from the PDF once the document is saved (after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        report = builders.document(
            text="Informe del programa generado por Quipu con sus lecciones y su evidencia.",
            name="informe-lecciones.pdf",
        )
    report.refresh_from_db()
    assert "generado por Quipu" in report.extracted_text
    pages["report"] = builders.publication(
        title_es="Lecciones aprendidas del Programa Conjunto",
        title_en="Lessons learned from the Joint Programme",
        documents=[report],
        relations={"sectors": [justice]},
    )
    pages["protocol"] = builders.work(
        title_es=PROTOCOL_ES,
        title_en=PROTOCOL_EN,
        description_es="Cómo los CEM y los EESS atienden juntos los casos de violencia; "
        "protocolo de atención.",
        description_en="How CEM and health facilities (EESS) care together for cases of "
        "violence; care protocol.",
        sectors=[health],
    )
    builders.version(pages["protocol"], "2019", "2019-03-01")
    pages["protocol"].save_revision().publish()
    pages["centre"] = builders.standard_page(
        title_es="Centro Emergencia Mujer de Huamanga",
        title_en="Huamanga Women's Emergency Centre",
        intro_es="El CEM de Huamanga atiende a las mujeres de Ayacucho.",
        intro_en="The Huamanga CEM cares for the women of Ayacucho.",
    )
    pages["spanish-only"] = builders.standard_page(
        title_es="Ilustraciones de demostración del programa",
        intro_es="Ilustraciones para la demostración del repositorio.",
        title_en=None,
        slug_en=None,
        intro_en="",
    )
    pages["bulletin"] = builders.standard_page(
        title_es="Boletín sobre el feminicidio en Piura",
        intro_es="Cifras del feminicidio en la región.",
        title_en=None,
        slug_en=None,
        intro_en="",
    )
    pages["programme"] = builders.standard_page(
        title_es="El programa",
        title_en="The programme",
        intro_es="Qué hace el programa y dónde trabaja.",
        intro_en="What the programme does and where it works.",
    )
    pages["pilot"] = builders.pilot(
        title_es="Piloto de atención en Piura",
        title_en="Care pilot in Piura",
        intro_es="Piloto de atención conjunta.",
        intro_en="Joint care pilot.",
        relations={"regions": [piura]},
    )
    index_everything()
    return pages


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
def test_what_people_type_finds_what_they_mean(client, corpus, language, text):
    html = page(client, language, q=text)
    assert "<mark>" in html
    assert 'class="result"' in html
    assert 'name="sector"' in html
    assert re.search(r"\(\d+\)", html)


def test_a_match_inside_a_pdf_names_the_file(client, corpus):
    html = page(client, "es", q='"generado por Quipu"')
    assert 'class="result__file"' in html
    assert "Lecciones aprendidas del Programa Conjunto" in html
    assert ".pdf" in html or "(PDF)" in html


def test_english_site_finds_spanish_only_page_and_says_so(client, corpus):
    html = page(client, "en", q="ilustraciones demostración")
    assert "Only in Spanish" in html
    assert 'lang="es"' in html


def test_filters_narrow_and_can_be_removed(client, corpus):
    everything = page(client, "es", q="violencia")
    narrowed = page(client, "es", q="violencia", region="piura")
    total = int(re.search(r'role="status">(\d+)', everything).group(1))
    fewer = int(re.search(r'role="status">(\d+)', narrowed).group(1))
    assert total >= VIOLENCE_LESSONS
    assert fewer == IN_PIURA
    assert 'class="active-filters__remove"' in narrowed
    assert 'value="piura" checked' in narrowed


def test_pagination_keeps_the_query_and_filters(client, corpus):
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
    client, corpus, language, typed, corrected, said
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


def test_empty_state_helps(client, corpus):
    html = page(client, "es", q="zzzyyyxxx")
    assert 'class="empty-state"' in html
    assert "VBG" in html


@pytest.fixture
def few_pages(home):
    """A lesson and a training material with a sector, indexed."""
    health = builders.term("sector", "salud")
    builders.lesson(
        title_es="Capacitación en protocolos del CEM",
        statement_es="La capacitación de operadores mejora la atención.",
        relations={"sectors": [health]},
    )
    builders.material(title_es="Curso de capacitación", relations={"sectors": [health]})
    index_everything()


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_input_returns_a_normal_page(client, few_pages, text):
    # No wall-clock limit here (a busy machine is no evidence): bench/search.py measures speed.
    response = client.get("/es/search/", {"q": text, "sector": text[:50], "page": text[:20]})
    assert response.status_code == 200
    assert b"Traceback" not in response.content
    assert response.context["form"] is not None


def test_bad_parameters_are_explained(client, corpus):
    html = page(client, "es", q="cem", page="abc", year_from="2020", year_to="2010")
    assert 'class="notice notice--error"' in html
    assert 'class="result"' in html


def test_search_page_works_without_inline_script(client, corpus):
    html = page(client, "es", q="cem")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "quipu/js/search.js" in html
    assert 'method="get"' in html


def test_spanish_address_redirects_to_the_search_page(client):
    response = client.get("/es/buscar/", {"q": "cem"})
    assert response.status_code == 302
    assert response["Location"] == "/es/search/?q=cem"


def test_autocomplete_returns_titles_as_json(client, corpus):
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


def test_searches_are_counted_for_editors_with_accents_folded(client, corpus):
    page(client, "es", q="Capacitaciòn")
    # Another visitor: one visitor's repeated search counts once a day.
    page(Client(), "es", q="capacitación")
    analytics.flush()
    assert Query.objects.get(query_string="capacitacion").hits == 2
    page(client, "en", q="zzzyyyxxx")
    analytics.flush()
    assert ZeroResultQuery.objects.get(query_string="zzzyyyxxx", language="en").hits == 1


def test_promoted_result_comes_first_unless_private(client, corpus):
    target = corpus["programme"]
    query = Query.get("piloto")
    SearchPromotion.objects.create(query=query, page=target, description="Empiece aquí.")
    html = page(client, "es", q="Piloto")
    assert 'class="result result--promoted"' in html
    assert "Empiece aquí." in html
    PageViewRestriction.objects.create(page=target, restriction_type="login")
    assert 'result--promoted"' not in page(client, "es", q="Piloto")


@pytest.mark.parametrize(("language", "text"), [("es", "Capacitaciòn"), ("en", "GBV")])
def test_search_page_on_elasticsearch(
    client, settings, corpus, fresh_elasticsearch, language, text
):
    from search import get_engine
    from search.indexing import all_documents
    from search.query import SearchQuery

    fresh_elasticsearch.rebuild(list(all_documents()))
    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {
        **backends["elasticsearch"],
        "URL": fresh_elasticsearch.url,
        "INDEX": fresh_elasticsearch.alias,
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
    client, corpus, language, text, expected
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
def test_autocomplete_completes_an_acronym_as_a_search_for_it(
    client, corpus, language, meaning, label
):
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
        ("es", "cem sal", PROTOCOL_ES, "Protocolo"),
        ("en", "cem heal", PROTOCOL_EN, "Protocol"),
    ],
)
def test_autocomplete_offers_the_protocol_for_an_acronym_and_a_word(
    client, corpus, language, typed, title, label
):
    results = client.get(f"/{language}/search/autocomplete/", {"q": typed}).json()["results"]
    assert results[0]["title"] == title
    assert results[0]["kind"] == label
    assert len({item["url"] for item in results}) == len(results)
