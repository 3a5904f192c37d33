"""PostgreSQL: the search vectors in their narrow table, and the move of an earlier index.

Up to migration 0007 the vectors were columns of the entry; 0008 moves them to a table of
their own. An index written the earlier way must answer exactly as one written today, without
a rebuild; and deleting entries, whoever deletes them, must delete their vectors.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends.database import DatabaseSearchBackend
from search.backends.writer import prepare_batch
from search.bitmaps import forget
from tests.search import corpus
from tests.search.test_contract import BackendContract

pytestmark = pytest.mark.database_vendor("postgresql")

QUERIES = [
    ("capacitación", "es", {}),
    ("capacitación Ayacucho", "es", {}),
    ("protocolos", "es", {}),
    ("GBV", "es", {}),
    ('"actuación conjunta"', "es", {}),
    ("OFR", "es", {}),
    ("protocolo", "es", {"include_versions": True}),
    ("VBG", "en", {}),
    ("centre", "en", {}),
    ("trainings", "en", {}),
]

# How the previous release wrote an entry: its vectors in the entry's own row.
EARLIER_INSERT = (
    "INSERT INTO quipu_search_indexentry (key, object_key, language, kind, is_current, date, "
    "status, facets, document, attachment_ids, words, fingerprint, updated_at, search_vector, "
    "head_vector, prefix_vector) VALUES (%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, "
    "%s, %s, now(), %s::tsvector, %s::tsvector, %s::tsvector)"
)


def answers(backend):
    forget()
    found = {}
    for text, language, options in QUERIES:
        results = BackendContract().search(backend, text, language=language, **options)
        facets = {
            name: [(count.value, count.count) for count in counts]
            for name, counts in results.facets.items()
        }
        found[(text, language)] = ([hit.key for hit in results.hits], results.total, facets)
    return found


def migrate(target):
    MigrationExecutor(connection).migrate([("quipu_search", target)])


def count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def test_an_index_written_before_the_move_answers_the_same_after_it(db):
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    expected = answers(backend)
    assert all(total for _keys, total, _facets in expected.values())

    migrate("0007_promotion_translation")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM quipu_search_indexentry")
        entries = prepare_batch(corpus.documents(), "postgresql")
        cursor.executemany(EARLIER_INSERT, [(*entry.row, *entry.fulltext) for entry in entries])
    migrate("0008_narrow_vectors")

    assert count("quipu_search_vectors") == count("quipu_search_indexentry") == len(entries)
    assert answers(backend) == expected


def test_vectors_leave_with_their_entries(db):
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    entries = count("quipu_search_indexentry")
    assert count("quipu_search_vectors") == entries

    backend.remove(["page:900001"])
    assert count("quipu_search_vectors") == count("quipu_search_indexentry") < entries
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE quipu_search_indexentry")
    assert count("quipu_search_vectors") == 0


def test_matches_are_read_through_the_index_even_where_a_scan_looks_cheaper(db):
    """On a small table the planner prefers reading every row; the engine never does."""
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    plans = []

    def explained(execute, sql, params, many, context):
        if "quipu_search_vectors WHERE" in sql and not sql.startswith("EXPLAIN"):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                plans.append("\n".join(line for (line,) in cursor.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explained):
        answers(backend)
    assert plans
    assert not [plan for plan in plans if "Seq Scan" in plan]
