"""The database engine's in-memory bitmaps stay exact as entries come and go."""

import pytest

from search import bitmaps
from search.backends.database import DatabaseSearchBackend
from search.bitmaps import Membership, highest_ids, ids_to_mask, mask_to_ids
from search.query import SearchQuery
from tests.search import corpus


def test_masks_and_ids_round_trip():
    ids = [0, 3, 8, 9, 1000, 250_000]
    mask = ids_to_mask(ids)
    assert mask_to_ids(mask) == ids
    assert highest_ids(mask, 2) == [250_000, 1000]
    membership = Membership(mask)
    assert 1000 in membership and 1001 not in membership and 10**7 not in membership


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
