"""Spelling on every engine: a clear correction is searched instead, else suggested.

Each test publishes its own pages, with words no demo page has, and asks the SearchEngine on
the database engine (SQLite or PostgreSQL, as the run's database) and on Elasticsearch.
"""

import uuid

import pytest

from core.models import GlossaryTerm
from search.query import SearchQuery
from search.spelling import allowed_edits, distance
from tests.search.test_matching import engine_holding, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    return {
        "femicide": publish(
            home,
            capture,
            "Curso sobre quipufeminicidio en Huamanga",
            "Materiales del curso de quipufeminicidio para operadores.",
            "Course on quipufeminicidio in Huamanga",
            "Materials of the quipufeminicidio course for officials.",
        ),
        "protocol": publish(
            home,
            capture,
            "Quipuprotocolo de atención QZKW",
            "El quipuprotocolo de atención conjunta QZKW.",
            "QZKW care quipuprotocolo",
            "The joint care quipuprotocolo QZKW.",
        ),
        # Two words as close to "quipucasax" as each other: no clear correction.
        "house": publish(home, capture, "Quipucasas del programa Qzuxa", "Quipucasas."),
        "houses": publish(home, capture, "Quipucasan del programa", "Quipucasan."),
    }


@pytest.fixture
def glossary(db):
    return GlossaryTerm.objects.create(
        slug=f"t{uuid.uuid4().hex[:6]}",
        term_es="QZKW",
        term_en="QZKW",
        expansion_es="Quipuprotocolo de prueba",
        expansion_en="Test quipuprotocolo",
    )


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, pages, glossary):
    return engine_holding(request, pages.values())


def search(engine, text, language="es", **options):
    return engine.search(SearchQuery(text=text, language=language), **options)


def keys(results):
    return [hit.object_key for hit in results.hits]


def test_damerau_levenshtein_counts_a_swap_as_one_edit():
    assert distance("protcoolo", "protocolo", 2) == 1
    assert distance("feminisidyo", "feminicidio", 2) == 2
    assert distance("cme", "cem", 1) == 1
    assert distance("ess", "eess", 1) == 1
    assert distance("feminisidyo", "feminicida", 2) == 3
    assert [allowed_edits(word) for word in ("feminisidyo", "salud", "cem")] == [2, 1, 0]
    assert allowed_edits("cme", acronym=True) == 1


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    ("typed", "corrected", "page"),
    [
        # Two typos in one word.
        ("quipufeminisidyo", "quipufeminicidio", "femicide"),
        # Two letters swapped.
        ("quipuprotcoolo", "quipuprotocolo", "protocol"),
        # Two letters swapped in a word of five: one edit.
        ("qzuax", "qzuxa", "house"),
        # A glossary acronym swapped and one letter short: corrected as the glossary writes it.
        ("QKZW", "QZKW", "protocol"),
        ("QXYW", None, None),
        ("ZKW", "QZKW", "protocol"),
        # With another word that is right.
        ("huamanga quipufeminisidio", "huamanga quipufeminicidio", "femicide"),
    ],
)
def test_a_clear_correction_is_searched_instead(engine, pages, language, typed, corrected, page):
    results = search(engine, typed, language)
    if corrected is None:
        assert results.total == 0
        assert not results.corrected
        return
    assert results.corrected == corrected
    assert results.corrected_from == typed
    assert results.suggestions == []
    assert f"page:{pages[page].pk}" in keys(results)


def test_the_words_as_typed_suggest_the_correction(engine, pages):
    results = search(engine, "quipufeminisidyo", correct=False)
    assert results.total == 0
    assert not results.corrected
    assert results.suggestions == ["quipufeminicidio"]


def test_two_corrections_as_good_are_offered_not_searched(engine, pages):
    results = search(engine, "quipucasax")
    assert results.total == 0
    assert not results.corrected
    assert sorted(results.suggestions) == ["quipucasan", "quipucasas"]


def test_a_word_that_finds_something_is_not_corrected(engine, pages):
    results = search(engine, "quipucasas")
    assert results.total == 1
    assert not results.corrected
    assert results.suggestions == []


# Words of a misspelling with one candidate, and of one with eight (one a letter away).
ONE_CANDIDATE = ("quipusolerx", "quipusolera", ["Quipusolera"])
MANY_CANDIDATES = (
    "quipumarcax",
    "quipumarcas",
    [
        "Quipumarcas",
        *(f"Quipumarc{ending}" for ending in ("el", "il", "ol", "ul", "or", "ur", "er")),
    ],
)


@pytest.fixture(params=["database", "elasticsearch"])
def misspelt(request, home, django_capture_on_commit_callbacks):
    words = ONE_CANDIDATE[2] + MANY_CANDIDATES[2]
    pages = [
        publish(home, django_capture_on_commit_callbacks, f"{word} del programa", f"{word}.")
        for word in words
    ]
    return engine_holding(request, pages)


def test_a_misspelling_runs_as_many_queries_with_one_candidate_as_with_many(misspelt, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.spelling import candidates, glossary_words

    # Matches are cached by how many they are, not by how long a busy machine took.
    monkeypatch.setattr("search.bitmaps.MIN_CACHED_SECONDS", float("inf"))
    glossary = glossary_words("es")
    search(misspelt, "quipuprograma")  # the engine's bitmaps loaded
    queries = {}
    for typed, corrected, words in (ONE_CANDIDATE, MANY_CANDIDATES):
        found = candidates(typed, "es", misspelt.primary, glossary)
        assert len(found) == len(words)
        with CaptureQueriesContext(connection) as captured:
            results = search(misspelt, typed)
        assert results.corrected == corrected
        # Statements that read; PostgreSQL's matching also sets its planner option in a
        # savepoint around each one (search/backends/postgres.py), four statements that read
        # nothing.
        queries[typed] = sum(
            not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL"))
            for query in captured.captured_queries
        )
    assert queries[ONE_CANDIDATE[0]] == queries[MANY_CANDIDATES[0]] <= 35, queries
