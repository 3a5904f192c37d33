"""Ranking judged by people's questions: the judged query set on the demo, on every engine.

The queries and what each must find are in tests/search/judged/ (one file per language); the
lowest hit@k accepted per engine and language is in its FLOOR. Each engine's figures and
misses are printed to the terminal whether or not output is captured, so the CI log shows
them, and a failure's message lists the misses too.
"""

import pytest
import yaml
from django.db import connection

from search import get_backend
from search.engine import SearchEngine
from search.indexing import all_documents
from search.management.commands.search_eval import (
    JUDGED_DIR,
    ItemNames,
    evaluate,
    floors,
    load_judgements,
    report,
    scores,
)

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
