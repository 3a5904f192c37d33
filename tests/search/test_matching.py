# ruff: noqa: F811
"""What a search matches, as people type it, on the database engine and on Elasticsearch.

Each test publishes its own pages, with words no demo page has, and asks the SearchEngine
(glossary, stop words and partial matches included) on each engine in turn.
"""

import pytest
from django.utils.text import slugify
from freezegun import freeze_time

from core.models import StandardPage
from search import get_backend
from search.engine import SearchEngine
from search.query import SearchQuery, parse, without_stop_words
from tests.search.conftest import make_elasticsearch_backend

# The versioned work of test_versions, a fixture: tests naming it as an argument redefine it.
from tests.search.test_versions import work  # noqa: F401

pytestmark = pytest.mark.django_db


def publish(home, capture, title_es, intro_es, title_en="", intro_en=""):
    page = StandardPage(
        title_es=title_es,
        slug_es=slugify(title_es)[:50],
        intro_es=intro_es,
        title_en=title_en or None,
        slug_en=slugify(title_en)[:50] if title_en else None,
        intro_en=intro_en,
    )
    home.add_child(instance=page)
    with capture(execute=True):
        page.save_revision().publish()
    return page


@pytest.fixture
def pages(home, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    return {
        "care": publish(
            home,
            capture,
            "Atención quipusobrevivientes en establecimientos de salud",
            "Cómo atender en los establecimientos de salud a las mujeres quipusobrevivientes.",
            "Care for quipusurvivors in health facilities",
            "How health facilities care for the quipusurvivors of violence.",
        ),
        "courses": publish(
            home,
            capture,
            "Cursos quipucursos para jueces y fiscales",
            "Cursos de procesamiento de casos para jueces y fiscales; quipucomun.",
            "Quipucourses for judges and prosecutors",
            "Courses on case processing for the judges and the prosecutors.",
        ),
        # Spanish only: on the English site its Spanish text is searched as Spanish.
        "spanish": publish(
            home,
            capture,
            "Mesa quipumesa de concertación en Huamanga",
            "La mesa de concertación de Huamanga revisó la ruta de atención; quipucomun.",
        ),
    }


def engine_holding(request, pages):
    """The search engine the fixture's parameter names, holding these pages."""
    if request.param == "database":
        engine = SearchEngine(get_backend("database"))
    else:
        request.getfixturevalue("elasticsearch_url")
        backend = make_elasticsearch_backend()
        request.addfinalizer(lambda: _drop(backend))
        engine = SearchEngine(backend, get_backend("database"))
    engine.sync([f"page:{page.pk}" for page in pages])
    return engine


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, pages):
    return engine_holding(request, pages.values())


def _drop(backend):
    from tests.search.conftest import drop_indices

    drop_indices(backend)


def titles(results):
    return [hit.title for hit in results.hits]


def test_stop_words_count_by_the_language_of_the_text():
    english_site = ("en", "es")
    assert without_stop_words(parse("care in the health"), english_site) == parse("care health")
    # "de" is a Spanish stop word: on the English site it is not required of English text.
    assert without_stop_words(parse("violencia de genero"), english_site) == parse(
        "violencia genero"
    )
    assert without_stop_words(parse("the of and"), english_site) == ()
    assert without_stop_words(parse("protocolo en salud"), ("es",)) == parse("protocolo salud")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("care for quipusurvivors in health facilities", "care"),
        ("quipucourses for judges and prosecutors", "courses"),
        ("the quipucourses of the judges", "courses"),
        # Spanish text on the English site: Spanish stop words do not stand in the way.
        ("mesa de concertacion quipumesa", "spanish"),
    ],
)
def test_english_questions_with_stop_words_find_their_pages(engine, pages, text, expected):
    results = engine.search(SearchQuery(text=text, language="en"))
    assert results.total == 1
    assert results.hits[0].object_key == f"page:{pages[expected].pk}"


def test_spanish_question_with_stop_words(engine, pages):
    results = engine.search(SearchQuery(text="cursos para los jueces y fiscales quipucursos"))
    assert [hit.object_key for hit in results.hits] == [f"page:{pages['courses'].pk}"]


def test_a_word_no_page_has_leaves_the_best_partial_matches(engine, pages):
    results = engine.search(SearchQuery(text="quipucursos jueces zzquipunada", language="es"))
    assert results.total == 0
    partial = results.partial
    assert partial is not None
    assert partial.words == ["quipucursos", "jueces"]
    assert partial.missing == ["zzquipunada"]
    assert [hit.object_key for hit in partial.hits] == [f"page:{pages['courses'].pk}"]


def test_words_never_found_together_offer_the_largest_group_found(engine, pages):
    # Each word is on a page, but no page has all three.
    results = engine.search(SearchQuery(text="quipucursos fiscales quipusobrevivientes"))
    assert results.total == 0
    partial = results.partial
    assert partial.words == ["quipucursos", "fiscales"]
    assert partial.missing == []
    assert {hit.object_key for hit in partial.hits} == {f"page:{pages['courses'].pk}"}


def test_partial_matches_follow_the_results_for_all_words(engine, pages):
    results = engine.search(SearchQuery(text="quipucomun quipucursos"))
    assert [hit.object_key for hit in results.hits] == [f"page:{pages['courses'].pk}"]
    # The other page with one of the words follows, the one shown above is not repeated.
    assert results.partial.words == ["quipucomun"]
    assert [hit.object_key for hit in results.partial.hits] == [f"page:{pages['spanish'].pk}"]


def test_no_partial_matches_when_no_word_matches(engine, pages):
    results = engine.search(SearchQuery(text="zzquipunada zzquipuotra"))
    assert results.total == 0
    assert results.partial is None


def test_partial_matches_keep_private_pages_out(engine, pages):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=pages["courses"], restriction_type="login")
    engine.sync([f"page:{pages['courses'].pk}"])
    results = engine.search(SearchQuery(text="quipucursos fiscales zzquipunada"))
    assert results.total == 0
    if results.partial is not None:
        assert "quipucursos" in results.partial.missing
        assert f"page:{pages['courses'].pk}" not in {h.object_key for h in results.partial.hits}


def test_search_page_introduces_partial_matches(client, pages):
    for language, text, heading in (
        ("es", "quipucursos jueces zzquipunada", "Resultados para algunas de sus palabras"),
        ("en", "quipucourses judges zzquipunada", "Results for some of your words"),
    ):
        response = client.get(f"/{language}/search/", {"q": text})
        html = response.content.decode()
        assert response.status_code == 200
        assert heading in html
        assert 'class="partial-results"' in html
        assert "zzquipunada" in html
        assert 'class="result"' in html


@pytest.fixture(params=["database", "elasticsearch"])
def versions_engine(request, work):
    """The search engine, on each engine, holding the versioned work of test_versions."""
    return engine_holding(request, [work])


@freeze_time("2024-06-01")
def test_matches_only_in_other_versions_are_counted_by_status(versions_engine):
    results = versions_engine.search(SearchQuery(text="quipuantiguo"))
    assert results.total == 0
    assert results.other_versions == {"superseded": 1}
    results = versions_engine.search(SearchQuery(text="quipufuturo"))
    assert results.other_versions == {"not_yet_in_force": 1}
    # Found in force and in the other versions: those are counted beside the result.
    results = versions_engine.search(SearchQuery(text="quipuversionado"))
    assert results.total == 1
    assert results.other_versions == {"superseded": 1, "not_yet_in_force": 1}
    included = versions_engine.search(SearchQuery(text="quipuantiguo", include_versions=True))
    assert included.total == 1
    assert included.other_versions == {}


@freeze_time("2024-06-01")
def test_zero_results_page_names_other_versions_and_offers_the_filter(client, work):
    for language, text, link in (
        ("es", "1 coincidencia en versiones anteriores o futuras", "Incluirlas en los resultados"),
        ("en", "1 match in earlier or future versions", "Include them in the results"),
    ):
        html = client.get(f"/{language}/search/", {"q": "quipuantiguo"}).content.decode()
        assert text in html
        assert link in html
        assert "versions=on" in html
        assert 'name="versions"' in html
        assert 'class="result"' not in html


def test_a_page_past_the_end_shows_the_last_page(client, pages):
    response = client.get("/es/search/", {"q": "quipucomun", "page": "7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No hay una página 7 de estos resultados" in html
    assert 'class="result"' in html
    assert "Nada coincidió" not in html
    html = client.get("/en/search/", {"q": "quipucomun", "page": "3"}).content.decode()
    assert "There is no page 3 of these results; this is the last one, page 1." in html


@pytest.fixture
def pilot(home, django_capture_on_commit_callbacks):
    import datetime

    from core.models import Topic
    from knowledge.models import PilotPage, PilotPractice, WorkingGroup

    topic = Topic.objects.create(
        name_es="Quipuzorro temático", name_en="Quipufox theme", slug="quipuzorro"
    )
    page = PilotPage(
        title_es="Piloto de prueba",
        title_en="Test pilot",
        slug_es="piloto-de-prueba-etiquetas",
        slug_en="test-pilot-labels",
        intro_es="Un piloto.",
        intro_en="A pilot.",
        start_date=datetime.date(2019, 1, 1),
    )
    home.add_child(instance=page)
    page.topics.add(topic)
    page.practices.add(
        PilotPractice(name_es="Derivación quipupractica", name_en="Quipupractice referral")
    )
    page.working_groups.add(WorkingGroup(name_es="Mesa quipugrupo", name_en="Quipugroup table"))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "quipuzorro temático"),
        ("en", "quipufox theme"),
        ("es", "derivación quipupractica"),
        ("en", "quipupractice referral"),
        ("es", "mesa quipugrupo"),
        ("en", "quipugroup table"),
    ],
)
def test_labels_people_read_on_a_page_find_it(pilot, language, text):
    results = SearchEngine(get_backend("database")).search(
        SearchQuery(text=text, language=language)
    )
    assert [hit.object_key for hit in results.hits] == [f"page:{pilot.pk}"]


def test_labels_are_indexed_on_elasticsearch(pilot, fresh_elasticsearch):
    engine = SearchEngine(fresh_elasticsearch, get_backend("database"))
    engine.sync([f"page:{pilot.pk}"])
    for language, text in (("es", "quipuzorro"), ("en", "quipugroup"), ("en", "quipupractice")):
        results = engine.search(SearchQuery(text=text, language=language))
        assert results.engine == "elasticsearch"
        assert [hit.object_key for hit in results.hits] == [f"page:{pilot.pk}"]


@freeze_time("2024-06-01")
@pytest.mark.parametrize(
    ("language", "text", "status"),
    [
        ("es", "quipuversionado vigente", "in_force"),
        ("en", "quipuversionado in force", "in_force"),
        ("es", "quipuversionado sustituida", "superseded"),
        ("en", "quipuversionado superseded", "superseded"),
    ],
)
def test_status_words_find_versions_with_that_status(versions_engine, language, text, status):
    results = versions_engine.search(
        SearchQuery(text=text, language=language, include_versions=True)
    )
    # "Aprobada, aún no vigente" holds "vigente" too: the version with the status comes first.
    assert results.hits[0].status == status
    assert "superseded" not in {hit.status for hit in results.hits} - {status}


# Ranking


def ranked(engine, text, language="es", **options):
    results = engine.search(SearchQuery(text=text, language=language, **options))
    return [(hit.object_key, hit.status) for hit in results.hits]


@pytest.fixture
def rivals(work, home, django_capture_on_commit_callbacks):
    """Pages that name the work as much as it names itself: a listing and an article."""
    from protocols_library.models import ProtocolLibraryPage

    library = ProtocolLibraryPage(
        title_es="Protocolos quipuversionado", slug_es="protocolos-quipuversionado"
    )
    home.add_child(instance=library)
    notes = publish(
        home,
        django_capture_on_commit_callbacks,
        "Protocolo quipuversionado: notas",
        "Notas sobre el protocolo quipuversionado.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()
    return {"library": library, "notes": notes}


@pytest.fixture(params=["database", "elasticsearch"])
def ranking_engine(request, work, rivals):
    return engine_holding(request, [work, *rivals.values()])


@freeze_time("2024-06-01")
def test_protocol_in_force_ranks_first_and_the_listing_last(ranking_engine, work, rivals):
    found = [key for key, _status in ranked(ranking_engine, "protocolo quipuversionado")]
    assert found[0] == f"page:{work.pk}"
    assert found[-1] == f"page:{rivals['library'].pk}"


@freeze_time("2024-06-01")
def test_version_in_force_ranks_above_superseded_and_future_ones(ranking_engine, work):
    found = ranked(ranking_engine, "quipuversionado", include_versions=True)
    work_versions = [status for key, status in found if key == f"page:{work.pk}"]
    assert work_versions[0] == "in_force"
    assert sorted(work_versions[1:]) == ["not_yet_in_force", "superseded"]


@pytest.fixture
def acronym_pages(home, django_capture_on_commit_callbacks):
    """A page about a subject, and a page that spells out each of the subject's acronyms once,
    as the glossary does, with the other words of the question in passing."""
    from core.models import GlossaryTerm

    GlossaryTerm.objects.create(
        slug="quipuclinicas",
        term_es="QZCS",
        expansion_es="Quipuclinicas de salud",
        synonyms_es="QZEE, QZPS",
        term_en="QZHC",
        expansion_en="Quipuclinics",
    )
    capture = django_capture_on_commit_callbacks
    return {
        "subject": publish(
            home,
            capture,
            "Atención en las quipuclinicas de salud",
            "Cómo atender a las quipusobrevivientes en las quipuclinicas de salud.",
        ),
        "acronyms": publish(
            home,
            capture,
            "Siglas quiputerminos",
            "QZCS, QZEE y QZPS: quipuclinicas de salud. Atención de quipusobrevivientes.",
        ),
    }


@pytest.fixture(params=["database", "elasticsearch"])
def acronym_engine(request, acronym_pages):
    return engine_holding(request, acronym_pages.values())


def test_a_words_acronyms_weigh_as_the_word_not_as_rare_words(acronym_engine, acronym_pages):
    found = ranked(acronym_engine, "atención quipusobrevivientes en quipuclinicas de salud")
    assert [key for key, _status in found] == [
        f"page:{acronym_pages['subject'].pk}",
        f"page:{acronym_pages['acronyms'].pk}",
    ]


def test_current_edition_ranks_above_the_earlier_one(home, django_capture_on_commit_callbacks):
    from knowledge.models import TrainingMaterialPage
    from tests import builders

    material = TrainingMaterialPage(
        title_es="Curso quipuedicion",
        slug_es="curso-quipuedicion",
        material_kind="course",
        intro_es="Curso quipuedicion para operadores, con casos y ejercicios prácticos.",
    )
    home.add_child(instance=material)
    with django_capture_on_commit_callbacks(execute=True):
        material.save_revision().publish()
        first = builders.edition(
            material, edition_es="1.ª edición", edition_date="2017-01-01", revision=True
        )
        builders.edition(
            material, edition_es="2.ª edición", edition_date="2019-01-01", revision=True
        )
    engine = SearchEngine(get_backend("database"))
    # The material's address answers with its current edition; the earlier one is found when
    # earlier versions are included, labelled with its edition, at its permanent address.
    current = engine.search(SearchQuery(text="quipuedicion")).hits
    assert [(hit.object_key, hit.is_current) for hit in current] == [(f"page:{material.pk}", True)]
    assert "2.ª edición" in current[0].title or current[0].url == material.url_in("es")
    every = engine.search(SearchQuery(text="quipuedicion", include_versions=True)).hits
    assert [hit.is_current for hit in every] == [True, False]
    assert every[1].url == material.version_url(first, "es")
    assert "1.ª edición" in every[1].title
    # A "primera edición" search finds the first edition by its label.
    ordinal = engine.search(SearchQuery(text="quipuedicion primera", include_versions=True)).hits
    assert ordinal and ordinal[0].url == material.version_url(first, "es")
