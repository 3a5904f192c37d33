"""Ranking judged by people's questions: the judged query set on the demo, on every engine.

The queries and what each must find are in tests/search/judged/ (one file per language); the
lowest hit@k accepted per engine and language is in its FLOOR. Each engine's figures and
misses are printed to the terminal whether or not output is captured, so the CI log shows
them, and a failure's message lists the misses too.
"""

import pytest
import yaml
from django.db import connection

from bench.relevance import (
    JUDGED_DIR,
    ItemNames,
    evaluate,
    floors,
    load_judgements,
    report,
    scores,
)
from search import get_backend
from search.engine import SearchEngine
from search.indexing import all_documents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_demo")]


def judge(engine, engine_name, capsys):
    """Runs the set on `engine`, prints the figures and misses, and checks them against FLOOR."""
    judgements = load_judgements()
    outcomes = evaluate(engine, judgements)
    lines = []
    report(engine_name, outcomes, lines.append)
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not any(outcome.fallback for outcome in outcomes), f"{engine_name} did not answer"
    by_language, _overall = scores(outcomes)
    floor = floors()[engine_name]
    below = {
        language: f"{score.percent:.1f} % < {floor[language]} %"
        for language, score in by_language.items()
        if score.percent < floor[language]
    }
    assert not below, f"hit@k below the floor on {engine_name}: {below}\n" + "\n".join(lines)


def test_every_expected_item_is_in_the_demo_index():
    """A renamed slug or a typo in the judged files fails here, not as a silent miss."""

    class Entry:
        def __init__(self, document):
            self.object_key = document.object_key
            self.key = document.key

    names = ItemNames()
    indexed = {names(Entry(document)) for document in all_documents()}
    expected = {item for judgement in load_judgements() for item in judgement.expect}
    assert sorted(expected - indexed) == []


def test_the_set_is_large_and_balanced():
    judgements = load_judgements()
    languages = {judgement.language for judgement in judgements}
    assert languages == {"es", "en"}
    for language in languages:
        assert sum(judgement.language == language for judgement in judgements) >= 40
    assert len({(j.language, j.text.casefold()) for j in judgements}) == len(judgements)


def test_floor_names_every_engine_and_language():
    floor = yaml.safe_load((JUDGED_DIR / "FLOOR").read_text())
    for engine_name in ("sqlite", "postgresql", "elasticsearch"):
        assert set(floor[engine_name]) == {"es", "en"}
        assert all(0 <= value <= 100 for value in floor[engine_name].values())


def test_judged_queries_on_the_database_engine(capsys):
    judge(SearchEngine(get_backend("database")), connection.vendor, capsys)


def test_judged_queries_on_elasticsearch(elasticsearch_demo, capsys):
    judge(SearchEngine(elasticsearch_demo), "elasticsearch", capsys)


def engines(request):
    """The database engine, and Elasticsearch (with the database as fallback) on the demo."""
    found = [("database", SearchEngine(get_backend("database")))]
    backend = request.getfixturevalue("elasticsearch_demo")
    found.append(("elasticsearch", SearchEngine(backend)))
    return found


def first_hit(engine, text, language, versions=False):
    from django.utils import translation

    from search.forms import SearchForm

    params = {"q": text, **({"versions": "on"} if versions else {})}
    with translation.override(language):
        results = engine.search(SearchForm(params).search_query(language))
    return results.hits[0] if results.hits else None


def test_a_protocols_name_in_either_language_puts_it_in_force_first(request):
    from protocols_library.models import ProtocolWorkPage

    works = list(ProtocolWorkPage.objects.live())
    assert works
    wrong = []
    for engine_name, engine in engines(request):
        for work in works:
            for language in ("es", "en"):
                title = getattr(work, f"title_{language}") or work.title
                for versions in (False, True):
                    hit = first_hit(engine, title, language, versions)
                    if (
                        hit is None
                        or hit.object_key != f"page:{work.pk}"
                        or not hit.is_current
                        or hit.status != "in_force"
                    ):
                        wrong.append((engine_name, language, versions, title, hit and hit.key))
    assert wrong == []


def test_words_of_the_demo_never_find_nothing_when_some_of_them_match(request):
    """Words from the titles of many items, which no item holds all together: the page
    shows the best results for some of them."""
    seen, chosen = set(), {"es": [], "en": []}
    for document in sorted(all_documents(), key=lambda document: document.key):
        if not document.is_current:
            continue
        for word in document.title.split():
            word = word.strip(".,:;()").lower()
            if len(word) >= 7 and word.isalpha() and word not in seen:
                seen.add(word)
                chosen[document.language].append(word)
                break
    for engine_name, engine in engines(request):
        for language, words in chosen.items():
            for size in (3, 6, 12):
                text = " ".join(words[:size])
                from django.utils import translation

                from search.forms import SearchForm

                with translation.override(language):
                    results = engine.search(SearchForm({"q": text}).search_query(language))
                shown = results.hits or (results.partial.hits if results.partial else [])
                assert shown, f"{engine_name} /{language}/ {text!r}: nothing"
