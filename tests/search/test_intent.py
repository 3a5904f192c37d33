"""Queries as people ask them: question words, type words and ordinals, on both engines.

Each test publishes its own pages, with words no demo page has, and asks the SearchEngine
on the database engine and on Elasticsearch in turn.
"""

import datetime

import pytest
from django.utils import translation

from knowledge.models import EventPage
from knowledge.search import ordinal_groups
from search.intent import ANSWER_BOOST, TYPE_BOOST, kinds_named, type_factor, understood
from search.query import SearchQuery, parse
from search.synonyms import SynonymIndex, expand
from tests.search.test_matching import engine_holding, publish

pytestmark = pytest.mark.django_db


def words_of(clauses):
    return [" ".join(clause.original) for clause in clauses]


def test_question_words_carry_no_matching_weight_in_either_language():
    clauses, _kinds = understood(parse("qué hacer cuando el personal detecta un caso"))
    assert words_of(clauses) == ["el", "personal", "detecta", "un", "caso"]
    clauses, _kinds = understood(parse("how should staff report a case"))
    assert words_of(clauses) == ["staff", "report", "a", "case"]
    # Only question words: they are what was asked, and are kept.
    clauses, _kinds = understood(parse("what is"))
    assert words_of(clauses) == ["what", "is"]
    # Words that only look like one are not dropped.
    clauses, _kinds = understood(parse("significant information"))
    assert words_of(clauses) == ["significant", "information"]


def test_type_words_name_kinds_in_both_languages_plurals_and_accents_aside():
    assert kinds_named(parse("piloto piura")) == (("pilot", TYPE_BOOST),)
    assert kinds_named(parse("Eventos en Junín")) == (("event", TYPE_BOOST),)
    assert kinds_named(parse("lessons learned")) == (("lesson", TYPE_BOOST),)
    assert dict(kinds_named(parse("cursos feminicidio"))) == {
        "event": TYPE_BOOST,
        "trainingmaterial": TYPE_BOOST,
    }
    # A question word naming a kind names the kind of answer wanted.
    assert kinds_named(parse("que significa EESS")) == (("glossary", ANSWER_BOOST),)
    assert kinds_named(parse("what does HF mean")) == (("glossary", ANSWER_BOOST),)
    assert kinds_named(parse("violencia en Piura")) == ()
    assert type_factor("pilot", (("pilot", TYPE_BOOST),)) == TYPE_BOOST
    assert type_factor("event", (("pilot", TYPE_BOOST),)) == 1.0


def test_ordinals_in_words_and_in_numbers_are_synonyms():
    index = SynonymIndex.build(ordinal_groups(), "es")
    clauses = expand(parse("curso segunda edición"), index, "es")
    assert ("2.ª",) in clauses[1].alternatives
    assert ("2nd",) in clauses[1].alternatives
    index = SynonymIndex.build(ordinal_groups(), "en")
    clauses = expand(parse("first edition"), index, "en")
    assert ("1st",) in clauses[0].alternatives


@pytest.fixture
def pages(home, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    event = EventPage(
        title_es="Reunión quipuzorro de Quiputierra",
        slug_es="reunion-quipuzorro",
        title_en="Quipuzorro meeting in Quiputierra",
        slug_en="quipuzorro-meeting",
        intro_es="Reunión de trabajo sobre el quipuzorro.",
        intro_en="A working meeting of the quipuzorro organizers and CSOs.",
        kind="workshop",
        start_date=datetime.date(2019, 5, 1),
    )
    home.add_child(instance=event)
    with capture(execute=True):
        event.save_revision().publish()
    return {
        "event": event,
        # It says "evento" in its text, the event does not: without its type label indexed,
        # the event is not found; ranked by words alone, it comes second.
        "page": publish(
            home,
            capture,
            "Notas de Quiputierra sobre el quipuzorro",
            "Lo que se dijo en el evento del quipuzorro.",
            "Notes of Quiputierra on the quipuzorro",
            "What was said at the quipuzorro event.",
        ),
        "course": publish(
            home,
            capture,
            "Quipucurso formativo, 2.ª edición",
            "Segunda convocatoria del quipucurso.",
            "Quipucourse, 2nd edition",
            "The quipucourse, once more.",
        ),
    }


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, pages):
    return engine_holding(request, pages.values())


def ask(engine, text, language):
    with translation.override(language):
        return engine.search(SearchQuery(text=text, language=language))


@pytest.mark.parametrize(
    ("text", "language"),
    [("evento quipuzorro", "es"), ("eventos Quiputierra", "es"), ("quipuzorro events", "en")],
)
def test_a_type_word_matches_the_type_and_ranks_items_of_that_type_first(
    engine, pages, text, language
):
    results = ask(engine, text, language)
    assert [hit.object_key for hit in results.hits][:2] == [
        f"page:{pages['event'].pk}",
        f"page:{pages['page'].pk}",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("qué significa quipuzorro", "es"),
        ("¿dónde fue la reunión quipuzorro?", "es"),
        ("where was the quipuzorro meeting", "en"),
        # Words that only say what is wanted: finding it, or something about it.
        ("where can I find the quipuzorro meeting", "en"),
        ("a meeting about quipuzorro", "en"),
        ("dónde puedo encontrar la reunión quipuzorro", "es"),
        ("busco la reunión acerca del quipuzorro", "es"),
    ],
)
def test_a_question_finds_what_its_other_words_find(engine, pages, text, language):
    results = ask(engine, text, language)
    assert f"page:{pages['event'].pk}" in [hit.object_key for hit in results.hits]


@pytest.mark.parametrize(
    ("text", "language"), [("quipucurso segunda edición", "es"), ("quipucourse second", "en")]
)
def test_an_edition_is_found_by_its_ordinal_in_words(engine, pages, text, language):
    results = ask(engine, text, language)
    assert [hit.object_key for hit in results.hits] == [f"page:{pages['course'].pk}"]


def test_british_and_american_spellings_and_acronym_plurals_are_alternatives():
    from search.synonyms import variants, with_spellings

    assert variants("organisations") == ["organizations"]
    assert variants("institutionalizing") == ["institutionalising"]
    assert variants("centre") == ["center"]
    assert variants("programme") == ["program"]
    assert variants("CSOs") == ["cso"]
    assert variants("CSO") == ["csos"]
    assert variants("EESS") == []
    assert variants("protocolo") == []
    (clause,) = with_spellings(parse("organisation"))
    assert clause.wordings_in("en") == [("organisation",), ("organization",)]
    assert clause.wordings_in("es") == [("organisation",)]


@pytest.mark.parametrize("text", ["quipuzorro organisers", "quipuzorro CSO"])
def test_a_word_written_another_way_finds_the_text(engine, pages, text):
    results = ask(engine, text, "en")
    assert f"page:{pages['event'].pk}" in [hit.object_key for hit in results.hits]
