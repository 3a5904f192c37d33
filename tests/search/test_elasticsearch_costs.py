"""What the Elasticsearch engine does to answer and to index for less, on a real node.

A page of results asked again comes from the node's request cache, and a write makes the
next search see it; a file's text is searched but kept once in the stored document; the
document's plain form is built without deep copies and is what it always was, so stored
fingerprints stay valid. A phrase holding a stop word reads indexed word pairs, and an index
built with another mapping or analysis is not searched until it is rebuilt. With no facet
chosen, one aggregation counts every facet, and a search is one pass over the matches.
"""

import dataclasses
import datetime

import pytest

from search.backends.base import SearchUnavailable
from search.backends.database import DatabaseSearchBackend
from search.documents import Attachment, PageDocument, SearchDocument
from search.faceted import alternative_query, search_request
from search.query import Filters, SearchQuery


def _document(number, title, body="", attachments=()):
    return SearchDocument(
        object_key=f"page:{950000 + number}",
        language="es",
        kind="lesson",
        url=f"/es/costs/{number}/",
        title=title,
        body=body,
        attachments=list(attachments),
        date=datetime.date(2020, 1, number),
        facets={"topic": ("atencion",)},
    )


def _request_cache_hits(backend):
    stats = backend.client.indices.stats(index=backend.alias, metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


def _keys(results):
    return [hit.key for hit in results.hits]


def test_a_page_asked_again_comes_from_the_request_cache_and_a_write_is_seen(
    fresh_elasticsearch,
):
    backend = fresh_elasticsearch
    backend.index([_document(1, "Protocolo de atención"), _document(2, "Taller de atención")])
    query = SearchQuery(text="atención", language="es")
    first = backend.search(query)
    before = _request_cache_hits(backend)
    again = backend.search(query)
    # The page of hits with its counts, one request: answered from the cache.
    assert _request_cache_hits(backend) - before == 1
    assert _keys(again) == _keys(first)
    assert again.total == first.total == 2

    backend.index([_document(3, "Guía de atención")])
    after_write = backend.search(query)
    assert after_write.total == 3
    assert "page:950003:es" in _keys(after_write)


def test_a_search_is_one_pass_over_the_matches_and_the_weights_still_rank(fresh_elasticsearch):
    """The page, the total and the facets come from one query of the node (asking the page
    and the counts apart went through every match twice); the best matches by text are then
    rescored, so an item's weight and a title holding every word still rank it first."""
    backend = fresh_elasticsearch
    light, plain, titled = (
        _document(number, title, body="ruta de atención integral")
        for number, title in ((21, "Guía"), (22, "Informe"), (23, "Ruta de atención integral"))
    )
    light.weight = 0.5
    backend.index([light, plain, titled])
    query = SearchQuery(text="ruta atención integral", language="es")

    def queries():
        stats = backend.client.indices.stats(index=backend.alias, metric="search")
        return stats["_all"]["total"]["search"]["query_total"]

    before = queries()
    results = backend.search(query)
    assert queries() - before == 1
    assert _keys(results) == ["page:950023:es", "page:950022:es", "page:950021:es"]
    assert results.total == 3
    assert results.facets["topic"][0].count == 3


def test_a_file_s_text_is_searched_but_stored_once(fresh_elasticsearch):
    backend = fresh_elasticsearch
    attachment = Attachment(
        document_id=1,
        title="Anexo",
        url="/documents/1/anexo.pdf",
        language="es",
        extension="pdf",
        text="Acta de la reunión con el equipo de Quillabamba.",
    )
    document = _document(1, "Informe anual", body="Resumen.", attachments=[attachment])
    backend.index([document])
    results = backend.search(SearchQuery(text="Quillabamba", language="es"))
    assert _keys(results) == [document.key]
    (hit,) = results.hits
    assert hit.attachment is not None and hit.attachment.url == attachment.url
    stored = backend.client.get(index=backend.alias, id=document.key)["_source"]
    assert not [name for name in stored if name.startswith("files_")]
    assert stored["attachments"][0]["text_es"] == attachment.text
    # What a rebuild sends still carries the text to search.
    assert "Quillabamba" in PageDocument.prepare(document)["files_es"]


def test_the_plain_form_of_a_document_is_what_dataclasses_gave():
    attachment = Attachment(1, "Anexo", "/documents/1/a.pdf", "es", "pdf", "Texto")
    document = _document(4, "Título", body="Cuerpo", attachments=[attachment])
    expected = dataclasses.asdict(document)
    expected["date"] = "2020-01-04"
    expected["facets"] = {"topic": ["atencion"]}
    assert document.as_dict() == expected
    assert list(document.as_dict()) == list(expected)
    assert list(document.as_dict()["attachments"][0]) == list(expected["attachments"][0])
    assert SearchDocument.from_dict(document.as_dict()).fingerprint() == document.fingerprint()


def _index_settings(backend, alias):
    (name,) = backend._indices_of(alias)
    settings = backend.client.indices.get_settings(index=name)[name]["settings"]["index"]
    return settings.get("refresh_interval"), settings.get("translog", {}).get("durability")


def test_a_rebuild_fills_its_index_without_refreshes_or_syncs_and_serves_it_with_both(
    fresh_elasticsearch,
):
    backend = fresh_elasticsearch
    seen = []

    def progress(written):
        seen.append(_index_settings(backend, backend.building_alias))

    backend.rebuild(iter([_document(5, "Protocolo"), _document(6, "Taller")]), progress=progress)
    assert seen and set(seen) == {("-1", "async")}
    assert _index_settings(backend, backend.alias) == ("1s", "request")
    assert backend.search(SearchQuery(text="protocolo", language="es")).total == 1


def test_a_phrase_holding_a_stop_word_is_a_lookup_of_word_pairs(fresh_elasticsearch, db):
    """Stop words leave no gap in the positions: the phrase reads the indexed word pairs,
    not the positions of every document holding its words, and matches what the database
    engine matches (stop words in between skipped)."""
    backend = fresh_elasticsearch
    documents = [
        _document(7, "Violencia basada en el género"),
        _document(8, "Violencia basada género"),
        _document(9, "Género basada violencia"),
    ]
    backend.index(documents)
    query = SearchQuery(text='"violencia basada en género"', language="es")
    expected = ["page:950007:es", "page:950008:es"]
    assert sorted(_keys(backend.search(query))) == expected
    database = DatabaseSearchBackend()
    database.index(documents)
    assert sorted(_keys(database.search(query))) == expected

    phrase = alternative_query(["violencia", "basada", "en", "género"], ["title_es"])
    explained = backend.client.indices.validate_query(
        index=backend.alias, query=phrase, explain=True
    )
    explanation = explained["explanations"][0]["explanation"]
    assert explanation == 'title_es._index_phrase:"violenci basad basad gener"'


def test_an_index_built_with_another_analysis_is_not_searched_until_rebuilt(
    fresh_elasticsearch,
):
    backend = fresh_elasticsearch
    backend.index([_document(10, "Protocolo de atención")])
    # As an earlier release left it: another mapping and analysis.
    backend.client.indices.put_mapping(index=backend.alias, meta={"schema": "earlier"})
    query = SearchQuery(text="protocolo", language="es")
    with pytest.raises(SearchUnavailable, match="search_index rebuild"):
        backend.search(query)
    health = backend.health()
    assert not health.is_healthy and "search_index rebuild" in health.detail

    backend.rebuild(iter([_document(10, "Protocolo de atención")]))
    assert _keys(backend.search(query)) == ["page:950010:es"]
    assert backend.health().is_healthy


def test_with_no_facet_chosen_one_aggregation_counts_every_facet(fresh_elasticsearch, db):
    backend = fresh_elasticsearch
    documents = [_document(11, "Taller regional"), _document(12, "Taller local")]
    documents[1].facets = {"topic": ("atencion", "prevencion"), "sector": ("salud",)}
    documents[1].status = "vigente"
    backend.index(documents)
    query = SearchQuery(text="taller", language="es")
    assert list(search_request(query)["aggs"]) == ["facet_tokens"]

    database = DatabaseSearchBackend()
    database.index(documents)
    expected = database.search(query).facets
    found = backend.search(query).facets
    assert found == expected
    assert {item.value: item.count for item in found["topic"]} == {"atencion": 2, "prevencion": 1}
    assert {item.value: item.count for item in found["year"]} == {"2020": 2}
    # A facet chosen: each facet is still counted without its own selection.
    chosen = SearchQuery(text="taller", language="es", filters=Filters(topic=("prevencion",)))
    assert backend.search(chosen).facets == database.search(chosen).facets
