"""The database engine's in-memory bitmaps stay exact as entries come and go."""

from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pyroaring import FrozenBitMap

from search import bitmaps
from search.backends.database import DatabaseSearchBackend
from search.bitmaps import Snapshot
from search.query import SearchQuery
from tests.search import corpus


def test_highest_ids_come_first():
    mask = FrozenBitMap([0, 3, 8, 9, 1000, 250_000])
    assert Snapshot().highest(mask, 2) == [250_000, 1000]
    assert Snapshot().highest(mask, 10) == [250_000, 1000, 9, 8, 3, 0]
    assert Snapshot().highest(mask, 0) == []


def test_newest_are_the_latest_dates_highest_id_first_and_undated_last():
    snapshot = Snapshot(
        {
            "date:2020-01-02": FrozenBitMap([1, 5]),
            "date:2021-03-04": FrozenBitMap([2]),
            "date:": FrozenBitMap([3, 9]),
        }
    )
    everything = FrozenBitMap([1, 2, 3, 5, 9])
    assert snapshot.newest(everything, 10) == [2, 5, 1, 9, 3]
    assert snapshot.newest(everything, 2) == [2, 5]
    assert snapshot.newest(FrozenBitMap([1, 3]), 10) == [1, 3]


def test_a_search_fetches_the_matches_of_all_its_words_combined(db):
    """The database intersects the words' matches and returns only those: one SELECT for
    the whole query (and one for its title matches), not every word's matches."""
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    query = SearchQuery(text="capacitación operadores talleres", language="es")
    assert len(query.clauses) == 3
    backend.search(query)  # the bitmaps loaded
    bitmaps.bitmaps_for("default").matches.clear()
    with CaptureQueriesContext(connection) as captured:
        results = backend.search(query)
    assert results.total >= 1
    matching = [
        q["sql"] for q in captured if "group_concat(rowid)" in q["sql"] or "string_agg" in q["sql"]
    ]
    assert len(matching) == 2
    assert all(sql.count("SELECT") == 1 for sql in matching), matching


@pytest.fixture
def backend(db, monkeypatch):
    # Every word cached, as the common words of a large collection are.
    monkeypatch.setattr(bitmaps, "MIN_CACHED_MATCHES", 0)
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    return backend


def sectors(backend, text):
    results = backend.search(SearchQuery(text=text, language="es"))
    return results.total, {facet.value: facet.count for facet in results.facets.get("sector", [])}


def test_removed_entries_leave_cached_matches(backend):
    total, counts = sectors(backend, "salud")
    backend.remove(["page:900001"])
    after_total, after_counts = sectors(backend, "salud")
    assert after_total == total - 1
    assert after_counts["salud"] == counts["salud"] - 1


def test_reindexed_entries_are_matched_by_their_new_words(backend):
    assert sectors(backend, "salud")[0] > 0
    document = corpus.documents()[0]
    document.body = "Texto nuevo quipunuevo."
    document.summary = ""
    document.title = "Título nuevo"
    backend.index([document])
    assert sectors(backend, "quipunuevo")[0] == 1
    assert "page:900001:es" not in [
        hit.key for hit in backend.search(SearchQuery(text="talleres", language="es")).hits
    ]


def test_rebuild_in_worker_processes_writes_what_an_inline_rebuild_writes(db):
    def rebuilt(workers):
        backend = DatabaseSearchBackend(workers=workers)
        backend.clear()
        written = backend.rebuild(iter(corpus.documents()))
        rows = list(
            backend._entries().order_by("key").values_list("key", "fingerprint", "words", "facets")
        )
        found = backend.search(SearchQuery(text="capacitación salud", language="es"))
        return written, rows, found.total, [hit.key for hit in found.hits]

    inline = rebuilt(0)
    assert inline[0] == len(corpus.documents()) and inline[2] > 0
    assert rebuilt(2) == inline


class RolledBack(Exception):
    pass


def test_rolled_back_entries_are_never_counted(backend):
    """Entries a rolled-back transaction wrote leave no trace: not in the transaction's own
    bitmaps once it is gone, never in the process's, whatever is written after."""
    before = sectors(backend, "salud")
    template = corpus.documents()[0]
    rolled_back = replace(template, object_key="page:910001")
    rolled_back.body = "Texto quipuperdido sobre salud."
    with pytest.raises(RolledBack), transaction.atomic():
        backend.index([rolled_back])
        assert sectors(backend, "quipuperdido")[0] == 1
        lost_id = backend._entries().get(key="page:910001:es").id
        assert sectors(backend, "salud")[0] == before[0] + 1
        raise RolledBack
    kept = replace(template, object_key="page:910002", summary="", body="Texto quipuguardado.")
    backend.index([kept])
    assert sectors(backend, "quipuperdido") == (0, {})
    assert sectors(backend, "salud") == before
    assert sectors(backend, "quipuguardado")[0] == 1
    shared = bitmaps._shared.get("default")
    assert shared is None or lost_id not in shared.snapshot.live()


def test_a_worker_loads_the_bitmaps_before_it_serves(db, monkeypatch):
    from django.db import connections

    from config.gunicorn import post_worker_init
    from search.models import IndexEntry

    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    bitmaps.forget()  # a new process: nothing loaded, nothing written by this connection
    assert "default" not in bitmaps._shared
    # A worker closes its connection after loading; here that would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    post_worker_init(worker=None)
    shared = bitmaps._shared["default"]
    assert shared.snapshot.max_id == max(IndexEntry.objects.values_list("id", flat=True))
    assert backend.search(SearchQuery(text="salud", language="es")).total > 0
    assert bitmaps._shared["default"] is shared
